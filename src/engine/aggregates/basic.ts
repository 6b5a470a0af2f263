import type { Evaluator } from "../compile/types.js";
import type { Accumulator, AggregateFunction } from "./registry.js";
import { unaryAggregate } from "./unary.js";
import { NumberLog } from "./number-log.js";
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
 * The sum and count of the numeric values of `arg`. A partial accumulator (engine/parallel)
 * logs its numbers instead, so that the merging thread adds them in one thread's order
 * (`NumberLog`).
 */
class NumberSum implements Accumulator {
  protected sum = 0;
  protected n = 0;
  private readonly log: NumberLog | undefined;
  constructor(
    private readonly arg: Evaluator,
    partial: boolean,
  ) {
    this.log = partial ? new NumberLog() : undefined;
  }
  add(row: Row): void {
    const x = toNumber(this.arg(row));
    if (x === null) return;
    if (this.log) this.log.push(x);
    else this.take(x);
  }
  private take(x: number): void {
    this.sum += x;
    this.n++;
  }
  result(): Value {
    return this.n > 0 ? this.sum : null;
  }
  save(): Float64Array | undefined {
    return this.log?.values();
  }
  merge(s: unknown): void {
    for (const x of s as Float64Array) this.take(x);
  }
}

class NumberAverage extends NumberSum {
  override result(): Value {
    return this.n === 0 ? null : this.sum / this.n;
  }
}

/** Rows where `arg` has a value: count(f), and countOverTime(f) within its group. */
export function countPresent(arg: Evaluator): Accumulator {
  return new PresentCount(arg);
}

/** The sum of the numeric values of `arg`; null when there were none (sum, sumOverTime). */
export function sumNumbers(arg: Evaluator, partial = false): Accumulator {
  return new NumberSum(arg, partial);
}

function countRows(): Accumulator {
  return new RowCount();
}

function average(arg: Evaluator, partial: boolean): Accumulator {
  return new NumberAverage(arg, partial);
}

/** count, sum, avg (reference §4.6). Missing and non-numeric values are skipped. */
export const basicAggregates: AggregateFunction[] = [
  {
    // count() and count(*) count rows; count(f) only those where f is present.
    name: "count",
    min: 0,
    max: 1,
    star: true,
    compile: (t) => {
      if (t.call.args.length === 0) return () => countRows();
      const arg = t.arg(0);
      return () => countPresent(arg);
    },
  },
  unaryAggregate("sum", sumNumbers),
  unaryAggregate("avg", average),
];
