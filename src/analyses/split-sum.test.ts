import { describe, expect, it } from "vitest";
import { roundMs } from "./percentile.js";
import { SplitSum } from "./split-sum.js";
import type { TimeSplit } from "./time-split.js";

function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

function split(totalMs: number, poolWaitMs: number, sqlMs: number): TimeSplit {
  return {
    totalMs, totalFrom: "finished", poolWaitMs, sqlMs, sqlInferred: false, beforeFirstLineMs: 0, otherMs: roundMs(totalMs - poolWaitMs - sqlMs),
    statements: 1, statementsWithoutPoolWait: 0, overlapping: false, clipped: false, missing: [],
  } as unknown as TimeSplit;
}

// Every part of a request's split is whole microseconds; added one by one in doubles, 9,000 of
// them gathered rounding noise (3259700.73500001 ms in latency's csv, where JSON said .735).
describe("SplitSum", () => {
  it("adds microsecond figures to the microsecond sum, in whatever order they come", () => {
    const next = random(7);
    const splits: TimeSplit[] = [];
    const micros = { total: 0, wait: 0, sql: 0, other: 0 };
    for (let i = 0; i < 9000; i++) {
      const sql = Math.floor(next() * 200_000);
      const wait = Math.floor(next() * 1_500_000);
      const other = Math.floor(next() * 30_000);
      splits.push(split((sql + wait + other) / 1000, wait / 1000, sql / 1000));
      micros.total += sql + wait + other;
      micros.wait += wait;
      micros.sql += sql;
      micros.other += other;
    }
    for (const order of [splits, [...splits].reverse()]) {
      const sum = new SplitSum();
      for (const s of order) sum.add(s);
      const totals = sum.totals();
      expect(totals.totalMs).toBe(micros.total / 1000);
      expect(totals.poolWaitMs).toBe(micros.wait / 1000);
      expect(totals.sqlMs).toBe(micros.sql / 1000);
      expect(totals.otherMs).toBe(micros.other / 1000);
    }
  });
});
