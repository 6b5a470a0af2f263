import { describe, expect, it } from "vitest";
import type { Row } from "../record.js";
import type { Value } from "../values.js";
import type { CallTools } from "../compile/types.js";
import { seededRandom } from "../../prng.js";
import { lookupAggregate, type AccumulatorFactory } from "./registry.js";
import { columnOf, type AccumulatorColumn } from "./columns.js";
import type { PackedStates } from "./packed-states.js";
import { ExactSum } from "./exact-sum.js";

/** Rows are their value here: the aggregate's argument reads it. */
const arg = (row: Row): Value => row as unknown as Value;
const rowOf = (v: Value): Row => v as unknown as Row;

function factory(name: string, star = false): AccumulatorFactory {
  const tools = { call: { args: star ? [] : [{}] }, arg: () => arg } as unknown as CallTools;
  return lookupAggregate(name)!.compile(tools)!;
}

// Terms whose sums are inexact, overflow, or are not finite, and values that are no numbers.
const VALUES: Value[] = [0.1, 0.2, 1e16, -1e16, 3, 1, -0, 0, "7", "x", null, true, 2.5e-8, 1e308, -1e308, Number.MAX_SAFE_INTEGER, Infinity, -Infinity, NaN, 4249, 1234567];

describe("count, sum and avg kept in columns", () => {
  for (const [name, star] of [["count", true], ["count", false], ["sum", false], ["avg", false]] as const) {
    it(`${name}${star ? "(*)" : ""}: the same results and saved states as an accumulator per group, in one pass or merged from parts`, () => {
      const create = factory(name, star);
      expect(create.column).toBeDefined();
      // The same factory without its column: an accumulator object per group.
      const objects = (partial?: boolean) => create(partial);
      const random = seededRandom(name.length + (star ? 7 : 0));
      for (let round = 0; round < 60; round++) {
        // Now and then more groups than a column's first arrays hold.
        const groups = random() < 0.2 ? 100 + Math.floor(random() * 200) : 1 + Math.floor(random() * 20);
        // Integers (one double) in some rounds, durations in milliseconds (mostly two doubles,
        // now and then a third) in others, anything in the rest.
        const kind = random();
        const durations = Array.from({ length: 50 }, () => Math.round(random() * 10 ** (2 + Math.floor(random() * 6))) / 1000);
        const pool = kind < 0.25 ? [1, 2, 3, 4249, null] : kind < 0.5 ? durations : VALUES;
        const rows = Array.from({ length: Math.floor(random() * 400) }, () => ({ n: Math.floor(random() * groups), v: pool[Math.floor(random() * pool.length)] }));
        const cut = Math.floor(random() * rows.length);
        const run = (make: (partial: boolean) => AccumulatorColumn) => {
          const whole = make(false);
          const first = make(false);
          const later = make(true);
          for (let n = 0; n < groups; n++) [whole, first, later].forEach((c) => c.open());
          rows.forEach(({ n, v }, i) => {
            whole.add(n, rowOf(v));
            (i < cut ? first : later).add(n, rowOf(v));
          });
          const packed = structuredClone(later.pack(groups));
          for (let n = 0; n < groups; n++) first.merge(n, packed, n);
          const results = (c: AccumulatorColumn) => Array.from({ length: groups }, (_, n) => c.result(n));
          return { whole: results(whole), merged: results(first), packed };
        };
        const columns = run((partial) => columnOf(create, partial));
        const plain = run((partial) => columnOf(objects, partial));
        // toEqual tells -0 from 0 and NaN equals NaN. (Merged and whole differ only where finite
        // terms overflow on the way, 1e308 + 1e308 - 1e308: exact-sum.ts.)
        expect({ ...columns, packed: undefined }).toEqual({ ...plain, packed: undefined });
        expect(held(columns.packed, groups)).toEqual(held(plain.packed, groups));
        if (name === "sum" || name === "avg") expect(exactDifferences(columns.packed, plain.packed, groups).every((d) => d === 0)).toBe(true);
      }
    });
  }
});

/**
 * What each group's packed state holds apart from its sum's partials: a count, or a sum's count,
 * non-finite sum and overflow. A sum's partials may differ (two partials in a column, the
 * superaccumulator's in an accumulator) for the same exact value: `exactDifferences` compares that.
 */
function held(packed: PackedStates, groups: number): unknown[] {
  if (packed.kind !== "lists") return [packed];
  return Array.from({ length: groups }, (_, g) => {
    const start = g === 0 ? 0 : packed.ends[g - 1];
    return [...packed.values.subarray(start, start + 3)];
  });
}

/** Each group's exact difference between the sums two packed states hold: 0 where they are the same number. */
function exactDifferences(a: PackedStates, b: PackedStates, groups: number): number[] {
  if (a.kind !== "lists" || b.kind !== "lists") throw new Error("sums pack lists");
  const partials = (p: typeof a, g: number) => [...p.values.subarray((g === 0 ? 0 : p.ends[g - 1]) + 3, p.ends[g])];
  return Array.from({ length: groups }, (_, g) => {
    const difference = new ExactSum();
    for (const x of partials(a, g)) difference.addTerm(x);
    for (const x of partials(b, g)) difference.addTerm(-x);
    return difference.sumValue();
  });
}
