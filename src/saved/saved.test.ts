import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { UserError } from "../shared/errors.js";
import { findSavedQuery, listSavedQueries } from "./load.js";
import { bindParams, parseParamArgs } from "./params.js";
import { scanPlaceholders } from "./placeholders.js";
import { sampleValues } from "./sample-values.js";
import { parseInlineQuery, parseSavedQuery } from "./saved-query.js";
import { substitute, toLiteral } from "./substitute.js";

const TRACE = `# description: Every event of one request, oldest first.
# param request_id: The request id to trace.
# param min_ms = 100: Only statements slower than this many ms.
fields @timestamp, @message
| filter request_id = {{request_id}} and duration_ms > {{min_ms}}
| sort @timestamp asc
`;

describe("length", () => {
  it("a query longer than CloudWatch takes (10,000 characters) is a problem, saved or inline", () => {
    const long = `filter ${Array.from({ length: 700 }, (_, i) => `msg = "value${String(i).padStart(5, "0")}"`).join(" or ")} | stats count(*)`;
    const saved = parseSavedQuery("long", `# description: Long.\n${long}\n`);
    expect(saved.problems).toEqual([{ line: 2, message: expect.stringContaining(`the query is ${long.length.toLocaleString("en-US")} characters long; CloudWatch Logs Insights takes at most 10,000`) }]);
    expect(parseInlineQuery(long).problems).toEqual([expect.objectContaining({ message: expect.stringContaining("takes at most 10,000") })]);
    expect(parseInlineQuery(long.slice(0, 10_000)).problems).toEqual([]);
  });
});

describe("header", () => {
  it("reads the description, required and defaulted params, and the body", () => {
    const { query, problems } = parseSavedQuery("trace", TRACE);
    expect(problems).toEqual([]);
    expect(query.description).toBe("Every event of one request, oldest first.");
    expect(query.params).toEqual([
      { name: "request_id", default: undefined, description: "The request id to trace." },
      { name: "min_ms", default: "100", description: "Only statements slower than this many ms." },
    ]);
    expect(query.body.startsWith("fields @timestamp")).toBe(true);
  });

  it("takes a quoted default that holds a colon", () => {
    const { query, problems } = parseSavedQuery("q", '# param at = "10:00": A time.\nfilter t = {{at}}');
    expect(problems).toEqual([]);
    expect(query.params[0].default).toBe("10:00");
  });

  it("reports header mistakes with their line numbers", () => {
    const text = [
      "# description: x",
      "# param bad line",
      "# params other: typo",
      "# param a = : empty default",
      "# param a: twice",
      "filter x = {{a}}",
    ].join("\n");
    const lines = parseSavedQuery("q", text).problems.map((p) => p.line);
    expect(lines).toEqual([2, 3, 4, 5]);
  });

  it("rejects placeholders inside literals, undeclared ones and unused params", () => {
    const text = [
      "# param a: A.",
      "# param unused: Never used.",
      'filter x = "{{a}}" and y like /{{a}}/',
      "| filter z = {{b}}",
      "| filter w = {{a}}",
    ].join("\n");
    const problems = parseSavedQuery("q", text).problems;
    expect(problems.map((p) => [p.line, p.message.split(" ")[0]])).toEqual([
      [3, "{{a}}"],
      [3, "{{a}}"],
      [4, "{{b}}"],
      [2, 'parameter'],
    ]);
    expect(problems[0].message).toContain("inside a string");
    expect(problems[1].message).toContain("inside a regex");
  });
});

describe("placeholders", () => {
  it("ignores comments and tells regexes from divisions", () => {
    const found = scanPlaceholders(
      "# {{in_comment}}\nfields a / {{d}} | parse @message /x{{r}}/ | filter m like /{{l}}/ | limit {{n}}",
    ).placeholders;
    expect(found.map((p) => [p.name, p.context, p.previous])).toEqual([
      ["d", "code", "/"],
      ["r", "regex", undefined],
      ["l", "regex", undefined],
      ["n", "code", "limit"],
    ]);
  });
});

