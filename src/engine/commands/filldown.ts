import type { Value } from "../values.js";
import type { Stage, StageFactory } from "./stage.js";
import { inOrderStage } from "./in-order.js";

/** `filldown [field ...]`: a missing value takes the last value above it in the same field. */
export function filldownStage(fields: string[], timeOrder: boolean): StageFactory {
  return inOrderStage(timeOrder, (next): Stage => {
    const last = new Map<string, Value>();
    return {
      push: (row) => {
        for (const field of fields) {
          const v = row.get(field);
          if (v !== null) last.set(field, v);
          else if (last.has(field)) row.set(field, last.get(field) as Value);
        }
        next.push(row);
      },
      end: () => next.end(),
    };
  });
}
