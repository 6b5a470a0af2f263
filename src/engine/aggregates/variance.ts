import type { AggregateFunction } from "./registry.js";
import { unaryAggregate } from "./unary.js";
import { foldNumbers } from "./number-log.js";

/**
 * `variance` is documented as the population variance. `stddev` is not documented either way;
 * tolog uses the sample standard deviation (n - 1), as SQL's STDDEV does. One constant each.
 */
export const VARIANCE_IS_SAMPLE = false;
export const STDDEV_IS_SAMPLE = true;

function spread(name: string, sample: boolean, root: boolean): AggregateFunction {
  return unaryAggregate(name, (arg, partial) => {
    // Welford's running mean and sum of squared deviations: stable for large inputs.
    let n = 0;
    let mean = 0;
    let m2 = 0;
    const take = (x: number): void => {
      n++;
      const delta = x - mean;
      mean += delta / n;
      m2 += delta * (x - mean);
    };
    return {
      ...foldNumbers(arg, partial, take),
      result: () => {
        const d = sample ? n - 1 : n;
        if (n === 0 || d <= 0) return n === 1 ? 0 : null;
        const v = m2 / d;
        return root ? Math.sqrt(v) : v;
      },
    };
  });
}

export const varianceAggregates: AggregateFunction[] = [
  spread("variance", VARIANCE_IS_SAMPLE, false),
  spread("stddev", STDDEV_IS_SAMPLE, true),
];
