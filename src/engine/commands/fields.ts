import type { Evaluator } from "../compile/types.js";
import { streaming, type StageFactory } from "./stage.js";

export interface Assignment {
  name: string;
  value: Evaluator;
}

/**
 * `fields` items that compute something (`abs(a - b)`, `x as y`): later commands see the new
 * fields. All items read the row as it was before the command, as one projection.
 */
export function fieldsStage(assignments: Assignment[]): StageFactory {
  return streaming((next) => ({
    push: (row) => {
      const values = assignments.map((a) => a.value(row));
      for (let i = 0; i < assignments.length; i++) row.set(assignments[i].name, values[i]);
      next.push(row);
    },
    end: () => next.end(),
  }));
}
