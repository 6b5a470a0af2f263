import type { Evaluator } from "../compile/types.js";
import type { Value } from "../values.js";
import { streaming, type StageFactory } from "./stage.js";

/**
 * `unnest expr into name`: one row per element of a list; a map, string or number is a
 * one-element list; a missing value or an empty list leaves no row.
 */
export function unnestStage(list: Evaluator, into: string): StageFactory {
  return streaming((next) => ({
    push: (row) => {
      const v = list(row);
      const items: Value[] = v === null ? [] : Array.isArray(v) ? v : [v];
      for (const item of items) {
        const out = row.copy();
        out.set(into, item);
        next.push(out);
      }
    },
    end: () => next.end(),
  }));
}
