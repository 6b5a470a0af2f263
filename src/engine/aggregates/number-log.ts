import type { Evaluator } from "../compile/types.js";
import type { Accumulator } from "./registry.js";
import { toNumber } from "../functions/coerce.js";

/**
 * The numbers a partial accumulator (engine/parallel) saw, in order. Floating-point sums depend
 * on the order of their terms, so variance and stddev send their inputs, not a running total
 * (sum and avg are summed exactly instead: exact-sum.ts), and the merging thread adds them
 * exactly as one thread would have.
 */
export class NumberLog {
  // Small to start with: a worker holds one per group, and most groups see few numbers.
  private xs = new Float64Array(4);
  private n = 0;

  push(x: number): void {
    if (this.n === this.xs.length) {
      const grown = new Float64Array(this.n * 2);
      grown.set(this.xs);
      this.xs = grown;
    }
    this.xs[this.n++] = x;
  }

  values(): Float64Array {
    return this.xs.slice(0, this.n);
  }
}

/**
 * The add/save/merge of an accumulator that folds the numbers of `arg` with `take`, in order: at
 * once, or, for a partial accumulator, logged so that the merging thread folds them in the same
 * order. Missing and non-numeric values are skipped.
 */
export function foldNumbers(arg: Evaluator, partial: boolean, take: (x: number) => void): Pick<Accumulator, "add" | "save" | "merge"> {
  const log = partial ? new NumberLog() : undefined;
  return {
    add: (row) => {
      const x = toNumber(arg(row));
      if (x === null) return;
      if (log) log.push(x);
      else take(x);
    },
    save: () => log?.values(),
    merge: (s) => {
      for (const x of s as Float64Array) take(x);
    },
  };
}
