import { describe, expect, it } from "vitest";
import { compilePlan } from "../run.js";
import { Pipeline } from "./pipeline.js";
import { partialStats, type StatsSpec } from "./stats.js";
import { Row } from "../record.js";
import { renderValue } from "../render.js";
import type { LogEvent } from "../source.js";
import { seededRandom } from "../../prng.js";
import { mixedEvents } from "../test/stats-events.js";

/**
 * A stats that adds its rows in batches (stats-batch.ts) gives what it gives a row at a time:
 * the same groups in the same order, the same values to the last digit, the same partial states
 * for a worker's message, and the same answer when asked midway (`--follow`). `batchFrom` starts
 * the batches at once, after one group, or partway into a batch.
 */
const QUERIES = [
  "stats sum(bytes) by srcAddr, dstAddr",
  "stats count(*), count(dstAddr), avg(packets), sum(bytes) by action, dstPort, srcAddr",
  "stats sum(x), avg(x), count(x), count(*) by k, srcAddr",
  // fromMillis of 1e308 is past the last date: null, which a sum and an average skip.
  "stats sum(fromMillis(x)), avg(fromMillis(x)), count(*) by k, srcAddr",
  // pct takes no batch: the stats adds a row at a time throughout.
  "stats pct(bytes, 90), sum(bytes) by srcAddr, dstAddr",
];
const BATCH_FROM = [0, 1, 37];

function events(random: () => number, n: number): LogEvent[] {
  return mixedEvents(random, n, { subnets: 8, hosts: 40 });
}

function planOf(query: string, batchFrom?: number) {
  const { plan } = compilePlan(query, { now: 0 });
  if (plan.partial?.kind !== "stats") throw new Error(`${query}: no stats to batch`);
  plan.partial.spec.batchFrom = batchFrom;
  return { plan, spec: plan.partial.spec };
}

function rendered(query: string, rows: Row[]): Array<Record<string, string | undefined>> {
  const { plan } = compilePlan(query, { now: 0 });
  return rows.map((row) => Object.fromEntries(plan.columns.map((c) => [c.name, renderValue(c.value(row))])));
}

/** The rows of `query` over `all`, and its answer asked for after `midway` rows. */
function run(query: string, all: LogEvent[], midway: number, batchFrom?: number): { midway: unknown; whole: unknown } {
  const { plan } = planOf(query, batchFrom);
  const pipeline = new Pipeline(plan.stages);
  let asked: unknown;
  all.forEach((e, i) => {
    if (i === midway) asked = rendered(query, pipeline.partial());
    pipeline.push(new Row(e, i, plan.counter));
  });
  return { midway: asked, whole: rendered(query, pipeline.finish()) };
}

function partialGroups(query: string, all: LogEvent[], batchFrom?: number): unknown {
  const { plan, spec } = planOf(query, batchFrom);
  const stats = partialStats(spec as StatsSpec);
  all.forEach((e, i) => stats.push(new Row(e, i, plan.counter)));
  return structuredClone(stats.groups());
}

describe("stats in batches", () => {
  for (const query of QUERIES) {
    it(`gives a row at a time's answer, midway and at the end: ${query}`, () => {
      const random = seededRandom(query.length + 7);
      for (let round = 0; round < 3; round++) {
        const all = events(random, 300 + Math.floor(random() * 3000));
        const midway = Math.floor(random() * all.length);
        const expected = run(query, all, midway, Number.POSITIVE_INFINITY);
        expect((expected.whole as unknown[]).length).toBeGreaterThan(50);
        for (const from of BATCH_FROM) expect(run(query, all, midway, from)).toEqual(expected);
      }
    });

    it(`sends a row at a time's partial groups: ${query}`, () => {
      const all = events(seededRandom(query.length), 2500);
      const expected = partialGroups(query, all, Number.POSITIVE_INFINITY);
      for (const from of BATCH_FROM) expect(partialGroups(query, all, from)).toEqual(expected);
    });
  }

  it("stops at the group bound as a row at a time does", () => {
    const all = events(seededRandom(3), 2000);
    const query = "stats sum(bytes) by srcAddr, dstAddr";
    for (const from of [0, 5, Number.POSITIVE_INFINITY]) {
      const { plan } = planOf(query, from);
      plan.partial!.kind === "stats" && (plan.partial!.spec.maxGroups = 40);
      const pipeline = new Pipeline(plan.stages);
      expect(() => {
        all.forEach((e, i) => pipeline.push(new Row(e, i, plan.counter)));
        pipeline.finish();
      }).toThrow(/more than 40 groups \(by srcAddr, dstAddr\)/);
    }
  });
});
