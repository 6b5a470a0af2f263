import type { Value } from "../values.js";
import type { Row } from "../record.js";
import type { StageFactory } from "./stage.js";
import { holdingStage } from "./holding.js";
import { compareByTime } from "./sort.js";

/**
 * `appendcols ( subquery )`: the subquery's i-th row's columns go into the i-th row, in the
 * order the rows have here (newest first when nothing ordered them). A field the row has
 * already keeps its value unless `override=true`; rows past the subquery's last get nothing,
 * and subquery rows past the last row here are dropped (decision, DECISIONS.md).
 */
export function appendcolsStage(columns: ReadonlyArray<Array<[string, Value]>>, override: boolean, timeOrder: boolean): StageFactory {
  return holdingStage((held) => {
    const ordered = timeOrder ? [...held].sort(compareByTime) : held;
    ordered.forEach((row, i) => {
      for (const [name, value] of columns[i] ?? []) {
        if (value === null) continue;
        if (override || row.get(name) === null) row.set(name, value);
      }
    });
    return ordered;
  });
}