describe("substitution", () => {
  it("turns numbers into number literals and anything else into escaped strings", () => {
    expect(toLiteral("100")).toBe("100");
    expect(toLiteral("-2.5")).toBe("-2.5");
    expect(toLiteral("1e5")).toBe('"1e5"');
    expect(toLiteral('a"b\\c\nd')).toBe('"a\\"b\\\\c\\nd"');
  });

  it("keeps an injection attempt inside one string literal", () => {
    const attack = 'x" | display @message | filter "1';
    const out = substitute('filter request_id = {{id}} | limit 5', { id: attack });
    expect(out).toBe('filter request_id = "x\\" | display @message | filter \\"1" | limit 5');
    // Rescanning finds one string literal spanning the whole value: no new pipe is outside it.
    const outsideStrings = out.replace(/"(?:[^"\\]|\\.)*"/g, '""');
    expect(outsideStrings).toBe('filter request_id = "" | limit 5');
  });

  it("does not expand placeholders inside values", () => {
    expect(substitute("filter a = {{a}} and b = {{b}}", { a: "{{b}}", b: "2" })).toBe(
      'filter a = "{{b}}" and b = 2',
    );
  });
});

describe("parameters", () => {
  const { query } = parseSavedQuery("trace", TRACE, "queries/trace.insights");

  it("binds given values over defaults", () => {
    expect(bindParams(query, parseParamArgs(["request_id=abc"]))).toEqual({ request_id: "abc", min_ms: "100" });
    expect(bindParams(query, parseParamArgs(["request_id=a=b", "min_ms=5"]))).toEqual({
      request_id: "a=b",
      min_ms: "5",
    });
  });

  it("names a missing required parameter with an example", () => {
    expect(() => bindParams(query, new Map())).toThrow(/Missing parameter "request_id"/);
    try {
      bindParams(query, new Map());
    } catch (error) {
      expect((error as UserError).hint).toBe("Pass it with --param request_id=VALUE, e.g. --param request_id=abc123.");
    }
  });

  it("lists the known parameters for an unknown one, with did-you-mean", () => {
    try {
      bindParams(query, parseParamArgs(["request=abc"]));
      expect.unreachable();
    } catch (error) {
      expect((error as UserError).message).toBe('Unknown parameter "request" for saved query "trace".');
      expect((error as UserError).hint).toBe('Did you mean "request_id"? It takes: request_id, min_ms.');
    }
  });

  it("rejects --param without a name", () => {
    expect(() => parseParamArgs(["=x"])).toThrow(/not name=value/);
    expect(() => parseParamArgs(["novalue"])).toThrow(/not name=value/);
  });

  it("samples required params by the type their use needs", () => {
    const { query: limited } = parseSavedQuery("q", "# param n: N.\n# param id: Id.\nfilter x = {{id}} | limit {{n}}");
    expect(sampleValues(limited)).toEqual({ n: "1", id: "sample" });
  });
});

describe("loading", () => {
  const dirs: string[] = [];
  afterEach(() => dirs.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true })));

  function dirWith(files: Record<string, string>): string {
    const dir = mkdtempSync(join(tmpdir(), "tolog-saved-"));
    dirs.push(dir);
    mkdirSync(dir, { recursive: true });
    for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
    return dir;
  }

  it("lists by name; an earlier directory hides the same name in a later one", () => {
    const mine = dirWith({ "errors.insights": "# description: mine\nfields a" });
    const bundled = dirWith({
      "errors.insights": "# description: bundled\nfields a",
      "trace.insights": TRACE,
      "notes.txt": "not a query",
    });
    const all = listSavedQueries([mine, bundled]);
    expect(all.map((q) => [q.query.name, q.query.description])).toEqual([
      ["errors", "mine"],
      ["trace", "Every event of one request, oldest first."],
    ]);
  });

  it("finds by name the query the list gives that name, whichever directory holds it", () => {
    const mine = dirWith({ "errors.insights": "# description: mine\nfields a" });
    const bundled = dirWith({ "errors.insights": "# description: bundled\nfields a", "trace.insights": TRACE, "x.insights.txt": "fields b" });
    const dirs = [join(mine, "missing"), mine, bundled];
    for (const { query } of listSavedQueries(dirs)) expect(findSavedQuery(query.name, dirs)).toEqual(listSavedQueries(dirs).find((q) => q.query.name === query.name));
    expect(findSavedQuery("errors", dirs).query.description).toBe("mine");
    for (const name of ["x", "x.insights", "../" + basename(bundled) + "/trace", "Trace"]) expect(() => findSavedQuery(name, dirs), name).toThrow(UserError);
  });

  it("suggests the closest name for an unknown one", () => {
    const dir = dirWith({ "trace.insights": TRACE });
    expect(() => findSavedQuery("trac", [dir])).toThrow(UserError);
    try {
      findSavedQuery("trac", [dir]);
    } catch (error) {
      expect((error as UserError).hint).toContain('Did you mean "trace"?');
    }
  });
});
