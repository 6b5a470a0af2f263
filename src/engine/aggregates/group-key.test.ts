import { describe, expect, it } from "vitest";
import type { Value } from "../values.js";
import { GroupIndex, groupKey } from "./group-key.js";
import { seededRandom } from "../../prng.js";

const POOL: Value[] = [null, 0, -0, 200, "200", "", "\u0001s200", NaN, true, "true", new Date(200), new Date(0), [200], { a: 1 }, ["200"], new Date(NaN)];

function tuple(random: () => number, width: number): Value[] {
  // Fresh copies: equal Dates and lists are different objects, as they are from row to row.
  return Array.from({ length: width }, () => structuredClone(POOL[Math.floor(random() * POOL.length)]));
}

describe("GroupIndex", () => {
  it("finds the same group for tuples exactly when their groupKey texts are equal", () => {
    const random = seededRandom(7);
    for (const width of [0, 1, 2, 3]) {
      const index = new GroupIndex<string>(width);
      const byText = new Map<string, string>();
      for (let n = 0; n < 2000; n++) {
        const keys = tuple(random, width);
        const text = groupKey(keys);
        expect(index.get(keys)).toBe(byText.get(text));
        if (!byText.has(text)) {
          byText.set(text, text);
          index.set(keys, text);
        }
      }
      expect(byText.size).toBeGreaterThan(width === 0 ? 0 : width);
    }
  });
});
