import { describe, expect, test } from "vitest";
import { queryNotes } from "./notes.js";
import { renderDiagnostics } from "./report.js";

function notes(text: string): string[] {
  return queryNotes(text).map((n) => `${n.code} ${text.slice(n.span.start, n.span.end)}: ${n.message} (${n.help})`);
}

describe("queryNotes: periods over their unit's cap", () => {
  test("a capped bin() is named with the period it becomes and one that says what was meant", () => {
    expect(notes("stats count(*) by bin(300s)")).toEqual([
      "TL801 300s: bin(300s) is bin(60s): CloudWatch caps a period in seconds at 60 (write bin(5m) for 300 seconds)",
    ]);
  });

  test("every capped unit, in bin, datefloor, dateceil and upper case", () => {
    const found = notes("fields datefloor(@timestamp, 90m) as a, DATECEIL(@timestamp, 48h) as b | stats count(*) by BIN(2000ms)");
    expect(found.map((n) => n.split(":")[0])).toEqual(["TL801 90m", "TL801 48h", "TL801 2000ms"]);
    expect(found[0]).toContain("90m is 60m in datefloor()");
    expect(found[0]).toContain("90 minutes is not a whole number of hours: write e.g. 1h or 2h");
    expect(found[1]).toContain("write 2d for 48 hours");
    expect(found[2]).toContain("BIN(2000ms) is BIN(1000ms): CloudWatch caps a period in milliseconds at 1000");
    expect(found[2]).toContain("write BIN(2s)");
    expect(notes("stats count(*) by bin(25h)")[0]).toContain("25 hours is not a whole number of days: write e.g. bin(1d) or bin(2d)");
  });

  test("periods at or under the caps, uncapped units, rate() and offset are not noted", () => {
    expect(notes("stats count(*) by bin(60s), bin(1000ms), bin(24h), bin(400d), bin(30mo) offset 300s")).toEqual([]);
    expect(notes("stats rate(bytes, 300s) by bin(1h)")).toEqual([]);
  });

  test("a query that does not parse has no notes (its errors say more)", () => {
    expect(notes("stats count(*) by bin(300s) |")).toEqual([]);
  });

  test("rendered as a warning, not an error", () => {
    const text = "stats count(*) by bin(300s)";
    expect(renderDiagnostics(text, queryNotes(text), { color: false })).toMatchInlineSnapshot(`
      "warning[TL801]: bin(300s) is bin(60s): CloudWatch caps a period in seconds at 60
       --> 1:23
        |
      1 | stats count(*) by bin(300s)
        |                       ^^^^
        = help: write bin(5m) for 300 seconds"
    `);
  });
});
