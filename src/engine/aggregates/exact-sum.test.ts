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

  it("sums infinities and NaN by IEEE rules, and a sum past the largest double to its sign", () => {
    expect(sumOf([1, Infinity, 2])).toBe(Infinity);
    expect(sumOf([Infinity, -Infinity])).toBeNaN();
    expect(sumOf([NaN, 1])).toBeNaN();
    expect(sumOf([1.7e308, 1.7e308])).toBe(Infinity);
    expect(sumOf([-1.7e308, -1.7e308, 5])).toBe(-Infinity);
    // Not on the way: in any order, the sum is the exact one.
    for (const xs of [[1e308, 1e308, -1e308], [-1e308, 1e308, 1e308], [1e308, -1e308, 1e308]]) expect(sumOf(xs)).toBe(1e308);
  });

  it("is the exact sum correctly rounded, against integer arithmetic, over every exponent", () => {
    const next = random(23);
    const term = (): number => {
      const kind = next();
      // Subnormals, the largest doubles, and the usual range, of either sign.
      if (kind < 0.1) return (next() - 0.5) * Number.MIN_VALUE * 2 ** Math.floor(next() * 60);
      if (kind < 0.15) return (next() - 0.5) * Number.MAX_VALUE;
      return (next() - 0.5) * 10 ** Math.floor(next() * 80 - 40);
    };
    for (let round = 0; round < 300; round++) {
      const xs = Array.from({ length: 1 + Math.floor(next() * 80) }, term);
      const exact = xs.reduce((sum, x) => sum + scaledBigInt(x), 0n);
      expect(sumOf(xs), JSON.stringify(xs)).toBe(roundedDouble(exact));
    }
  });

  it("stays exact over more terms than its chunks hold between carries, read while it goes on", () => {
    const next = random(29);
    const s = new ExactSum();
    let exact = 0n;
    for (let i = 0; i < 600_000; i++) {
      // Milliseconds with three decimals, as `duration_ms`, some negative, now and then a large one.
      const x = i % 1000 === 0 ? (next() - 0.5) * 1e30 : Math.round((next() - 0.1) * 2e7) / 1000;
      s.addTerm(x);
      exact += scaledBigInt(x);
      // A live query reads the sum and goes on adding.
      if (i % 150_000 === 0) expect(s.sumValue()).toBe(roundedDouble(exact));
    }
    expect(s.sumValue()).toBe(roundedDouble(exact));
    const merged = new ExactSum();
    merged.mergeSum(structuredClone(s.saveSum()));
    expect(merged.sumValue()).toBe(roundedDouble(exact));
    // One term with every bit of its significand set, over its chunks' boundary, 2^21 + 3 times:
    // more than a chunk holds exactly unless its carries move up as it goes. Their sum less its
    // own rounding leaves bits far below the sum's last, which the answer shows.
    const x = (2 ** 53 - 1) * 2 ** -19;
    const times = 2 ** 21 + 3;
    const repeated = new ExactSum();
    for (let i = 0; i < times; i++) repeated.addTerm(x);
    repeated.addTerm(-x * times);
    expect(repeated.sumValue()).toBe(roundedDouble(scaledBigInt(x) * BigInt(times) - scaledBigInt(x * times)));
    expect(repeated.sumValue()).not.toBe(0);
  });
});

/** `x` as an integer count of 2^-1074 (the smallest double), exactly. */
function scaledBigInt(x: number): bigint {
  const words = new Uint32Array(new Float64Array([x]).buffer);
  const exponent = (words[1] >>> 20) & 0x7ff;
  let mantissa = (BigInt(words[1] & 0xfffff) << 32n) | BigInt(words[0]);
  if (exponent > 0) mantissa = (mantissa | (1n << 52n)) << BigInt(exponent - 1);
  return words[1] >>> 31 ? -mantissa : mantissa;
}

/** `n * 2^-1074` rounded to the nearest double, ties to even. */
function roundedDouble(n: bigint): number {
  const negative = n < 0n;
  let magnitude = negative ? -n : n;
  const shift = Math.max(0, magnitude.toString(2).length - 53);
  if (shift > 0) {
    const kept = magnitude >> BigInt(shift);
    const rest = magnitude - (kept << BigInt(shift));
    const half = 1n << BigInt(shift - 1);
    magnitude = rest > half || (rest === half && (kept & 1n) === 1n) ? kept + 1n : kept;
  }
  // Exact steps by powers of two: the value stays normal until the last one.
  let value = Number(magnitude);
  let exponent = shift - 1074;
  while (exponent < -1000) {
    value *= 2 ** -1000;
    exponent += 1000;
  }
  value *= 2 ** exponent;
  return negative ? -value : value;
}

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
