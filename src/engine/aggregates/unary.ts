import type { Evaluator } from "../compile/types.js";
import type { Accumulator, AccumulatorFactory, AggregateFunction } from "./registry.js";

/** An aggregate of one ordinary argument, compiled once; `start` builds each group's state. */
export function unaryAggregate(
  name: string,
  start: (arg: Evaluator, partial: boolean) => Accumulator,
  options: Pick<AggregateFunction, "needsBin"> & Pick<AccumulatorFactory, "anyOrder"> = {},
): AggregateFunction {
  const { anyOrder, ...rest } = options;
  return {
    name,
    min: 1,
    max: 1,
    ...rest,
    compile: (t) => {
      const arg = t.arg(0);
      return Object.assign((partial = false) => start(arg, partial), { anyOrder });
    },
  };
}
