import type { Evaluator } from "../compile/types.js";
import type { Row } from "../record.js";
import { groupKey } from "../aggregates/group-key.js";
import { blocking, streaming, type StageFactory } from "./stage.js";
import { compareByTime } from "./sort.js";
import { TopN } from "./top-n.js";

/**
 * `dedup f1, f2`: the first row per combination of values in the current order. Rows where any
 * of the fields is missing are all kept (nulls are not duplicates).
 */
export function dedupStage(fields: Evaluator[]): StageFactory {
  return streaming((next) => {
    const seen = new Set<string>();
    return {
      push: (row) => {
        const key = keyOf(row, fields);
        if (key !== undefined) {
          if (seen.has(key)) return;
          seen.add(key);
        }
        next.push(row);
      },
      end: () => next.end(),
    };
  });
}

/**
 * `dedup` with no sort before it: the order is `@timestamp` descending, so the first row of a
 * combination is its latest. Holds one row per combination (plus the rows with nulls), not
 * the whole input; emits in time order.
 */
export function timeOrderedDedupStage(fields: Evaluator[]): StageFactory {
  return blocking((next) => {
    const latest = new Map<string, Row>();
    const withNulls: Row[] = [];
    const rows = (): Row[] => {
      const top = new TopN<Row>(compareByTime);
      for (const row of latest.values()) top.add(row);
      for (const row of withNulls) top.add(row);
      return top.result();
    };
    return {
      push: (row) => {
        const key = keyOf(row, fields);
        if (key === undefined) return void withNulls.push(row);
        const kept = latest.get(key);
        if (!kept || compareByTime(row, kept) < 0) latest.set(key, row);
      },
      end: () => {
        for (const row of rows()) next.push(row);
        next.end();
      },
      snapshot: rows,
    };
  });
}

function keyOf(row: Row, fields: Evaluator[]): string | undefined {
  const values = fields.map((f) => f(row));
  return values.includes(null) ? undefined : groupKey(values);
}
