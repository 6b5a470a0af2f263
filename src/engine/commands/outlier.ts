import type { Row } from "../record.js";
import { toNumber } from "../functions/coerce.js";
import { percentileRank } from "../aggregates/percentile.js";
import type { StageFactory } from "./stage.js";
import { holdingStage } from "./holding.js";

/** The marker field of `outlier mark=true` (AWS names none: decision, DECISIONS.md). */
export const OUTLIER_MARK_FIELD = "_outlier";

export interface OutlierSpec {
  fields: string[];
  action: "remove" | "transform";
  param: number;
  uselower: boolean;
  mark: boolean;
}

/**
 * `outlier`: per field, the quartiles Q1 and Q3 of its numbers over all rows (nearest rank, as
 * `pct`); a value above Q3 + param × IQR (or, with uselower, below Q1 − param × IQR) is an
 * outlier. `remove` drops the row, `transform` clamps the value to that bound; `mark` sets
 * `_outlier` to whether the row had one.
 */
export function outlierStage(spec: OutlierSpec): StageFactory {
  return holdingStage((input) => {
    const bounds = spec.fields.map((field) => boundsOf(input, field, spec.param));
    const out: Row[] = [];
    for (const row of input) {
      let outlying = false;
      spec.fields.forEach((field, i) => {
        const b = bounds[i];
        const n = toNumber(row.get(field));
        if (b === undefined || n === null) return;
        const clamped = n > b.upper ? b.upper : spec.uselower && n < b.lower ? b.lower : n;
        if (clamped === n) return;
        outlying = true;
        if (spec.action === "transform") row.set(field, clamped);
      });
      if (spec.mark) row.set(OUTLIER_MARK_FIELD, outlying);
      if (!(outlying && spec.action === "remove")) out.push(row);
    }
    return out;
  });
}

function boundsOf(rows: Row[], field: string, param: number): { lower: number; upper: number } | undefined {
  const values = rows.map((r) => toNumber(r.get(field))).filter((n): n is number => n !== null);
  if (values.length === 0) return undefined;
  values.sort((a, b) => a - b);
  const q1 = values[percentileRank(25, values.length)];
  const q3 = values[percentileRank(75, values.length)];
  const iqr = q3 - q1;
  return { lower: q1 - param * iqr, upper: q3 + param * iqr };
}
