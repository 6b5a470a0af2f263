/**
 * One aggregate's state for every group of a stats, by group number (commands/stats.ts).
 * `count`, `sum` and `avg` keep theirs in typed arrays, a number or two per group: an object per
 * group and aggregate (and a boxed double in it) was a cache miss on nearly every row of a stats
 * by 70,000 address pairs, and, since a part's groups live as long as the part, most of what a
 * thread's old generation collected (and grew to, between collections). Any other aggregate
 * keeps its accumulator objects (`ObjectColumn`).
 *
 * A column gives exactly what its accumulators would: the same results, and the same packed
 * states for a part to send (`save()`'s, packed-states.ts).
 */
import type { Evaluator } from "../compile/types.js";
import type { Row } from "../record.js";
import type { Value } from "../values.js";
import type { Accumulator, AccumulatorFactory } from "./registry.js";
import { packStates, unpackState, type PackedStates } from "./packed-states.js";
import { ExactSum, type ExactSumState } from "./exact-sum.js";
import { toNumber } from "../functions/coerce.js";

export interface AccumulatorColumn {
  /** Makes the state of the next group (groups are numbered from 0 in the order they come). */
  open(): void;
  add(n: number, row: Row): void;
  result(n: number): Value;
  /** The states of groups `[0, count)`, packed for a part's message. */
  pack(count: number): PackedStates;
  /** Folds group `g` of a part's `pack` into group `n`: rows that came after every row added so far. */
  merge(n: number, packed: PackedStates, g: number): void;
  /**
   * Where a column can add a batch of rows (commands/stats-batch.ts), it has all three: `take`
   * keeps what `add` reads of the row at `i` of the batch (`i < BATCH_ROWS`), `touch` reads
   * group `n`'s state ahead of `addTaken`, which adds what `take` kept at `i` to group `n`.
   */
  take?(row: Row, i: number): void;
  touch?(n: number): number;
  addTaken?(n: number, i: number): void;
}

/** The rows of a batch (commands/stats-batch.ts): enough for their cache misses to overlap. */
export const BATCH_ROWS = 64;

/** A column for an aggregate, when it has its own (`AccumulatorFactory.column`); `partial` as for accumulators. */
export type ColumnFactory = (partial: boolean) => AccumulatorColumn;

export function columnOf(create: AccumulatorFactory, partial: boolean): AccumulatorColumn {
  return create.column?.(partial) ?? new ObjectColumn(create, partial);
}

/** An accumulator factory that also makes a column. */
export function withColumn(create: (partial?: boolean) => Accumulator, column: ColumnFactory): AccumulatorFactory {
  return Object.assign(create, { column });
}

/** An accumulator object per group. */
class ObjectColumn implements AccumulatorColumn {
  private readonly accumulators: Accumulator[] = [];

  constructor(
    private readonly create: AccumulatorFactory,
    private readonly partial: boolean,
  ) {}

  open(): void {
    this.accumulators.push(this.create(this.partial));
  }
  add(n: number, row: Row): void {
    this.accumulators[n].add(row);
  }
  result(n: number): Value {
    return this.accumulators[n].result();
  }
  pack(count: number): PackedStates {
    return packStates(this.accumulators.slice(0, count).map((a) => a.save!()));
  }
  merge(n: number, packed: PackedStates, g: number): void {
    this.accumulators[n].merge!(unpackState(packed, g));
  }
}

/** A Float64Array of `stride` numbers per group, side by side, grown as groups come (new ones 0). */
class Numbers {
  values: Float64Array;
  size = 0;

  constructor(private readonly stride = 1) {
    this.values = new Float64Array(64 * stride);
  }

  open(): void {
    if ((this.size + 1) * this.stride > this.values.length) {
      const grown = new Float64Array(2 * this.values.length);
      grown.set(this.values);
      this.values = grown;
    }
    this.size++;
  }
}

/** count(*): rows. Saved as a number, as `RowCount` saves it. */
export class RowCountColumn implements AccumulatorColumn {
  private readonly counts = new Numbers();
  open(): void {
    this.counts.open();
  }
  add(n: number): void {
    this.counts.values[n]++;
  }
  take(row: Row, i: number): void {}
  touch(n: number): number {
    return this.counts.values[n];
  }
  addTaken(n: number, i: number): void {
    this.counts.values[n]++;
  }
  result(n: number): Value {
    return this.counts.values[n];
  }
  pack(count: number): PackedStates {
    return { kind: "numbers", values: this.counts.values.slice(0, count) };
  }
  merge(n: number, packed: PackedStates, g: number): void {
    this.counts.values[n] += (packed as { values: Float64Array }).values[g];
  }
}

