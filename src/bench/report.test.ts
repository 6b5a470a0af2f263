import { describe, expect, it } from "vitest";
import { failures, median, renderTable, summarize, type Measurement } from "./report.js";

describe("bench summary", () => {
  it("takes the median of the times, the range of wall times and the highest peak RSS", () => {
    const runs = [
      { ms: 1900, cpuMs: 3500, maxRssMb: 170, rows: 8 },
      { ms: 1500, cpuMs: 3000, maxRssMb: 180, rows: 8 },
      { ms: 1700, cpuMs: 3100, maxRssMb: 175, rows: 8 },
    ];
    expect(summarize(runs)).toEqual({ ms: 1700, cpuMs: 3100, maxRssMb: 180, rows: 8, minMs: 1500, maxMs: 1900, runs: 3 });
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });

  it("reports a failed run rather than a median of the others", () => {
    expect(summarize([{ ms: 1, cpuMs: 1, maxRssMb: 1 }, { error: "timed out after 600 s" }])).toEqual({ error: "timed out after 600 s" });
  });
});

describe("bench failures", () => {
  it("names each tool that failed on a query once, with its reason", () => {
    const error = { error: "Invalid Input Error: Malformed JSON" };
    const measurements = [
      { name: "stats count by bin(1m), status", tool: "tolog", result: summarize([{ ms: 1, cpuMs: 1, maxRssMb: 1 }]) },
      { name: "stats count by bin(1m), status", tool: "duckdb", result: error },
      { name: "stats count by bin(1m), status", tool: "duckdb in-process", result: error },
      { name: "parse url + filter", tool: "jq", result: { error: "timed out after 600 s" } },
    ];
    expect(failures(measurements)).toEqual([
      'duckdb failed on "stats count by bin(1m), status": Invalid Input Error: Malformed JSON',
      'jq failed on "parse url + filter": timed out after 600 s',
    ]);
  });
});

describe("bench report", () => {
  const manifest = { generator: 1, seed: 1, targetBytes: 1e9, bytes: 1_000_123_456, events: 2_360_456, requests: 590_114, needleRequestId: "x", groupDir: "taskoverflow" };
  const env = { cores: 2, node: "v20.20.2", notes: ["jq: not run on the VPC row (a sum by address pair in jq takes time quadratic in the pairs: 20 s for 2 MB)"] };
  const run = (ms: number, rows: number) => summarize([{ ms, cpuMs: ms * 1.8, maxRssMb: 166.4, rows }, { ms: ms * 1.2, cpuMs: ms * 2, maxRssMb: 170, rows }]);
  const measurements: Measurement[] = [
    { name: "parse url + filter", tool: "tolog", result: run(1190, 10_000) },
    { name: "parse url + filter", tool: "duckdb", result: run(1160, 10_000) },
    { name: "parse url + filter", tool: "jq", result: run(31_400, 10_000) },
    { name: "parse url + filter", tool: "duckdb in-process", result: run(960, 10_000) },
    { name: "VPC: stats sum(bytes) by srcAddr, dstAddr", tool: "duckdb", result: { error: "Invalid Input Error: Malformed JSON in file \"taskoverflow/ip-10-0-1-17.jsonl\", at byte 1 in record/value 2: unexpected character." } },
    { name: "VPC: stats sum(bytes) by srcAddr, dstAddr", tool: "tolog", result: run(1430, 10_000), data: { bytes: 1e9, events: 8_970_014 } },
    { name: "read every event (no query)", tool: "tolog source", result: summarize([{ ms: 900, cpuMs: 880, maxRssMb: 70 }]) },
  ];

  it("fits every line in 80 columns when the terminal is 80 wide, each tool's time still there", () => {
    const text = renderTable(measurements, manifest, env, 80);
    const long = text.split("\n").filter((line) => line.length > 80);
    expect(long).toEqual([]);
    for (const time of ["1.31", "1.28", "34.54", "1.06", "1.57", "0.90"]) expect(text).toContain(time);
    expect(text).toContain("Malformed JSON");
  });

  it("keeps the wide table when there is no terminal, or one wide enough for it", () => {
    const wide = renderTable(measurements, manifest, env);
    expect(wide).toMatch(/^query {2,}tool {2,}wall s {2,}wall range {2,}cpu s {2,}MB\/s {2,}events\/s {2,}peak RSS MB {2,}rows {2,}vs DuckDB in-process {2,}vs DuckDB process$/m);
    expect(renderTable(measurements, manifest, env, 300)).toBe(wide);
  });
});
