import { mkdirSync, writeFileSync } from "node:fs";
import { afterAll, describe, expect, it } from "vitest";
import { tempDir } from "../test-helpers/log-dir.js";
import { runTolog } from "../test-helpers/run-tolog.js";

const many = Array.from({ length: 10_003 }, (_, n) => JSON.stringify({ timestamp: new Date(Date.UTC(2026, 10, 21) + n).toISOString(), n })).join("\n");
const dir = tempDir({ "logs/app.log": "2026-11-21T10:00:00Z started\n", "many/app.jsonl": many + "\n" });
afterAll(() => dir.remove());

describe("tolog query on local paths that hold no logs", () => {
  it("exits 1 naming a directory with no log file, in every format", async () => {
    mkdirSync(`${dir.path}/empty`, { recursive: true });
    for (const format of ["table", "json", "ndjson", "csv"]) {
      const { code, stdout, stderr } = await runTolog(["query", "stats count(*)", "--logs", `${dir.path}/empty`, "--format", format]);
      expect({ format, code, stdout }).toEqual({ format, code: 1, stdout: "" });
      expect(stderr).toMatch(/^error: .*empty" holds no log files/);
    }
  });

  it("exits 1 for a binary file, writing none of its bytes", async () => {
    writeFileSync(`${dir.path}/tool`, Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x00, 0x1b, 0x5b, 0x32, 0x4a, 0x0a]));
    const { code, stdout, stderr } = await runTolog(["query", "fields @message", "--logs", `${dir.path}/tool`]);
    expect(code).toBe(1);
    expect(stdout).toBe("");
    expect(stderr).toMatch(/tool is binary: it holds no log events/);
    expect(stderr).not.toMatch(/\x1b\[2J/);
  });
});

describe("tolog query: rows cut at the row cap", () => {
  it("says so on stderr in every format, with the flag that raises the cap", async () => {
    for (const format of ["table", "json", "ndjson", "csv"]) {
      const { code, stderr } = await runTolog(["query", "fields n", "--logs", `${dir.path}/many`, "--format", format]);
      expect({ format, code }).toEqual({ format, code: 0 });
      expect(stderr).toMatch(/warning: only the first 10,000 rows are shown: more rows matched than the row cap lets through; raise it with --limit N \(up to 100,000\)/);
    }
    const ndjson = await runTolog(["query", "fields n", "--logs", `${dir.path}/many`, "--format", "ndjson"]);
    expect(ndjson.stdout.trim().split("\n")).toHaveLength(10_000);
  });

  it("speaks of one row as one row", async () => {
    const { stderr } = await runTolog(["query", "fields n", "--logs", `${dir.path}/many`, "--limit", "1", "--format", "csv"]);
    expect(stderr).toMatch(/warning: only the first row is shown: more rows matched than the row cap lets through; raise it with --limit N/);
  });

  it("puts it in the JSON document", async () => {
    const { stdout } = await runTolog(["query", "fields n", "--logs", `${dir.path}/many`, "--format", "json"]);
    const document = JSON.parse(stdout) as { rows: unknown[]; truncated?: unknown };
    expect(document.rows).toHaveLength(10_000);
    expect(document.truncated).toEqual({ rowCap: 10_000, raiseWith: "--limit", maxLimit: 100_000 });
  });

  it("says nothing once --limit lets every row through", async () => {
    const { stdout, stderr } = await runTolog(["query", "fields n", "--logs", `${dir.path}/many`, "--format", "json", "--limit", "20000"]);
    expect(stderr).toBe("");
    expect((JSON.parse(stdout) as { rows: unknown[]; truncated?: unknown }).truncated).toBeUndefined();
  });
});

describe("tolog query: notes on a query that runs, but not as written", () => {
  it("names a bin() over its unit's cap, with the query underlined, and runs it as CloudWatch does", async () => {
    const { code, stdout, stderr } = await runTolog(["query", "stats count(*) as n by bin(90s) as t", "--logs", `${dir.path}/many`, "--format", "csv"]);
    expect(code).toBe(0);
    expect(stdout).toBe("t,n\r\n2026-11-21 00:00:00.000,10003\r\n");
    expect(stderr).toBe(
      [
        "warning[TL801]: bin(90s) is bin(60s): CloudWatch caps a period in seconds at 60",
        " --> 1:28",
        "  |",
        "1 | stats count(*) as n by bin(90s) as t",
        "  |                            ^^^",
        "  = help: 90 seconds is not a whole number of minutes: write e.g. bin(1m) or bin(2m)",
        "",
      ].join("\n"),
    );
  });

  it("says nothing of a period under its cap", async () => {
    const { stderr } = await runTolog(["query", "stats count(*) by bin(1m)", "--logs", `${dir.path}/many`, "--format", "csv"]);
    expect(stderr).toBe("");
  });
});
