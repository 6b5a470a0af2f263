import { describe, expect, it } from "vitest";
import { failures, median, summarize } from "./report.js";

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