/** count(f): rows where `f` has a value. */
export class PresentCountColumn extends RowCountColumn {
  constructor(private readonly arg: Evaluator) {
    super();
  }
  private readonly present = new Uint8Array(BATCH_ROWS);
  override add(n: number, row?: Row): void {
    if (this.arg(row!) !== null) super.add(n);
  }
  override take(row: Row, i: number): void {
    this.present[i] = this.arg(row) !== null ? 1 : 0;
  }
  override addTaken(n: number, i: number): void {
    if (this.present[i] === 1) super.add(n);
  }
}

/**
 * sum(f) and avg(f): the count of numeric values and their exact sum (exact-sum.ts). A group's
 * sum is held as one double while it is one partial (a sum of integers stays one), which is
 * `ExactSum`'s own first case computed the same way; a group whose sum needs more (a partial
 * below it, an infinity, an overflow) moves to an `ExactSum` of the same state, and its double
 * becomes NaN (a one-partial sum is always finite).
 */
export class SumColumn implements AccumulatorColumn {
  /**
   * Each group's count of numbers and its sum's double, side by side: a row's group is one
   * cache miss, not two (a stats by 70,000 address pairs reaches a new one on nearly every row).
   */
  private readonly state = new Numbers(2);
  private readonly exact = new Map<number, ExactSum>();

  constructor(
    private readonly arg: Evaluator,
    private readonly average: boolean,
  ) {}

  open(): void {
    this.state.open();
  }

  add(n: number, row: Row): void {
    const x = toNumber(this.arg(row));
    if (x === null) return;
    this.addTerm(n, x);
    this.state.values[2 * n]++;
  }

  /** Each batch row's number, NaN where it has none (`toNumber` never gives NaN). */
  private readonly taken = new Float64Array(BATCH_ROWS);
  take(row: Row, i: number): void {
    const x = toNumber(this.arg(row));
    this.taken[i] = x === null ? NaN : x;
  }
  touch(n: number): number {
    return this.state.values[2 * n];
  }
  addTaken(n: number, i: number): void {
    const x = this.taken[i];
    if (x !== x) return;
    this.addTerm(n, x);
    this.state.values[2 * n]++;
  }

  private addTerm(n: number, value: number): void {
    const tops = this.state.values;
    const top = tops[2 * n + 1];
    if (top === top) {
      // ExactSum.addTerm with no lower partials.
      let x = value;
      let y = top;
      if (Math.abs(x) < Math.abs(y)) [x, y] = [y, x];
      const hi = x + y;
      if (Number.isFinite(hi) && y - (hi - x) === 0) {
        tops[2 * n + 1] = hi;
        return;
      }
    }
    this.exactOf(n).addTerm(value);
  }

  /** Group `n`'s exact sum, made of its one partial when it had only that. */
  private exactOf(n: number): ExactSum {
    let sum = this.exact.get(n);
    if (sum === undefined) {
      sum = new ExactSum();
      sum.addTerm(this.state.values[2 * n + 1]);
      this.exact.set(n, sum);
      this.state.values[2 * n + 1] = NaN;
    }
    return sum;
  }

  private sum(n: number): number {
    const top = this.state.values[2 * n + 1];
    return top === top ? top : this.exact.get(n)!.sumValue();
  }

  result(n: number): Value {
    const count = this.state.values[2 * n];
    if (this.average) return count === 0 ? null : this.sum(n) / count;
    return count > 0 ? this.sum(n) : null;
  }

  /** `[n, special, overflow, ...partials]` per group, as `NumberSum.save()` gives it. */
  pack(count: number): PackedStates {
    const saved = new Map<number, ExactSumState>();
    let length = 0;
    for (let n = 0; n < count; n++) {
      const sum = this.state.values[2 * n + 1] === this.state.values[2 * n + 1] ? undefined : this.exact.get(n)!.saveSum();
      if (sum !== undefined) saved.set(n, sum);
      length += 3 + (sum === undefined ? 1 : sum.partials.length);
    }
    const ends = new Uint32Array(count);
    const values = new Float64Array(length);
    let at = 0;
    for (let n = 0; n < count; n++) {
      const sum = saved.get(n);
      values[at] = this.state.values[2 * n];
      values[at + 1] = sum?.special ?? 0;
      values[at + 2] = sum?.overflow ?? 0;
      at += 3;
      if (sum === undefined) values[at++] = this.state.values[2 * n + 1];
      else for (const p of sum.partials) values[at++] = p;
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
