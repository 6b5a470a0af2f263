import { Chalk } from "chalk";
import { describe, expect, it } from "vitest";
import type { QueryResult } from "../engine/api.js";
import { renderCsv } from "./csv.js";
import { formatBytes, renderFooter } from "./footer.js";
import { renderJson, renderNdjson } from "./json.js";
import { renderResult } from "./render-result.js";
import { fitColumns, renderTable } from "./table.js";

const plain = new Chalk({ level: 0 });

const result: QueryResult = {
  status: "Complete",
  fields: ["@timestamp", "status", "@message"],
  rows: [
    { "@message": 'GET /todos, "ok"', status: "200", "@timestamp": "2026-11-21 10:00:00.123" },
    { "@timestamp": "2026-11-21 10:00:01.000", "@message": "line one\nline two" },
  ],
  statistics: { recordsScanned: 4000, recordsMatched: 2, bytesScanned: 1_234_567 },
};

describe("table", () => {
  it("boxes the rows under a header, without colour when colour is off", () => {
    expect(renderTable(result, { chalk: plain })).toMatchInlineSnapshot(`
      "┌─────────────────────────┬────────┬───────────────────┐
      │ @timestamp              │ status │ @message          │
      ├─────────────────────────┼────────┼───────────────────┤
      │ 2026-11-21 10:00:00.123 │ 200    │ GET /todos, "ok"  │
      │ 2026-11-21 10:00:01.000 │        │ line one↵line two │
      └─────────────────────────┴────────┴───────────────────┘
      "
    `);
  });

  it("cuts the widest columns with an ellipsis to fit the terminal", () => {
    const long = { ...result, rows: [{ ...result.rows[0], "@message": "x".repeat(200) }] };
    const text = renderTable(long, { chalk: plain, maxWidth: 50 });
    for (const line of text.trimEnd().split("\n")) expect([...line].length).toBeLessThanOrEqual(50);
    expect(text).toContain("…");
    expect(text).toContain("│ 200    │");
    expect(text).toContain("2026-11-21 10:00:00.123");
  });

  it("colours the header only when colour is on", () => {
    const coloured = renderTable(result, { chalk: new Chalk({ level: 1 }) });
    expect(coloured).toContain("\u001b[1m@timestamp\u001b[22m");
    expect(renderTable(result, { chalk: plain })).not.toContain("\u001b[");
  });

  it("keeps short columns whole when shrinking", () => {
    expect(fitColumns([3, 40, 60], 60)).toEqual([3, 23, 23]);
    expect(fitColumns([23, 6, 46], 50)).toEqual([23, 6, 11]);
    expect(fitColumns([23, 23, 46], 40)).toEqual([10, 10, 10]);
    expect(fitColumns([3, 10], 80)).toEqual([3, 10]);
  });
});

describe("json and ndjson", () => {
  it("renders the GetQueryResults shape with keys in column order", () => {
    expect(renderJson(result)).toBe(
      '{"status":"Complete","fields":["@timestamp","status","@message"],"rows":[' +
        '{"@timestamp":"2026-11-21 10:00:00.123","status":"200","@message":"GET /todos, \\"ok\\""},' +
        '{"@timestamp":"2026-11-21 10:00:01.000","@message":"line one\\nline two"}],' +
        '"statistics":{"recordsScanned":4000,"recordsMatched":2,"bytesScanned":1234567}}\n',
    );
  });

  it("renders one row object per line", () => {
    expect(renderNdjson(result)).toBe(
      '{"@timestamp":"2026-11-21 10:00:00.123","status":"200","@message":"GET /todos, \\"ok\\""}\n' +
        '{"@timestamp":"2026-11-21 10:00:01.000","@message":"line one\\nline two"}\n',
    );
  });
});

describe("csv", () => {
  it("quotes as RFC 4180 says and leaves missing values empty", () => {
    expect(renderCsv(result)).toBe(
      "@timestamp,status,@message\r\n" +
        '2026-11-21 10:00:00.123,200,"GET /todos, ""ok"""\r\n' +
        '2026-11-21 10:00:01.000,,"line one\nline two"\r\n',
    );
  });

  it("prints only the header for no rows", () => {
    expect(renderResult({ ...result, rows: [] }, "csv", { chalk: plain })).toBe("@timestamp,status,@message\r\n");
  });
});

describe("footer", () => {
  it("counts rows and records with separators and bytes in decimal units", () => {
    expect(renderFooter(12, result.statistics)).toBe(
      "12 rows · 2 records matched · 4,000 records scanned · 1.2 MB scanned",
    );
    expect(renderFooter(1, { recordsScanned: 1, recordsMatched: 1, bytesScanned: 999 })).toBe(
      "1 row · 1 record matched · 1 record scanned · 999 B scanned",
    );
    expect(formatBytes(1500)).toBe("1.5 kB");
    expect(formatBytes(2_500_000_000)).toBe("2.5 GB");
  });
});
