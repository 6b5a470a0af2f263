import { expect, it } from "vitest";
import { ExactSum } from "./exact-sum.js";

function sumOf(values: readonly number[]): number {
  const sum = new ExactSum();
  for (const value of values) sum.add(value);
  return sum.value();
}

it("gives the same total whatever the order, where a naive sum does not", () => {
  const values = [0.1, 0.2, 0.3, 1e16, -1e16, 0.233, 1.075, 12.5, 3.3333333333333335];
  const reversed = [...values].reverse();
  const naive = (list: number[]) => list.reduce((a, b) => a + b, 0);
  expect(naive(values)).not.toBe(naive(reversed));
  expect(sumOf(values)).toBe(sumOf(reversed));
  expect(sumOf([...values].sort())).toBe(sumOf(values));
});

it("rounds the exact total correctly", () => {
  expect(sumOf([0.1, 0.2])).toBe(0.30000000000000004);
  expect(sumOf([1, 1e100, 1, -1e100])).toBe(2);
  expect(sumOf(Array.from({ length: 10 }, () => 0.1))).toBe(1);
  // a tie between two doubles, decided by what lies below it
  expect(sumOf([1, 2 ** -53, 2 ** -105])).toBe(1 + 2 ** -52);
  expect(sumOf([])).toBe(0);
});
