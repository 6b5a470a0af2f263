import type { Evaluator } from "../compile/types.js";
import type { Accumulator, AggregateFunction } from "./registry.js";
import { anyOrder, PresentCountColumn, RowCountColumn, withColumn } from "./columns.js";
import { SumColumn } from "./sum-column.js";
import { ExactSum } from "./exact-sum.js";
import type { Row } from "../record.js";
import type { Value } from "../values.js";
import { toNumber } from "../functions/coerce.js";

/*
 * The commonest accumulators are small classes rather than objects of closures: a stats holds
 * one per aggregate per group, and a closure-built one took about 500 bytes (a million groups
 * with three aggregates: 1.6 GB); an instance of these takes a few dozen.
 */

class RowCount implements Accumulator {
  protected n = 0;
  add(_row?: Row): void {
    this.n++;
  }
  result(): number {
    return this.n;
  }
  save(): number {
    return this.n;
  }
  merge(s: unknown): void {
    this.n += s as number;
  }
}

class PresentCount extends RowCount {
  constructor(private readonly arg: Evaluator) {
    super();
  }
  override add(row: Row): void {
    if (this.arg(row) !== null) this.n++;
  }
}

/**
 * The sum and count of the numeric values of `arg`, summed exactly (exact-sum.ts): the same
 * correctly rounded answer in one thread or merged from parts, which send their partials. It is
 * the exact sum itself rather than holding one: one object per group, not two (a stats by
 * 70,000 address pairs reaches a different group on nearly every row, and each object is a
 * cache miss).
 */
class NumberSum extends ExactSum implements Accumulator {
  protected n = 0;
  constructor(private readonly arg: Evaluator) {
    super();
  }
  add(row: Row): void {
    const x = toNumber(this.arg(row));
    if (x === null) return;
    this.addTerm(x);
    this.n++;
  }
  result(): Value {
    return this.n > 0 ? this.sumValue() : null;
  }
  /** `[n, ...the exact sum's state]`: only numbers, which a part packs into one array (packed-states.ts). */
  save(): number[] {
    const { partials, special, overflow } = this.saveSum();
    return [this.n, special, overflow, ...partials];
  }
  merge(s: unknown): void {
    const saved = s as number[];
    this.mergeSum({ special: saved[1], overflow: saved[2], partials: saved.slice(3) });
    this.n += saved[0];
  }
}

class NumberAverage extends NumberSum {
  override result(): Value {
    return this.n === 0 ? null : this.sumValue() / this.n;
  }
}

/** Rows where `arg` has a value: count(f), and countOverTime(f) within its group. */
export function countPresent(arg: Evaluator): Accumulator {
  return new PresentCount(arg);
}

/** The sum of the numeric values of `arg`; null when there were none (sum, sumOverTime). */
export function sumNumbers(arg: Evaluator): Accumulator {
  return new NumberSum(arg);
}

function countRows(): Accumulator {
  return new RowCount();
}

function average(arg: Evaluator): Accumulator {
  return new NumberAverage(arg);
}

/** count, sum, avg (reference §4.6). Missing and non-numeric values are skipped. Sums are exact, so their rows' order does not matter. */
export const basicAggregates: AggregateFunction[] = [
  {
    // count() and count(*) count rows; count(f) only those where f is present.
    name: "count",
    min: 0,
    max: 1,
    star: true,
    compile: (t) => {
      if (t.call.args.length === 0) return anyOrder(withColumn(() => countRows(), () => new RowCountColumn()));
      const arg = t.arg(0);
      return anyOrder(withColumn(() => countPresent(arg), () => new PresentCountColumn(arg)));
    },
  },
  {
    name: "sum",
    min: 1,
    max: 1,
    compile: (t) => {
      const arg = t.arg(0);
      return anyOrder(withColumn(() => sumNumbers(arg), () => new SumColumn(arg, false)));
    },
  },
  {
    name: "avg",
    min: 1,
    max: 1,
    compile: (t) => {
      const arg = t.arg(0);
      return anyOrder(withColumn(() => average(arg), () => new SumColumn(arg, true)));
    },
  },
];
