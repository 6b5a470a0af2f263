import type { Value } from "../values.js";
import type { AggregateFunction } from "./registry.js";
import { toMillis } from "../functions/coerce.js";
import { unaryAggregate } from "./unary.js";

/** earliest(f) / latest(f): f from the row with the earliest / latest `@timestamp`. */
function byTime(name: string, later: boolean): AggregateFunction {
  return unaryAggregate(name, (arg) => {
    let bestTime = 0;
    let best: Value = null;
    const take = (v: Value, ms: number | null): void => {
      if (v === null || ms === null) return;
      // Ties keep the first row seen.
      if (best === null || (later ? ms > bestTime : ms < bestTime)) (best = v), (bestTime = ms);
    };
    return {
      add: (row) => take(arg(row), toMillis(row.get("@timestamp"))),
      result: () => best,
      save: () => ({ best, bestTime }),
      merge: (s) => {
        const saved = s as { best: Value; bestTime: number };
        take(saved.best, saved.bestTime);
      },
    };
  });
}

export const timeOrderedAggregates: AggregateFunction[] = [byTime("earliest", false), byTime("latest", true)].map((a) => ({ ...a, readsEventTime: true }));
