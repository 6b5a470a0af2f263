import { describe, expect, it } from "vitest";
import type { Value } from "../values.js";
import { GroupIndex, groupKey } from "./group-key.js";
import { seededRandom } from "../../prng.js";

const POOL: Value[] = [null, 0, -0, 200, "200", "", "\u0001s200", NaN, true, "true", new Date(200), new Date(0), [200], { a: 1 }, ["200"], new Date(NaN)];

function tuple(random: () => number, width: number): Value[] {
  // Fresh copies: equal Dates and lists are different objects, as they are from row to row.
  return Array.from({ length: width }, () => structuredClone(POOL[Math.floor(random() * POOL.length)]));
}

describe("groupKey", () => {
  it("keeps tuples apart whose texts would join alike (a value holding the separator)", () => {
    // dedup a, b kept one of {"a":"x\u0001sy","b":"z"} and {"a":"x","b":"y\u0001sz"}.
    expect(groupKey(["x\u0001sy", "z"])).not.toBe(groupKey(["x", "y\u0001sz"]));
    expect(groupKey(["", "200", "\u0001s200"])).not.toBe(groupKey(["\u0001s200", "", "200"]));
    expect(groupKey(["a\u0001d1"])).not.toBe(groupKey(["a", 1]));
    expect(groupKey(["x\u0001sy"])).toBe(groupKey(["x\u0001sy"]));
  });
});

describe("GroupIndex", () => {
  it("finds the same group for tuples exactly when their groupKey texts are equal", () => {
    const random = seededRandom(7);
    for (const width of [0, 1, 2, 3]) {
      const index = new GroupIndex(width);
      const byText = new Map<string, number>();
      for (let n = 0; n < 2000; n++) {
        const keys = tuple(random, width);
        const text = groupKey(keys);
        expect(index.find(keys)).toBe(byText.get(text) ?? -1);
        if (!byText.has(text)) {
          byText.set(text, byText.size);
          expect(index.add(keys)).toBe(byText.size - 1);
        }
      }
      expect(byText.size).toBeGreaterThan(width === 0 ? 0 : width);
    }
  });
});

describe("GroupIndex with many groups", () => {
  it("keeps tens of thousands of tuples apart and finds each again, as groupKey texts do", () => {
    const random = seededRandom(11);
    // Many values per position (addresses, ports, their texts, times), so tables grow and hashes collide.
    const value = (): Value => {
      const n = Math.floor(random() * 300);
      switch (Math.floor(random() * 5)) {
        case 0:
          return `10.0.${n >> 4}.${n}`;
        case 1:
          return n;
        case 2:
          return String(n);
        case 3:
          return new Date(n * 60_000);
        default:
          return random() < 0.5 ? null : [n];
      }
    };
    for (const width of [1, 2, 3]) {
      const index = new GroupIndex(width);
      const byText = new Map<string, number>();
      for (let n = 0; n < 40_000; n++) {
        const keys = Array.from({ length: width }, value);
        const text = groupKey(keys);
        expect(index.find(keys)).toBe(byText.get(text) ?? -1);
        if (!byText.has(text)) {
          byText.set(text, byText.size);
          expect(index.add(keys)).toBe(byText.size - 1);
        }
      }
      expect(byText.size).toBeGreaterThan(width === 1 ? 1000 : 20_000);
    }
  });
});
