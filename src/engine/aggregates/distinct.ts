import type { Value } from "../values.js";
import type { AggregateFunction } from "./registry.js";
import { groupKey } from "./group-key.js";

/** countDistinct (old name count_distinct) and values: exact offline. */
function countDistinct(name: string): AggregateFunction {
  return {
    name,
    min: 1,
    max: 1,
    compile: (t) => {
      const arg = t.arg(0);
      return () => {
        const seen = new Set<string>();
        return {
          add: (row) => {
            const v = arg(row);
            if (v !== null) seen.add(groupKey([v]));
          },
          result: () => seen.size,
        };
      };
    },
  };
}

export const distinctAggregates: AggregateFunction[] = [
  countDistinct("countDistinct"),
  countDistinct("count_distinct"),
  {
    // Distinct values in first-seen order.
    name: "values",
    min: 1,
    max: 1,
    compile: (t) => {
      const arg = t.arg(0);
      return () => {
        const seen = new Map<string, Value>();
        return {
          add: (row) => {
            const v = arg(row);
            if (v === null) return;
            const key = groupKey([v]);
            if (!seen.has(key)) seen.set(key, v);
          },
          result: () => [...seen.values()],
        };
      };
    },
  },
];
