/**
 * One aggregate's state for every group of a stats, by group number (commands/stats.ts).
 * `count`, `sum` and `avg` (sum-column.ts) keep theirs in typed arrays, a few numbers per group:
 * an object per group and aggregate (and a boxed double in it) was a cache miss on nearly every
 * row of a stats by 70,000 address pairs, and, since a part's groups live as long as the part,
 * most of what a thread's old generation collected (and grew to, between collections). Any other
 * aggregate keeps its accumulator objects (`ObjectColumn`).
 *
 * A column gives exactly what its accumulators would: the same results, and packed states for a
 * part to send in `save()`'s format (packed-states.ts) that hold the same values (a sum's
 * partials may be other doubles of the same exact sum: sum-column.ts).
 */
import type { Evaluator } from "../compile/types.js";
import type { Row } from "../record.js";
import type { Value } from "../values.js";
import type { Accumulator, AccumulatorFactory } from "./registry.js";
import { packStates, unpackState, type PackedStates } from "./packed-states.js";

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
  /** `take` given the value of the aggregate's argument rather than the row (engine/vended/flow-stats.ts). */
  takeValue?(value: Value, i: number): void;
  touch?(n: number): number;
  addTaken?(n: number, i: number): void;
}

/** The rows of a batch (commands/stats-batch.ts): enough for their cache misses to overlap. */
export const BATCH_ROWS = 64;

/** A column for an aggregate, when it has its own (`AccumulatorFactory.column`); `partial` as for accumulators. */
export type ColumnFactory = (partial: boolean) => AccumulatorColumn;

export function columnOf(create: AccumulatorFactory, partial: boolean): AccumulatorColumn {
  const own = create.column?.(partial);
  if (own !== undefined) return own;
  return typeof create(partial).take === "function" ? new ValueObjectColumn(create, partial) : new ObjectColumn(create, partial);
}

/** An accumulator factory that also makes a column. */
export function withColumn(create: (partial?: boolean) => Accumulator, column: ColumnFactory): AccumulatorFactory {
  return Object.assign(create, { column });
}

/** `create`, marked as an aggregate whose rows' order does not change its result (`AccumulatorFactory.anyOrder`). */
export function anyOrder(create: AccumulatorFactory): AccumulatorFactory {
  return Object.assign(create, { anyOrder: true });
}

/** An accumulator object per group. */
class ObjectColumn implements AccumulatorColumn {
  protected readonly accumulators: Accumulator[] = [];

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

/** Accumulator objects that can be handed their argument's value (`Accumulator.take`): a row at a time, no batch. */
class ValueObjectColumn extends ObjectColumn {
  private readonly taken: Value[] = new Array<Value>(BATCH_ROWS).fill(null);

  takeValue(value: Value, i: number): void {
    this.taken[i] = value;
  }

  addTaken(n: number, i: number): void {
    this.accumulators[n].take!(this.taken[i]);
  }
}

/** A Float64Array of `stride` numbers per group, side by side, grown as groups come (new ones 0). */
export class Numbers {
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
  takeValue(value: Value, i: number): void {}
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
  override takeValue(value: Value, i: number): void {
    this.present[i] = value !== null ? 1 : 0;
  }
  override addTaken(n: number, i: number): void {
    if (this.present[i] === 1) super.add(n);
  }
}
