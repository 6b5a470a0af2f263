import type { Value } from "../values.js";
import type { Accumulator, AggregateFunction } from "./registry.js";
import type { Evaluator } from "../compile/types.js";
import type { Row } from "../record.js";
import { toNumber } from "../functions/coerce.js";
import { tieOrder } from "../compare.js";

/**
 * The value `pct(f, p)` picks from the n sorted values: nearest rank, ceil(p/100 * n), so the
 * result is always one of the observed values. CloudWatch's algorithm is not documented (it
 * may be approximate); a golden result from the real service overturns this one function.
 */
export function percentileRank(p: number, n: number): number {
  return Math.min(n - 1, Math.max(0, Math.ceil((p / 100) * n) - 1));
}

function byNumber(a: { x: number; v: Value }, b: { x: number; v: Value }): number {
  return a.x - b.x || tieOrder(a.v, b.v);
}

export const percentileAggregates: AggregateFunction[] = [
  {
    name: "pct",
    min: 2,
    max: 2,
    valueFirst: true,
    compile: (t) => {
      const p = t.literal(1);
      if (typeof p !== "number" || p < 0 || p > 100) {
        t.error("TL305", t.call.args[1]?.span ?? t.call.span, "the percentile must be a number from 0 to 100", "write e.g. pct(@duration, 95)");
        return undefined;
      }
      const arg = t.arg(0);
      return Object.assign(() => new PercentileValues(arg, p), { anyOrder: true });
    },
  },
];

/**
 * The values of one `pct` group. Numbers (the usual case) go to a growing Float64Array sorted
 * natively; once a value that is not a plain number arrives (numeric text, which `pct` returns
 * as written; a Date; -0, which the selection of one rank cannot tell from 0), every value is
 * kept with the number it sorts by, and sorted by that number, then by `tieOrder`.
 */
class PercentileValues implements Accumulator {
  private xs = new Float64Array(64);
  private n = 0;
  private sorted = true;
  /**
   * Plain numbers that partial accumulators kept (a worker thread's, each went through `take`
   * there), as they came: the rank is selected across them and `xs`. Appending them made the
   * end of `by sql` at 1 GB copy every value once more into arrays freshly mapped (about 27 ms).
   */
  private merged: Float64Array[] = [];
  private mergedCount = 0;
  private mixed: Array<{ x: number; v: Value }> | undefined;

  constructor(
    private readonly arg: Evaluator,
    private readonly p: number,
  ) {}

  add(row: Row): void {
    this.take(this.arg(row));
  }

  /** The values in the order they came (a worker never sorts: it never asks for a result). */
  save(): unknown {
    return this.mixed ? this.mixed.map((e) => e.v) : concatenated([this.xs.subarray(0, this.n), ...this.merged], this.n + this.mergedCount);
  }

  merge(state: unknown): void {
    if (state instanceof Float64Array && this.mixed === undefined) {
      if (state.length > 0) this.merged.push(state), (this.mergedCount += state.length);
    } else for (const v of state as Float64Array | Value[]) this.take(v);
  }

  take(v: Value): void {
    const x = toNumber(v);
    if (x === null) return;
    const mixed = this.mixed;
    if (mixed !== undefined) {
      const last = mixed.length > 0 ? mixed[mixed.length - 1] : undefined;
      if (last !== undefined && (x < last.x || (x === last.x && tieOrder(v, last.v) < 0))) this.sorted = false;
      mixed.push({ x, v });
      return;
    }
    if (v !== x || (x === 0 && 1 / x < 0)) {
      // Equal numbers in the array are the same value: its order so far is as good as any.
      const numbers = this.save() as Float64Array;
      this.mixed = Array.from(numbers, (y) => ({ x: y, v: y }));
      this.sorted &&= this.merged.length === 0;
      this.xs = new Float64Array(0);
      this.merged = [];
      this.mergedCount = 0;
      this.take(v);
      return;
    }
    const n = this.n;
    if (n === this.xs.length) {
      const grown = new Float64Array(n * 2);
      grown.set(this.xs);
      this.xs = grown;
    }
    if (n > 0 && !(x >= this.xs[n - 1])) this.sorted = false;
    this.xs[n] = x;
    this.n = n + 1;
  }

  result(): Value {
    const mixed = this.mixed;
    if (mixed !== undefined) {
      if (mixed.length === 0) return null;
      if (!this.sorted) mixed.sort(byNumber), (this.sorted = true);
      return mixed[percentileRank(this.p, mixed.length)].v;
    }
    const total = this.n + this.mergedCount;
    if (total === 0) return null;
    const rank = percentileRank(this.p, total);
    if (this.merged.length > 0) return selectNth([this.xs.subarray(0, this.n), ...this.merged], rank);
    // Selecting the one value needed costs O(n) where a sort costs O(n log n).
    return this.sorted ? this.xs[rank] : selectNth(this.xs.subarray(0, this.n), rank);
  }
}

