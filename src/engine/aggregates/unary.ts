import type { Evaluator } from "../compile/types.js";
import type { Accumulator, AggregateFunction } from "./registry.js";

/** An aggregate of one ordinary argument, compiled once; `start` builds each group's state. */
export function unaryAggregate(
  name: string,
  start: (arg: Evaluator, partial: boolean) => Accumulator,
  options: Pick<AggregateFunction, "needsBin"> = {},
): AggregateFunction {
  return {
    name,
    min: 1,
    max: 1,
    ...options,
    compile: (t) => {
      const arg = t.arg(0);
      return (partial = false) => start(arg, partial);
    },
  };
}
