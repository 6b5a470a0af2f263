/**
 * sum(f) and avg(f) as a column (columns.ts): each group's count of numeric values and their
 * exact sum (exact-sum.ts).
 *
 * A group's sum is held as at most two doubles whose exact sum it is: `high`, side by side with
 * the count, and `low`, in an array of its own, 0 while the sum is one double (a sum of integers
 * stays one, and never reads it). A term goes into `high` by an error-free sum; its rounding
 * error, when there is one, into `low`, when that sum is exact too. That is `ExactSum`'s own first
 * case, and one step further: a sum of a few fractional numbers (`avg(duration_ms) by
 * request_id`) nearly always stays two doubles, where an `ExactSum` object per group, in a Map,
 * was a Map lookup per row, most of what 560,000 groups collected, and allocations again when
 * read or saved. A group whose sum needs more (a third double, an infinity, an overflow) moves
 * to an `ExactSum` of the same value, and its `high` becomes NaN (a sum in doubles is finite).
 *
 * The value is exact either way; read, it is the double nearest to it (the rounding of
 * `high + low`, whose exact sum it is): the same result in any order of rows and parts, but for
 * a sum that an `ExactSum` reads as past the largest double on the way (exact-sum.ts), which
 * two doubles read as the double it ends at. (`high` is never -0: it starts at 0, and -0 + 0 is 0.)
 */
import type { Evaluator } from "../compile/types.js";
import type { Row } from "../record.js";
import type { Value } from "../values.js";
import type { PackedStates } from "./packed-states.js";
import { ExactSum, type ExactSumState } from "./exact-sum.js";
import { toNumber } from "../functions/coerce.js";
import { BATCH_ROWS, Numbers, type AccumulatorColumn } from "./columns.js";

export class SumColumn implements AccumulatorColumn {
  /**
   * Each group's count of numbers and its sum's `high`, side by side: a row's group is one cache
   * miss, not two (a stats by 70,000 address pairs reaches a new one on nearly every row).
   */
  private readonly state = new Numbers(2);
  /** Each group's `low`: an add reads it only when a term's sum with `high` is inexact. */
  private readonly lows = new Numbers(1);
  private readonly exact = new Map<number, ExactSum>();
  /** Each batch row's number, where `numbered` says it has one (an invalid date's number is NaN, which a sum adds). */
  private readonly taken = new Float64Array(BATCH_ROWS);
  private readonly numbered = new Uint8Array(BATCH_ROWS);

  constructor(
    private readonly arg: Evaluator,
    private readonly average: boolean,
  ) {}

  open(): void {
    this.state.open();
    this.lows.open();
  }

  add(n: number, row: Row): void {
    const x = toNumber(this.arg(row));
    if (x === null) return;
    this.addTerm(n, x);
    this.state.values[2 * n]++;
  }

  take(row: Row, i: number): void {
    this.takeValue(this.arg(row), i);
  }

  takeValue(value: Value, i: number): void {
    const x = toNumber(value);
    this.numbered[i] = x === null ? 0 : 1;
    if (x !== null) this.taken[i] = x;
  }

  touch(n: number): number {
    return this.state.values[2 * n];
  }

  addTaken(n: number, i: number): void {
    if (this.numbered[i] === 0) return;
    this.addTerm(n, this.taken[i]);
    this.state.values[2 * n]++;
  }

  private addTerm(n: number, value: number): void {
    const s = this.state.values;
    const high = s[2 * n + 1];
    if (high === high) {
      // Error-free sums (Fast2Sum, the larger first), as ExactSum.addTerm's first case.
      let x = value;
      let y = high;
      if (Math.abs(x) < Math.abs(y)) [x, y] = [y, x];
      const top = x + y;
      const error = y - (top - x);
      if (Number.isFinite(top) && error === 0) {
        s[2 * n + 1] = top;
        return;
      }
      if (Number.isFinite(top)) {
        const lows = this.lows.values;
        x = error;
        y = lows[n];
        if (Math.abs(x) < Math.abs(y)) [x, y] = [y, x];
        const low = x + y;
        if (y - (low - x) === 0) {
          s[2 * n + 1] = top;
          lows[n] = low;
          return;
        }
      }
    }
    this.exactOf(n).addTerm(value);
  }

  /** Group `n`'s exact sum, made of its two doubles when it had only those. */
  private exactOf(n: number): ExactSum {
    let sum = this.exact.get(n);
    if (sum === undefined) {
      const s = this.state.values;
      sum = new ExactSum();
      sum.addTerm(s[2 * n + 1]);
      sum.addTerm(this.lows.values[n]);
      this.exact.set(n, sum);
      s[2 * n + 1] = NaN;
    }
    return sum;
  }

  private sum(n: number): number {
    const high = this.state.values[2 * n + 1];
    return high === high ? high + this.lows.values[n] : this.exact.get(n)!.sumValue();
  }

  result(n: number): Value {
    const count = this.state.values[2 * n];
    if (this.average) return count === 0 ? null : this.sum(n) / count;
    return count > 0 ? this.sum(n) : null;
  }

  /** `[n, special, overflow, ...partials]` per group, as `NumberSum.save()` gives it. */
  pack(count: number): PackedStates {
    const s = this.state.values;
    const lows = this.lows.values;
    const saved = new Map<number, ExactSumState>();
    let length = 0;
    for (let n = 0; n < count; n++) {
      if (s[2 * n + 1] !== s[2 * n + 1]) {
        const sum = this.exact.get(n)!.saveSum();
        saved.set(n, sum);
        length += 3 + sum.partials.length;
      } else length += lows[n] === 0 ? 4 : 5;
    }
    const ends = new Uint32Array(count);
    const values = new Float64Array(length);
    let at = 0;
    for (let n = 0; n < count; n++) {
      const sum = saved.get(n);
      values[at] = s[2 * n];
      values[at + 1] = sum?.special ?? 0;
      values[at + 2] = sum?.overflow ?? 0;
      at += 3;
      if (sum !== undefined) for (const p of sum.partials) values[at++] = p;
      else {
        if (lows[n] !== 0) values[at++] = lows[n];
        values[at++] = s[2 * n + 1];
      }
      ends[n] = at;
    }
    return { kind: "lists", ends, values };
  }

  merge(n: number, packed: PackedStates, g: number): void {
    const { ends, values } = packed as { ends: Uint32Array; values: Float64Array };
    const start = g === 0 ? 0 : ends[g - 1];
    // As ExactSum.mergeSum: the partials, then the non-finite sum and the overflow.
    for (let i = start + 3; i < ends[g]; i++) this.addTerm(n, values[i]);
    const special = values[start + 1];
    const overflow = values[start + 2];
    if (special !== 0 || overflow !== 0) this.exactOf(n).mergeSum({ partials: [], special, overflow });
    this.state.values[2 * n] += values[start];
  }
}
