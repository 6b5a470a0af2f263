import { describe, expect, it } from "vitest";
import type { QueryResult } from "../engine/api.js";
import { runInTimeSlices, SliceLimitError, type TimeWindow } from "./time-slices.js";

/** A runner over events at the given times that returns at most `cap` of them, as CloudWatch does. */
function cappedRunner(times: number[], cap: number) {
  const windows: TimeWindow[] = [];
  const run = async (_query: string, window: Partial<TimeWindow>): Promise<QueryResult> => {
    windows.push(window as TimeWindow);
    const inside = times.filter((time) => time >= window.start! && time <= window.end!);
    return {
      status: "Complete",
      fields: ["t"],
      rows: inside.slice(0, cap).map((time) => ({ t: String(time) })),
      statistics: { recordsScanned: times.length, recordsMatched: inside.length, bytesScanned: 0 },
    };
  };
  return { run, windows };
}

describe("runInTimeSlices", () => {
  it("runs once when the result is below the cap", async () => {
    const { run } = cappedRunner([1, 2, 3], 10);
    const result = await runInTimeSlices(run, "q", { start: 0, end: 100 }, { cap: 10 });
    expect(result).toEqual({ rows: [{ t: "1" }, { t: "2" }, { t: "3" }], runs: 1 });
  });

  it("splits truncated windows until every row is fetched, once, oldest first", async () => {
    const times = Array.from({ length: 1000 }, (_, i) => i * 7);
    const { run, windows } = cappedRunner(times, 100);
    const result = await runInTimeSlices(run, "q", { start: 0, end: 7000 }, { cap: 100 });
    expect(result.rows.map((row) => Number(row.t))).toEqual(times);
    expect(result.runs).toBe(windows.length);
    expect(result.runs).toBeGreaterThan(10);
  });

  it("gives up when one millisecond holds more rows than the cap", async () => {
    const { run } = cappedRunner(Array.from({ length: 20 }, () => 5), 10);
    await expect(runInTimeSlices(run, "q", { start: 0, end: 10 }, { cap: 10 })).rejects.toBeInstanceOf(SliceLimitError);
  });
});
