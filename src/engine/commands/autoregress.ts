import type { Value } from "../values.js";
import type { Stage, StageFactory } from "./stage.js";
import { inOrderStage } from "./in-order.js";

/**
 * `autoregress field p=N-M`: each row gets the value `field` had N..M rows above it (columns
 * `field_pN`..., or the alias for one lag); the first rows, with no row that far above, get none.
 */
export function autoregressStage(field: string, lags: Array<{ lag: number; out: string }>, timeOrder: boolean): StageFactory {
  const depth = Math.max(...lags.map((l) => l.lag));
  return inOrderStage(timeOrder, (next): Stage => {
    const previous: Value[] = [];
    return {
      push: (row) => {
        for (const { lag, out } of lags) {
          const v = previous[previous.length - lag];
          if (v !== undefined && v !== null) row.set(out, v);
        }
        previous.push(row.get(field));
        if (previous.length > depth) previous.shift();
        next.push(row);
      },
      end: () => next.end(),
    };
  });
}
