import type { Value } from "../values.js";
import type { AggregateFunction } from "./registry.js";
import { groupKey } from "./group-key.js";

export const TOPK_MAX = 10_000;

/** topk(k, f): the k most frequent values of f, most frequent first (ties: first seen first). */
export const topkAggregates: AggregateFunction[] = [
  {
    name: "topk",
    min: 2,
    max: 2,
    alone: true,
    compile: (t) => {
      const k = t.literal(0);
      if (typeof k !== "number" || !Number.isInteger(k) || k < 1 || k > TOPK_MAX) {
        t.error("TL305", t.call.args[0]?.span ?? t.call.span, `k must be an integer from 1 to ${TOPK_MAX}`, "write e.g. topk(5, url)");
        return undefined;
      }
      const arg = t.arg(1);
      return () => {
        const counts = new Map<string, { v: Value; n: number; first: number }>();
        return {
          add: (row) => {
            const v = arg(row);
            if (v === null) return;
            const key = groupKey([v]);
            const entry = counts.get(key);
            if (entry) entry.n++;
            else counts.set(key, { v, n: 1, first: counts.size });
          },
          result: () =>
            [...counts.values()]
              .sort((a, b) => b.n - a.n || a.first - b.first)
              .slice(0, k)
              .map((e) => e.v),
          save: () => [...counts].map(([key, e]) => [key, e.v, e.n]),
          merge: (s) => {
            for (const [key, v, n] of s as Array<[string, Value, number]>) {
              const entry = counts.get(key);
              if (entry) entry.n += n;
              else counts.set(key, { v, n, first: counts.size });
            }
          },
        };
      };
    },
  },
];
