import type { Value } from "../values.js";
import type { AggregateFunction } from "./registry.js";
import { groupKey } from "./group-key.js";
import { unaryAggregate } from "./unary.js";

/** countDistinct (old name count_distinct) and values: exact offline. */
function countDistinct(name: string): AggregateFunction {
  return unaryAggregate(name, (arg) => {
    const seen = new Set<string>();
    return {
      add: (row) => {
        const v = arg(row);
        if (v !== null) seen.add(groupKey([v]));
      },
      result: () => seen.size,
      save: () => [...seen],
      merge: (s) => {
        for (const key of s as string[]) seen.add(key);
      },
    };
  }, { anyOrder: true });
}

export const distinctAggregates: AggregateFunction[] = [
  countDistinct("countDistinct"),
  countDistinct("count_distinct"),
  // Distinct values in first-seen order.
  unaryAggregate("values", (arg) => {
    const seen = new Map<string, Value>();
    return {
      add: (row) => {
        const v = arg(row);
        if (v === null) return;
        const key = groupKey([v]);
        if (!seen.has(key)) seen.set(key, v);
      },
      result: () => [...seen.values()],
      save: () => [...seen],
      merge: (s) => {
        for (const [key, v] of s as Array<[string, Value]>) if (!seen.has(key)) seen.set(key, v);
      },
    };
  }),
];
