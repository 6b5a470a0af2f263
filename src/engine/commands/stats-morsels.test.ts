import { describe, expect, it } from "vitest";
import { compilePlan } from "../run.js";
import { Pipeline } from "./pipeline.js";
import { inAnyOrder, partialStats } from "./stats.js";
import { Row } from "../record.js";
import { renderValue } from "../render.js";
import type { Value } from "../values.js";
import type { LogEvent } from "../source.js";
import { seededRandom } from "../../prng.js";
import { mixedEvents } from "../test/stats-events.js";

/**
 * A stats read in morsels (engine/parallel/morsels.ts): consecutive morsels dealt at random to
 * the main thread's own stats and to the tables of two "workers", each told where its morsels
 * start, the workers' groups then cloned and absorbed, gives what one pass over every row gives:
 * the keys, their first-seen order, and each aggregate's value to the last digit.
 */
const QUERIES = [
  "stats sum(bytes) by srcAddr, dstAddr",
  "stats count(*), sum(bytes), avg(packets), min(bytes), max(srcPort) by action, dstPort",
  "stats count(*) by bin(1m), action",
  "stats sum(bytes), count(dstAddr)",
  "stats count_distinct(srcAddr), pct(bytes, 90), min(x), max(x) by logStatus",
  "stats sum(x), avg(x), count(x), pct(x, 50), sortsFirst(x), sortsLast(x) by k",
];

/** `mixedEvents`, whose JSON lines' `x` is now and then one of values that sort alike but differ (5, "5", "5.0"; 0, -0). */
function events(random: () => number, n: number): LogEvent[] {
  return mixedEvents(random, n).map((e) => {
    if (!e.message.startsWith("{") || random() < 0.5) return e;
    const x = Math.floor(random() * 4);
    const alike = [String(x), JSON.stringify(String(x)), JSON.stringify(`${x}.0`), x === 0 ? "-0" : String(x)];
    const { x: _, ...rest } = JSON.parse(e.message) as Record<string, unknown>;
    return { ...e, message: `{"x":${alike[Math.floor(random() * alike.length)]},${JSON.stringify(rest).slice(1)}` };
  });
}

/** Each column's value with its type, so that 5 and "5", 0 and -0 differ (rendered, they print alike). */
function rendered(query: string, rows: Row[]): Array<Record<string, string | undefined>> {
  const { plan } = compilePlan(query, { now: 0 });
  const typed = (v: Value): string => `${typeof v} ${Object.is(v, -0) ? "-0" : renderValue(v)}`;
  return rows.map((row) => Object.fromEntries(plan.columns.map((c) => [c.name, typed(c.value(row))])));
}

describe("stats in morsels", () => {
  for (const query of QUERIES) {
    it(`gives one pass's answer: ${query}`, () => {
      const random = seededRandom(query.length + 1);
      for (let round = 0; round < 6; round++) {
        // Odd rounds add rows in batches from the first group on (stats-batch.ts), as past 4,096 groups.
        const batchFrom = round % 2 === 1 ? 1 : undefined;
        const all = events(random, 500 + Math.floor(random() * 3000));
        const { plan } = compilePlan(query, { now: 0 });
        const whole = new Pipeline(plan.stages);
        all.forEach((e, i) => whole.push(new Row(e, i, plan.counter)));
        const expected = rendered(query, whole.finish());

        const main = compilePlan(query, { now: 0 }).plan;
        const partial = main.partial;
        if (partial?.kind !== "stats" || !inAnyOrder(partial.spec)) throw new Error(`${query} is not read in morsels`);
        partial.spec.batchFrom = batchFrom;
        const pipeline = new Pipeline(main.stages);
        const workers = [0, 1].map(() => ({ plan: compilePlan(query, { now: 0 }).plan, stats: partialStats(partial.spec) }));
        const span = 1 + Math.floor(random() * 200);
        for (let index = 0, from = 0; from < all.length; index++, from += span) {
          // Each morsel to a thread at random: the main thread, or one of the workers.
          const thread = Math.floor(random() * 3);
          const to = Math.min(all.length, from + span);
          // Rows take positions from 0 in each morsel, as morsel-read.ts gives them.
          if (thread === 0) {
            pipeline.startMorselAt(partial.at, index);
            for (let i = from; i < to; i++) pipeline.push(new Row(all[i], i - from, main.counter));
          } else {
            const { plan: own, stats } = workers[thread - 1];
            stats.startMorsel(index);
            for (let i = from; i < to; i++) stats.push(new Row(all[i], i - from, own.counter));
          }
        }
        for (const { stats } of workers) pipeline.absorb(partial.at, structuredClone(stats.groups()));
        expect(expected.length).toBeGreaterThan(0);
        expect(rendered(query, pipeline.finish())).toEqual(expected);
      }
    });
  }

  it("are only the stats whose aggregates give one answer whatever the rows' order", () => {
    const spec = (query: string) => {
      const partial = compilePlan(query, { now: 0 }).plan.partial;
      if (partial?.kind !== "stats") throw new Error(query);
      return partial.spec;
    };
    for (const query of ["stats count(*), sum(x), avg(x), min(x), max(x), pct(x, 95), count_distinct(x) by k"]) expect(inAnyOrder(spec(query))).toBe(true);
    for (const query of ["stats stddev(x) by k", "stats values(x)", "stats earliest(x) by k", "stats topk(3, x)", "stats count(*), variance(x)"]) {
      expect({ query, any: inAnyOrder(spec(query)) }).toEqual({ query, any: false });
    }
  });
});
