import type { Value } from "../values.js";
import { Row } from "../record.js";
import { groupKey } from "../aggregates/group-key.js";
import { blocking, type StageFactory } from "./stage.js";

/** The documented count column of `countFrequent`. */
export const APPROX_COUNT_FIELD = "_approxcount";

/**
 * `countFrequent f, ...`: one row per combination of values with its count, most frequent
 * first (ties in order of first appearance). tolog counts exactly; CloudWatch documents its
 * count as approximate, and an exact count is what an approximation estimates (decision,
 * DECISIONS.md). A missing value is a value of its own, as in stats ... by.
 */
export function countFrequentStage(fields: string[]): StageFactory {
  return blocking((next) => {
    const counts = new Map<string, { values: Value[]; count: number; order: number }>();
    const rows = (): Row[] =>
      [...counts.values()]
        .sort((a, b) => b.count - a.count || a.order - b.order)
        .map((group, i) => {
          const row = new Row(null, i);
          fields.forEach((f, j) => row.set(f, group.values[j]));
          row.set(APPROX_COUNT_FIELD, group.count);
          return row;
        });
    return {
      push: (row) => {
        const values = fields.map((f) => row.get(f));
        const key = groupKey(values);
        const group = counts.get(key);
        if (group) group.count++;
        else counts.set(key, { values, count: 1, order: counts.size });
      },
      end: () => {
        for (const row of rows()) next.push(row);
        next.end();
      },
      snapshot: rows,
    };
  });
}
