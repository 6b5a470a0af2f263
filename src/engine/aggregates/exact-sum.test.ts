import { describe, expect, it } from "vitest";
import type { Row } from "../record.js";
import { sumNumbers } from "./basic.js";
import { ExactSum } from "./exact-sum.js";

const sumOf = (xs: readonly number[]): number => {
  const s = new ExactSum();
  for (const x of xs) s.addTerm(x);
  return s.sumValue();
};

/** A seeded generator, so that a failure can be rerun. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

describe("ExactSum", () => {
  it("is the correctly rounded sum where adding in order is not", () => {
    expect(sumOf(Array(10).fill(0.1))).toBe(1);
    expect(sumOf([1e16, 1, -1e16])).toBe(1);
    expect(sumOf([1, 1e100, 1, -1e100])).toBe(2);
    // Half-way: 2^53 + 1 is not a double; the partial below decides the rounding.
    expect(sumOf([2 ** 53, 1, 1e-10])).toBe(2 ** 53 + 2);
    expect(sumOf([2 ** 53, 1, -1e-10])).toBe(2 ** 53);
    expect(sumOf([])).toBe(0);
  });

  it("gives the same answer in any order, in one sum or merged from parts", () => {
    const next = random(7);
    for (let round = 0; round < 200; round++) {
      const xs = Array.from({ length: 1 + Math.floor(next() * 60) }, () => (next() - 0.5) * 10 ** Math.floor(next() * 40 - 20));
      const whole = sumOf(xs);
      const shuffled = [...xs].sort(() => next() - 0.5);
      expect(sumOf(shuffled)).toBe(whole);
      const cut = Math.floor(next() * xs.length);
      const [a, b] = [new ExactSum(), new ExactSum()];
      for (const x of shuffled.slice(0, cut)) a.addTerm(x);
      for (const x of shuffled.slice(cut)) b.addTerm(x);
      // Through structured clone, as a worker's part comes back.
      a.mergeSum(structuredClone(b.saveSum()));
      expect(a.sumValue()).toBe(whole);
    }
  });

  it("matches exact integer arithmetic on integers past 2^53 in their sum", () => {
    const next = random(11);
    const xs = Array.from({ length: 500 }, () => Math.floor((next() - 0.3) * 2 ** 50));
    const exact = xs.reduce((sum, x) => sum + BigInt(x), 0n);
    expect(sumOf(xs)).toBe(Number(exact));
  });

  it("sums infinities and NaN by IEEE rules, and an overflow to its sign", () => {
    expect(sumOf([1, Infinity, 2])).toBe(Infinity);
    expect(sumOf([Infinity, -Infinity])).toBeNaN();
    expect(sumOf([NaN, 1])).toBeNaN();
    expect(sumOf([1.7e308, 1.7e308])).toBe(Infinity);
    expect(sumOf([-1.7e308, -1.7e308, 5])).toBe(-Infinity);
  });
});

describe("sum's state in a part of a parallel scan", () => {
  it("stays a few numbers however many rows the part saw (it held every value)", () => {
    let i = 0;
    const partial = sumNumbers(() => (i++ % 7) * 1.5 + 1000);
    for (let n = 0; n < 100_000; n++) partial.add({} as Row);
    // [n, special, overflow, ...partials]
    const saved = structuredClone(partial.save!()) as number[];
    expect(saved[0]).toBe(100_000);
    expect(saved.length).toBeLessThan(3 + 4);
    const whole = sumNumbers(() => null);
    whole.merge!(saved);
    expect(whole.result()).toBe(partial.result());
  });
});
