import { Chalk } from "chalk";
import { describe, expect, it } from "vitest";
import type { QueryResult } from "../engine/api.js";
import { renderCsv } from "./csv.js";
import { formatBytes, renderFooter } from "./footer.js";
import { renderJson, renderNdjson } from "./json.js";
import { renderResult } from "./render-result.js";
import { roundForDisplay } from "./display-number.js";
import { fitWidths, type FitColumn } from "./fit-widths.js";
import { tableWithNote, renderTable } from "./table.js";
import { textWidth } from "./text-width.js";
import { shellLines } from "./shell-lines.js";

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
  const table = (data: typeof result, maxWidth?: number) => renderTable(data, { chalk: plain, maxWidth }).text;

  it("boxes the rows under a header, without colour when colour is off", () => {
    expect(table(result)).toMatchInlineSnapshot(`
      "┌─────────────────────────┬────────┬───────────────────┐
      │ @timestamp              │ status │ @message          │
      ├─────────────────────────┼────────┼───────────────────┤
      │ 2026-11-21 10:00:00.123 │    200 │ GET /todos, "ok"  │
      │ 2026-11-21 10:00:01.000 │        │ line one↵line two │
      └─────────────────────────┴────────┴───────────────────┘
      "
    `);
  });

  it("colours the header only when colour is on", () => {
    const coloured = renderTable(result, { chalk: new Chalk({ level: 1 }) }).text;
    expect(coloured).toContain("\u001b[1m@timestamp\u001b[22m");
    expect(table(result)).not.toContain("\u001b[");
  });

  it("never writes control characters raw: escapes, bells and binary bytes are shown as stand-ins", () => {
    const hostile = { ...result, rows: [{ "@timestamp": "2026-11-21 10:00:00.123", "@message": "\u001b[2J\u001b]0;owned\u0007 \u0000\u0008\u009b\u202eabc" }] };
    const text = table(hostile, 80);
    expect(text).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202e]/);
    expect(text).toContain("␛[2J␛]0;owned␇ ␀␈\\u009b\\u202eabc");
  });
});

describe("table fitted to the terminal", () => {
  const wide: typeof result = {
    status: "Complete",
    fields: ["@timestamp", "route", "request_id", "total_ms", "@message", "@ptr"],
    rows: [
      {
        "@timestamp": "2026-11-21 20:21:58.773",
        route: "/api/v1/todos/:id",
        request_id: "eff4b911-e792-4db6-bc2e-548802952d89",
        total_ms: "2990439.2179999948",
        "@message": '{"level":"info","event":"request_finished","duration_ms":1388.995}',
        "@ptr": "Qk6LJ4U02-04x8gm",
      },
      { "@timestamp": "2026-11-21 20:22:00.064", route: "/api/v1/todos", request_id: "r2", total_ms: "17", "@message": "short", "@ptr": "Qk6LJ4U02-04x7t1" },
    ],
    statistics: result.statistics,
  };
  const lines = (text: string) => text.trimEnd().split("\n");

  it("at 80 columns keeps times, ids, labels and numbers whole, cuts the free text, and names what it left out", () => {
    const { text, dropped } = renderTable(wide, { chalk: plain, maxWidth: 80 });
    for (const line of lines(text)) expect(textWidth(line)).toBeLessThanOrEqual(80);
    expect(text).toContain("2026-11-21 20:21:58.773");
    expect(text).toContain("/api/v1/todos/:id");
    expect(text).toContain('{"level":"info"…');
    expect(text).toContain("2990439.218");
    expect(text).not.toContain("2990439.2179");
    // As few columns as possible: the widest low-priority one rather than two narrower ones.
    expect(dropped).toEqual(["request_id", "@ptr"]);
    for (const header of dropped) expect(lines(text)[1]).not.toContain(header);
    const numbers = renderTable(wide, { chalk: plain, maxWidth: 120 });
    expect(numbers.dropped).toEqual(["@ptr"]);
    expect(numbers.text).toContain("eff4b911-e792-4db6-bc2e-548802952d89");

  });

  it("at 200 columns shows everything whole, numbers right-aligned", () => {
    const { text, dropped } = renderTable(wide, { chalk: plain, maxWidth: 200 });
    expect(dropped).toEqual([]);
    expect(text).toContain('"duration_ms":1388.995}');
    expect(text).not.toContain("…");
    expect(text).toContain("Qk6LJ4U02-04x8gm");
    expect(text).toMatch(/│ +17 │/);
    expect(text).toMatch(/│ 2990439\.218 │/);
  });

  it("cuts the free text before leaving anything out", () => {
    const { text, dropped } = renderTable(wide, { chalk: plain, maxWidth: 160 });
    expect(dropped).toEqual([]);
    expect(text).toContain("…");
    for (const line of lines(text)) expect(textWidth(line)).toBeLessThanOrEqual(160);
  });

  it("says which columns were left out, for stderr", () => {
    expect(tableWithNote(wide, { chalk: plain, maxWidth: 80 }).note).toMatch(/^columns left out to fit 80 columns: request_id, @ptr /);
    expect(tableWithNote(wide, { chalk: plain, maxWidth: 200 }).note).toBeUndefined();
  });
});