/** A new array of the `length` values of `chunks`, one after another. */
function concatenated(chunks: readonly Float64Array[], length: number): Float64Array {
  const all = new Float64Array(length);
  let at = 0;
  for (const c of chunks) all.set(c, at), (at += c.length);
  return all;
}

/**
 * The value a native sort of every value (of `xs`, or of the arrays one after another) would put
 * at `k`. NaN, which a native sort puts last, is left to that sort; -0, which it puts before 0,
 * never gets here (`PercentileValues` keeps it apart). From many values, a sample narrows the
 * search first (`bracketed`), reading the arrays where they are; else quickselect moves values
 * around `k`, in `xs` itself when it is one array.
 */
export function selectNth(xs: Float64Array | readonly Float64Array[], k: number): number {
  const chunks = xs instanceof Float64Array ? [xs] : xs;
  let n = 0;
  for (const c of chunks) n += c.length;
  const found = n >= SAMPLED_FROM ? bracketed(chunks, n, k) : undefined;
  if (found !== undefined) return found;
  const all = chunks.length === 1 ? chunks[0] : concatenated(chunks, n);
  for (let i = 0; i < all.length; i++) if (all[i] !== all[i]) return all.sort()[k];
  return quickselect(all, k);
}

/** Values from which `selectNth` narrows by a sample first. */
const SAMPLED_FROM = 1 << 14;
const SAMPLE_SIZE = 4096;
/**
 * Sample ranks kept on each side of `k`'s place in the sample: the sample's own value at that
 * place strays by about sqrt(SAMPLE_SIZE * p * (1 - p)) <= 32 ranks, so this is three of those
 * at worst: the bracket misses `k` about 3 times in 1,000 at the median, far less often at the
 * tails a percentile asks for (a p95 strays by 14 ranks). A miss costs the pass, then a quickselect.
 */
const SAMPLE_GAP = 96;

/**
 * The value at `k` when a sample (every n/4096-th value) brackets it: one pass counts the values
 * below the bracket and copies those inside it, about 5% of them, and quickselect picks among
 * those. A whole-array quickselect swaps values at random, a branch mispredicted on about every
 * other one; this pass takes the same branch almost always. Undefined when `k` falls outside the
 * bracket (a sample that misled) or too many values tie inside it. A NaN, last in a native
 * sort, is in neither count: a `k` the counts bracket is the rank of a number. The `n` values are
 * those of `chunks` one after another.
 */
function bracketed(chunks: readonly Float64Array[], n: number, k: number): number | undefined {
  const sample = new Float64Array(SAMPLE_SIZE);
  let chunk = 0;
  let start = 0;
  for (let i = 0; i < SAMPLE_SIZE; i++) {
    const at = Math.floor((i * n) / SAMPLE_SIZE);
    while (at >= start + chunks[chunk].length) start += chunks[chunk++].length;
    sample[i] = chunks[chunk][at - start];
  }
  sample.sort();
  const at = Math.floor((k * SAMPLE_SIZE) / n);
  const lo = at - SAMPLE_GAP < 0 ? -Infinity : sample[at - SAMPLE_GAP];
  const hi = at + SAMPLE_GAP >= SAMPLE_SIZE ? Infinity : sample[at + SAMPLE_GAP];
  const inside = new Float64Array(Math.min(n, Math.ceil((n * 4 * SAMPLE_GAP) / SAMPLE_SIZE) + SAMPLE_SIZE));
  let below = 0;
  let m = 0;
  for (const xs of chunks) {
    for (let i = 0; i < xs.length; i++) {
      const x = xs[i];
      if (x < lo) below++;
      else if (x <= hi) {
        if (m === inside.length) return undefined;
        inside[m++] = x;
      }
    }
  }
  if (k < below || k >= below + m) return undefined;
  return quickselect(inside.subarray(0, m), k - below);
}

/** Quickselect: Hoare partitions around a median of three, until `k` is in place. */
function quickselect(xs: Float64Array, k: number): number {
  let lo = 0;
  let hi = xs.length - 1;
  while (hi > lo) {
    const mid = (lo + hi) >>> 1;
    const a = xs[lo], b = xs[mid], c = xs[hi];
    const pivot = a < b ? (b < c ? b : a < c ? c : a) : a < c ? a : b < c ? c : b;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (xs[i] < pivot) i++;
      while (xs[j] > pivot) j--;
      if (i <= j) {
        const t = xs[i];
        xs[i++] = xs[j];
        xs[j--] = t;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return xs[k];
  }
  return xs[k];
}
