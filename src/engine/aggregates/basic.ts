import type { AggregateFunction } from "./registry.js";
import { toNumber } from "../functions/coerce.js";

/** count, sum, avg (reference §4.6). Missing and non-numeric values are skipped. */
export const basicAggregates: AggregateFunction[] = [
  {
    name: "count",
    min: 0,
    max: 1,
    star: true,
    compile: (t) => {
      // count(), count(*) count rows; count(f) counts rows where f is present.
      const arg = t.call.args.length === 1 ? t.arg(0) : undefined;
      return () => {
        let n = 0;
        return {
          add: arg ? (row) => void (arg(row) !== null && n++) : () => void n++,
          result: () => n,
        };
      };
    },
  },
  {
    name: "sum",
    min: 1,
    max: 1,
    compile: (t) => {
      const arg = t.arg(0);
      return () => {
        let sum = 0;
        let seen = false;
        return {
          add: (row) => {
            const x = toNumber(arg(row));
            if (x !== null) (sum += x), (seen = true);
          },
          result: () => (seen ? sum : null),
        };
      };
    },
  },
  {
    name: "avg",
    min: 1,
    max: 1,
    compile: (t) => {
      const arg = t.arg(0);
      return () => {
        let sum = 0;
        let n = 0;
        return {
          add: (row) => {
            const x = toNumber(arg(row));
            if (x !== null) (sum += x), n++;
          },
          result: () => (n === 0 ? null : sum / n),
        };
      };
    },
  },
];