describe("fitWidths", () => {
  const col = (role: FitColumn["role"], natural: number, priority = 0, min = 4): FitColumn => ({ role, natural, min: role === "text" || role === "chart" ? min : natural, priority });

  it("leaves widths alone when they fit", () => {
    expect(fitWidths([col("label", 3), col("text", 10)], 80)).toEqual([3, 10]);
  });

  it("cuts text columns to a common cap, the widest losing most", () => {
    expect(fitWidths([col("number", 3), col("text", 40), col("text", 60)], 60 + 10)).toEqual([3, 28, 28]);
    expect(fitWidths([col("timestamp", 23), col("label", 6), col("text", 46)], 50 + 10)).toEqual([23, 6, 21]);
  });

  it("cuts charts only once the text is at its narrowest", () => {
    expect(fitWidths([col("text", 40, 0, 12), col("chart", 30, 0, 10)], 7 + 40)).toEqual([12, 28]);
    expect(fitWidths([col("text", 40, 0, 12), col("chart", 30, 0, 10)], 7 + 22)).toEqual([12, 10]);
  });

  it("leaves out the lowest priority column (the rightmost among equals) when cutting is not enough", () => {
    expect(fitWidths([col("timestamp", 23, 2), col("id", 36, 1), col("number", 8, 1)], 23 + 36 + 7)).toEqual([23, 36, null]);
    expect(fitWidths([col("timestamp", 23, 2), col("id", 36, 0), col("number", 8, 1)], 23 + 8 + 7)).toEqual([23, null, 8]);
  });

  it("cuts everything only when not even one column fits whole", () => {
    expect(fitWidths([col("id", 36), col("id", 36)], 20)).toEqual([16, null]);
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
    expect(renderResult({ ...result, rows: [] }, "csv", { chalk: plain }).text).toBe("@timestamp,status,@message\r\n");
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

describe("numbers for display", () => {
  it("rounds long fractions on the digits, and leaves everything else as it is", () => {
    expect(roundForDisplay("2990439.2179999948")).toBe("2990439.218");
    expect(roundForDisplay("0.30000000000000004")).toBe("0.3");
    expect(roundForDisplay("0.000123456")).toBe("0.000123");
    expect(roundForDisplay("9.9996")).toBe("10");
    expect(roundForDisplay("-1.23456")).toBe("-1.235");
    expect(roundForDisplay("1266.174")).toBe("1266.174");
    expect(roundForDisplay("1234567890123456789")).toBe("1234567890123456789");
    expect(roundForDisplay("12345678901234567890.12345")).toBe("12345678901234567890.123");
    expect(roundForDisplay("1e999")).toBe("1e999");
    expect(roundForDisplay("8e91234")).toBe("8e91234");
  });
});

describe("shell lines", () => {
  it("cuts a command on spaces outside quotes, continuing each line with a backslash", () => {
    const lines = shellLines("next: npx tolog trace abc --logs 'my logs dir' --start 2026-11-21T20:21:58.773Z", 30);
    expect(lines).toEqual(["next: npx tolog trace abc \\", "  --logs 'my logs dir' \\", "  --start \\", "  2026-11-21T20:21:58.773Z"]);
    for (const line of lines) expect(line.length).toBeLessThanOrEqual(30);
    expect(shellLines("npx tolog trace abc", 80)).toEqual(["npx tolog trace abc"]);
  });
});

describe("analysis records without float noise", () => {
  it("writes a fraction at 15 significant digits, integers and other values as they are", async () => {
    const { renderRecordsNdjson, recordsToTabular } = await import("./records.js");
    const records = [{ sql_ms: 375450.56999999966, delta: -71.74900000000001, n: 3, big: 1e21, tiny: 1.25e-7, list: [0.1 + 0.2] }];
    expect(renderRecordsNdjson(records)).toBe('{"sql_ms":375450.57,"delta":-71.749,"n":3,"big":1e+21,"tiny":1.25e-7,"list":[0.3]}\n');
    expect(recordsToTabular(records).rows[0]).toMatchObject({ sql_ms: "375450.57", list: "[0.3]" });
  });
});
