import { describe, expect, it } from "vitest";
import type { Value } from "../values.js";
import { Row } from "../record.js";
import { toNumber } from "../functions/coerce.js";
import { lookupAggregate } from "./registry.js";
import { percentileRank, selectNth } from "./percentile.js";
import { tieOrder } from "../compare.js";
import type { CallTools } from "../compile/types.js";
import { seededRandom } from "../../prng.js";

/** The nearest-rank percentile as first written: every value kept, sorted by its number, ties by `tieOrder`. */
function reference(values: Value[], p: number): Value {
  const kept = values.flatMap((v) => (toNumber(v) === null ? [] : [{ x: toNumber(v) as number, v }]));
  if (kept.length === 0) return null;
  kept.sort((a, b) => a.x - b.x || tieOrder(a.v, b.v));
  return kept[percentileRank(p, kept.length)].v;
}

function accumulator(p: number) {
  const tools = { call: { args: [] }, literal: () => p, arg: () => (row: Row) => row.get("x"), error: () => undefined } as unknown as CallTools;
  const create = lookupAggregate("pct")!.compile(tools)!;
  return create();
}

const rowOf = (v: Value): Row => {
  const row = new Row(null, 0);
  row.set("x", v);
  return row;
};

describe("pct", () => {
  it("orders equal numbers that are different values by kind, whatever order they come in (0 and -0, 5 and \"5\")", () => {
    const cases: Array<[Value[], number, Value]> = [
      [[0, -0], 0, -0],
      [[-0, 0], 0, -0],
      [[0, -0], 100, 0],
      [[1, -0, 0], 50, 0],
      [[5, "5"], 0, 5],
      [["5", 5], 0, 5],
      [["5", 5], 100, "5"],
      [["5.0", "5"], 0, "5"],
      [["5", "5.0"], 100, "5.0"],
      [[3, 1, 2, "1", 1], 40, 1],
      [[3, 1, 2, "1", 1], 50, "1"],
      [["1", 3, 2, 1, 1], 50, "1"],
    ];
    for (const [vs, p, expected] of cases) {
      const acc = accumulator(p);
      for (const v of vs) acc.add(rowOf(v));
      expect({ vs, p, got: acc.result() }).toStrictEqual({ vs, p, got: expected });
      expect(Object.is(acc.result(), expected)).toBe(true);
    }
  });

  it("picks the same value as a stable sort of every value, partial results in between", () => {
    const r = seededRandom(7);
    const values: Value[][] = [];
    for (let c = 0; c < 300; c++) {
      const n = Math.floor(r() * (c % 10 === 0 ? 3000 : 40));
      const kind = c % 4;
      values.push(
        Array.from({ length: n }, () => {
          const x = Math.round(r() * 20) - 5;
          if (kind === 0 || r() < 0.8) return r() < 0.5 ? x : x + r();
          return [String(x), `${x}.0`, -0, null, "text", true, new Date(x)][Math.floor(r() * 7)];
        }),
      );
    }
    for (const vs of values) {
      for (const p of [0, 1, 50, 95, 99.9, 100]) {
        const acc = accumulator(p);
        const seen: Value[] = [];
        for (const v of vs) {
          acc.add(rowOf(v));
          seen.push(v);
          if (r() < 0.02) expect(acc.result()).toStrictEqual(reference(seen, p));
        }
        const got = acc.result();
        expect(Object.is(got, reference(vs, p)) || got instanceof Date).toBe(true);
        expect(got).toStrictEqual(reference(vs, p));
      }
    }
  });

  it("merges the states of partial accumulators into what one accumulator over every value gives", () => {
    const r = seededRandom(9);
    const partial = (p: number) => {
      const tools = { call: { args: [] }, literal: () => p, arg: () => (row: Row) => row.get("x"), error: () => undefined } as unknown as CallTools;
      return lookupAggregate("pct")!.compile(tools)!(true);
    };
    for (let c = 0; c < 200; c++) {
      // Parts sorted or not, empty or not, now and then with a value that is not a plain number.
      const parts: Value[][] = Array.from({ length: 1 + Math.floor(r() * 4) }, () => {
        const n = Math.floor(r() * 30);
        const xs = Array.from({ length: n }, () => Math.round(r() * 50) / 2);
        if (r() < 0.4) xs.sort((a, b) => a - b);
        return r() < 0.1 ? [...xs, "7"] : xs;
      });
      for (const p of [0, 50, 95, 100]) {
        const merged = accumulator(p);
        for (const values of parts) {
          const acc = partial(p);
          for (const v of values) acc.add(rowOf(v));
          merged.merge!(acc.save!());
        }
        expect({ c, p, value: merged.result() }).toStrictEqual({ c, p, value: reference(parts.flat(), p) });
      }
    }
  });

  it("selects the value a native sort puts at each rank, with ties, infinities and NaN", () => {
    const r = seededRandom(5);
    for (let c = 0; c < 400; c++) {
      const n = 1 + Math.floor(r() * (c % 20 === 0 ? 5000 : 60));
      const pool = [0, 1, 1, 2, -3, Infinity, -Infinity, 1.5, c % 7 === 0 ? NaN : 4];
      const xs = Float64Array.from({ length: n }, () => (r() < 0.5 ? pool[Math.floor(r() * pool.length)] : r() * 100 - 50));
      const sorted = xs.slice().sort();
      const k = Math.floor(r() * n);
      expect({ c, value: selectNth(xs.slice(), k) }).toEqual({ c, value: sorted[k] });
    }
  });

  /** `sampled(i)` at the places a sample of 4,096 takes, `other()` everywhere else. */
  function sampledApart(n: number, sampled: (i: number) => number, other: () => number): Float64Array {
    const xs = Float64Array.from({ length: n }, other);
    for (let i = 0; i < 4096; i++) xs[Math.floor((i * n) / 4096)] = sampled(i);
    return xs;
  }

  it("selects from large arrays as a sort would, whatever their order, ties and a sample that misleads", () => {
    const r = seededRandom(9);
    const shapes: Array<(n: number) => Float64Array> = [
      (n) => Float64Array.from({ length: n }, () => r() * 1000),
      (n) => Float64Array.from({ length: n }, () => [3, 7, 7, 12][Math.floor(r() * 4)]),
      (n) => Float64Array.from({ length: n }, (_, i) => i),
      (n) => Float64Array.from({ length: n }, (_, i) => n - i),
      (n) => new Float64Array(n).fill(42),
      (n) => Float64Array.from({ length: n }, (_, i) => Math.min(i, n - i) + (r() < 0.01 ? Infinity : 0) - (r() < 0.01 ? Infinity : 0)),
      // Every 37th value huge: a sample taken at a stride of 37 sees only those.
      (n) => Float64Array.from({ length: n }, (_, i) => (i % 37 === 0 ? 1e9 + i : i % 1000)),
      (n) => Float64Array.from({ length: n }, (_, i) => (i % 2 === 0 ? -0.5 : Math.round(r() * 20))),
      (n) => Float64Array.from({ length: n }, () => (r() < 0.001 ? NaN : r() * 10)),
      // Samples that mislead (they are taken every n/4096-th value): the values between them all
      // lie above the sample's, or all inside its bracket around the median.
      (n) => sampledApart(n, (i) => i, () => 1e9 + r()),
      (n) => sampledApart(n, (i) => i * 1000, () => 2_048_000 + r()),
    ];
    for (let c = 0; c < 88; c++) {
      const n = 4_000 + Math.floor(r() * (c % 8 === 0 ? 300_000 : 30_000));
      const xs = shapes[c % shapes.length](n);
      const sorted = xs.slice().sort();
      for (const k of [0, n - 1, percentileRank(95, n), percentileRank(50, n), Math.floor(r() * n)]) {
        expect({ c, k, value: selectNth(xs.slice(), k) }).toEqual({ c, k, value: sorted[k] });
      }
    }
  });

  it("selects across several arrays as a sort of them one after another would, the sample crossing from one to the next", () => {
    const r = seededRandom(11);
    for (let c = 0; c < 60; c++) {
      const chunks = Array.from({ length: 1 + (c % 5) }, (_, j) => {
        const n = c % 3 === 0 && j === 0 ? 0 : Math.floor(r() * (c % 4 === 0 ? 40_000 : 9_000));
        // Arrays of different ranges: a sample of one alone would bracket the wrong values.
        return Float64Array.from({ length: n }, () => (c % 6 === 5 && r() < 0.001 ? NaN : j * 1000 + Math.round(r() * 800)));
      });
      const all = new Float64Array(chunks.reduce((n, x) => n + x.length, 0));
      chunks.reduce((at, x) => (all.set(x, at), at + x.length), 0);
      if (all.length === 0) continue;
      const sorted = all.slice().sort();
      for (const k of [0, all.length - 1, percentileRank(95, all.length), percentileRank(50, all.length)]) {
        expect({ c, k, value: selectNth(chunks.map((x) => x.slice()), k) }).toEqual({ c, k, value: sorted[k] });
      }
    }
  });

  it("gives the same value after merging large partial states, then taking more values, of every kind", () => {
    const r = seededRandom(13);
    for (const late of [undefined, 250, "250", -0]) {
      const values = Array.from({ length: 3 }, () => Array.from({ length: 20_000 + Math.floor(r() * 10_000) }, () => Math.round(r() * 5000) / 10));
      const tools = { call: { args: [] }, literal: () => 95, arg: () => (row: Row) => row.get("x"), error: () => undefined } as unknown as CallTools;
      const merged = accumulator(95);
      for (const v of values[0]) merged.add(rowOf(v));
      for (const part of values.slice(1)) {
        const acc = lookupAggregate("pct")!.compile(tools)!(true);
        for (const v of part) acc.add(rowOf(v));
        merged.merge!(acc.save!());
      }
      const all: Value[] = values.flat();
      expect(merged.result()).toStrictEqual(reference(all, 95));
      if (late !== undefined) {
        merged.add(rowOf(late));
        all.push(late);
      }
      expect({ late, value: merged.result() }).toStrictEqual({ late, value: reference(all, 95) });
      const copy = accumulator(95);
      copy.merge!(merged.save!());
      expect({ late, saved: copy.result() }).toStrictEqual({ late, saved: reference(all, 95) });
    }
  });
});
