import type { Evaluator } from "../compile/types.js";
import { isTruthy } from "../functions/coerce.js";
import { streaming, type StageFactory } from "./stage.js";

/** `filter`, `where`, `filterIndex`: keeps rows whose condition is true. */
export function filterStage(condition: Evaluator): StageFactory {
  return streaming((next) => ({
    push: (row) => {
      if (isTruthy(condition(row))) next.push(row);
    },
    end: () => next.end(),
  }));
}
