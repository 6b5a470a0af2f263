import { describe, expect, it } from "vitest";
import { compilePlan } from "../run.js";
import { Pipeline } from "./pipeline.js";
import { partialStats } from "./stats.js";
import { Row } from "../record.js";
import { renderValue } from "../render.js";
import type { LogEvent } from "../source.js";
import { seededRandom } from "../../prng.js";
import { mixedEvents } from "../test/stats-events.js";

/**
 * A stats run in parts (engine/parallel: the first part in the stats itself, each later one in
 * `partialStats`, its groups cloned as a worker's message is, then absorbed) gives what one pass
 * over every row gives: keys, their order, and each aggregate's value to the last digit.
 */
const QUERIES = [
  "stats sum(bytes) by srcAddr, dstAddr",
  "stats count(*), sum(bytes), avg(packets), min(bytes), max(srcPort) by action, dstPort",
  "stats count(*) by bin(1m), action",
  "stats sum(bytes), count(dstAddr)",
  "stats count_distinct(srcAddr), pct(bytes, 90), stddev(packets) by logStatus",
  "stats sum(x), avg(x), count(x) by k",
];

function events(random: () => number, n: number): LogEvent[] {
  return mixedEvents(random, n);
}

function rendered(query: string, rows: Row[]): Array<Record<string, string | undefined>> {
  const { plan } = compilePlan(query, { now: 0 });
  return rows.map((row) => Object.fromEntries(plan.columns.map((c) => [c.name, renderValue(c.value(row))])));
}

describe("stats in parts", () => {
  for (const query of QUERIES) {
    it(`gives one pass's answer: ${query}`, () => {
      const random = seededRandom(query.length);
      for (let round = 0; round < 4; round++) {
        const all = events(random, 500 + Math.floor(random() * 3000));
        const { plan } = compilePlan(query, { now: 0 });
        const whole = new Pipeline(plan.stages);
        all.forEach((e, i) => whole.push(new Row(e, i, plan.counter)));
        const expected = rendered(query, whole.finish());

        const parted = compilePlan(query, { now: 0 }).plan;
        const partial = parted.partial;
        if (partial?.kind !== "stats") throw new Error(`${query} does not run in parts`);
        const cuts = [0, ...Array.from({ length: 3 }, () => Math.floor(random() * all.length)).sort((a, b) => a - b), all.length];
        const pipeline = new Pipeline(parted.stages);
        for (let i = cuts[0]; i < cuts[1]; i++) pipeline.push(new Row(all[i], i, parted.counter));
        for (let p = 1; p + 1 < cuts.length; p++) {
          const helper = compilePlan(query, { now: 0 }).plan;
          const stats = partialStats(partial.spec);
          for (let i = cuts[p]; i < cuts[p + 1]; i++) stats.push(new Row(all[i], i, helper.counter));
          pipeline.absorb(partial.at, structuredClone(stats.groups()));
        }
        expect(expected.length).toBeGreaterThan(0);
        expect(rendered(query, pipeline.finish())).toEqual(expected);
      }
    });
  }
});

describe("a part's groups by two keys or more", () => {
  it("carry each key's distinct values once and every group as their ids, which the absorbing table maps to its own", () => {
    const query = "stats sum(bytes) by srcAddr, dstAddr";
    const spec = (): Extract<ReturnType<typeof compilePlan>["plan"]["partial"], { kind: "stats" }>["spec"] => {
      const partial = compilePlan(query, { now: 0 }).plan.partial;
      if (partial?.kind !== "stats") throw new Error("not in parts");
      return partial.spec;
    };
    const event = (src: string, dst: string, bytes: number): LogEvent => ({ timestamp: 0, ingestionTime: 0, message: "", logGroup: "g", logStream: "s", ptr: "p", fields: { srcAddr: src, dstAddr: dst, bytes } });
    const stats = partialStats(spec());
    const { plan } = compilePlan(query, { now: 0 });
    const pairs = [["a", "x"], ["a", "y"], ["b", "x"], ["b", "y"], ["a", "x"]];
    pairs.forEach(([s, d], i) => stats.push(new Row(event(s, d, i + 1), i, plan.counter)));
    const groups = structuredClone(stats.groups());
    expect(groups.count).toBe(4);
    // Four groups of two keys, two values at each: not eight values.
    expect(groups.keyIds?.values).toEqual([["a", "b"], ["x", "y"]]);
    expect(Array.from(groups.keyIds!.ids)).toEqual([0, 0, 0, 1, 1, 0, 1, 1]);
    expect(groups.keys).toBeUndefined();
  });
});
