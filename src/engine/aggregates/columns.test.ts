import { describe, expect, it } from "vitest";
import type { Row } from "../record.js";
import type { Value } from "../values.js";
import type { CallTools } from "../compile/types.js";
import { seededRandom } from "../../prng.js";
import { lookupAggregate, type AccumulatorFactory } from "./registry.js";
import { columnOf, type AccumulatorColumn } from "./columns.js";

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
        // Mostly integers (one partial) in some rounds, anything in others.
        const pool = random() < 0.3 ? [1, 2, 3, 4249, null] : VALUES;
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
        expect(columns).toEqual(plain);
      }
    });
  }
});
