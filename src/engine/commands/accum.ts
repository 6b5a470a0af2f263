import type { Stage, StageFactory } from "./stage.js";
import { toNumber } from "../functions/coerce.js";
import { inOrderStage } from "./in-order.js";

/**
 * `accum field [AS out]`: the running sum of `field` down the rows. A row whose value is
 * missing or not a number adds nothing and shows the sum so far; without AS the sum replaces
 * the field (decision, DECISIONS.md).
 */
export function accumStage(field: string, out: string, timeOrder: boolean): StageFactory {
  return inOrderStage(timeOrder, (next): Stage => {
    let sum = 0;
    return {
      push: (row) => {
        sum += toNumber(row.get(field)) ?? 0;
        row.set(out, sum);
        next.push(row);
      },
      end: () => next.end(),
    };
  });
}
