import type { Value } from "../values.js";
import type { AggregateFunction } from "./registry.js";
import { toNumber } from "../functions/coerce.js";

/**
 * The value `pct(f, p)` picks from the n sorted values: nearest rank, ceil(p/100 * n), so the
 * result is always one of the observed values. CloudWatch's algorithm is not documented (it
 * may be approximate); a golden result from the real service overturns this one function.
 */
export function percentileRank(p: number, n: number): number {
  return Math.min(n - 1, Math.max(0, Math.ceil((p / 100) * n) - 1));
}

export const percentileAggregates: AggregateFunction[] = [
  {
    name: "pct",
    min: 2,
    max: 2,
    compile: (t) => {
      const p = t.literal(1);
      if (typeof p !== "number" || p < 0 || p > 100) {
        t.error("TL305", t.call.args[1]?.span ?? t.call.span, "the percentile must be a number from 0 to 100", "write e.g. pct(@duration, 95)");
        return undefined;
      }
      const arg = t.arg(0);
      return () => {
        const values: Array<{ x: number; v: Value }> = [];
        let sorted = true;
        return {
          add: (row) => {
            const v = arg(row);
            const x = toNumber(v);
            if (x === null) return;
            if (values.length > 0 && x < values[values.length - 1].x) sorted = false;
            values.push({ x, v });
          },
          result: () => {
            if (values.length === 0) return null;
            if (!sorted) values.sort((a, b) => a.x - b.x), (sorted = true);
            return values[percentileRank(p, values.length)].v;
          },
        };
      };
    },
  },
];
