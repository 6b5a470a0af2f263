import { describe, expect, test } from "vitest";
import { parse } from "./parser.js";
import { renderDiagnostics } from "./report.js";

function render(text: string): string {
  return renderDiagnostics(text, parse(text).diagnostics, { color: false });
}

describe("renderDiagnostics", () => {
  test("unknown command with a suggestion", () => {
    expect(render("filtr a = 1")).toMatchInlineSnapshot(`
      "error[TL201]: unknown command "filtr"
       --> 1:1
        |
      1 | filtr a = 1
        | ^^^^^
        = help: did you mean "filter"?"
    `);
  });

  test("a multi-line query points at the right line", () => {
    expect(render("fields a\n| filter b = \n| limit 5")).toMatchInlineSnapshot(`
      "error[TL203]: expected an expression, found "|"
       --> 2:13
        |
      2 | | filter b = 
        |             ^"
    `);
  });

  test("several diagnostics, each in its own block", () => {
    expect(render('fields a,, b | stats count(*) as\n| parse @message "x=*"')).toMatchInlineSnapshot(`
      "error[TL203]: expected an expression, found ","
       --> 1:10
        |
      1 | fields a,, b | stats count(*) as
        |          ^

      error[TL204]: expected a name after as, found "|"
       --> 1:33
        |
      1 | fields a,, b | stats count(*) as
        |                                 ^
        = help: write expr as name (use backticks for names with spaces or dashes)

      error[TL206]: expected "as" and a name for each * of the glob, found end of query
       --> 2:23
        |
      2 | | parse @message "x=*"
        |                       ^
        = help: write parse @message "user=*" as user"
    `);
  });

  test("a span over several lines underlines each of them", () => {
    const text = "join left=a right=b where a.k =\n  c.k (fields k)";
    expect(render(text)).toMatchInlineSnapshot(`
      "error[TL305]: each side of the join key names its alias (a. and b.)
       --> 1:27
        |
      1 | join left=a right=b where a.k =
        |                           ^^^^^
      2 |   c.k (fields k)
        | ^^^^^
        = help: write where a.key = b.key"
    `);
  });

  test("line numbers of two digits widen the gutter", () => {
    const text = `fields a\n${"| fields a\n".repeat(8)}| limit x`;
    expect(render(text)).toMatchInlineSnapshot(`
      "error[TL205]: expected a whole number of rows after limit, found "x"
        --> 10:9
         |
      10 | | limit x
         |         ^
         = help: write limit 20 or limit any 20"
    `);
  });

  test("colour is added only when asked", () => {
    const text = "filtr a";
    const diagnostics = parse(text).diagnostics;
    expect(renderDiagnostics(text, diagnostics, { color: false })).not.toContain("\u001b[");
    expect(renderDiagnostics(text, diagnostics, { color: true })).toContain("\u001b[");
  });

  test("no diagnostics renders nothing", () => {
    expect(renderDiagnostics("fields a", [], { color: false })).toBe("");
  });

  test("a very long line is shown as a window around the position, each line at most 80 columns", () => {
    // 5,000 `not`: the position (the 101st level) is far into a 20,000-character line.
    const text = `filter ${"not ".repeat(5000)}a`;
    const [diagnostic] = parse(text).diagnostics;
    const lines = render(text).split("\n");
    const source = lines.find((line) => line.startsWith("1 | "))!;
    for (const line of lines.slice(0, lines.indexOf(source) + 2)) expect(line.length).toBeLessThanOrEqual(80);
    const carets = lines[lines.indexOf(source) + 1];
    const column = carets.indexOf("^");
    // The excerpt's text under the first caret is the query's text at the diagnostic's start.
    expect(source.slice(column, column + 12)).toBe(text.slice(diagnostic.span.start, diagnostic.span.start + 12));
    expect(source).toMatch(/^1 \| …not not/);
    expect(source.endsWith("…")).toBe(true);
  });

  test("a position near the end of a long line keeps the line's end", () => {
    const text = `filter ${"a = 1 and ".repeat(20)}b = `;
    const lines = render(text).split("\n");
    for (const line of lines) expect(line.length).toBeLessThanOrEqual(80);
    const source = lines.find((line) => line.startsWith("1 | "))!;
    expect(source.startsWith("1 | …")).toBe(true);
    expect(source.endsWith("b = ")).toBe(true);
    // The caret stands at the end, where the expression is missing.
    expect(lines[lines.indexOf(source) + 1].length).toBeGreaterThanOrEqual(source.length);
  });
});
