import type { Evaluator } from "../compile/types.js";
import type { Accumulator, AggregateFunction } from "./registry.js";
import { unaryAggregate } from "./unary.js";
import { foldNumbers } from "./number-log.js";

/** Rows where `arg` has a value: count(f), and countOverTime(f) within its group. */
export function countPresent(arg: Evaluator): Accumulator {
  let n = 0;
  return { add: (row) => void (arg(row) !== null && n++), result: () => n, save: () => n, merge: (s) => void (n += s as number) };
}

/** The sum of the numeric values of `arg`; null when there were none (sum, sumOverTime). */
export function sumNumbers(arg: Evaluator, partial = false): Accumulator {
  let sum = 0;
  let seen = false;
  const fold = foldNumbers(arg, partial, (x) => void ((sum += x), (seen = true)));
  return { ...fold, result: () => (seen ? sum : null) };
}

function countRows(): Accumulator {
  let n = 0;
  return { add: () => void n++, result: () => n, save: () => n, merge: (s) => void (n += s as number) };
}

function average(arg: Evaluator, partial: boolean): Accumulator {
  let sum = 0;
  let n = 0;
  const fold = foldNumbers(arg, partial, (x) => void ((sum += x), n++));
  return { ...fold, result: () => (n === 0 ? null : sum / n) };
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
