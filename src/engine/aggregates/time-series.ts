import type { AggregateFunction } from "./registry.js";

/**
 * The 2026 time-series helpers. Their output shape (one value per bin inside a row) is not
 * documented well enough to reproduce offline, so they are a clear TL502 rather than a guess.
 */
function unsupported(name: string): AggregateFunction {
  return {
    name,
    min: 0,
    max: Infinity,
    compile: (t) => {
      t.error(
        "TL502",
        t.call.span,
        `${name}() is not supported offline`,
        "run this query on CloudWatch, or use stats ... by bin(period) instead",
      );
      return undefined;
    },
  };
}

export const timeSeriesAggregates: AggregateFunction[] = ["rate", "countOverTime", "sumOverTime", "histogram"].map(unsupported);
