import { Row } from "../record.js";
import { toNumber } from "../functions/coerce.js";
import { streaming, type StageFactory } from "./stage.js";
import { holdingStage } from "./holding.js";

export interface AddtotalsSpec {
  /** The fields summed (the listed ones, or every column at this point). */
  fields: string[];
  /** The row-total column, when row totals are on. */
  total?: string;
  /** Whether a summary row with each field's column total comes last. */
  col: boolean;
}

/**
 * `addtotals`: each row's total of its numeric values among `fields` (a row with none gets no
 * total); with col=true a last row holds each field's sum over the rows that have a number
 * there, the total column's too (decision, DECISIONS.md).
 */
export function addtotalsStage(spec: AddtotalsSpec): StageFactory {
  const addRowTotal = (row: Row): void => {
    if (spec.total === undefined) return;
    let sum = 0;
    let any = false;
    for (const field of spec.fields) {
      const n = toNumber(row.get(field));
      if (n !== null) [sum, any] = [sum + n, true];
    }
    if (any) row.set(spec.total, sum);
  };
  if (!spec.col) {
    return streaming((next) => ({
      push: (row) => {
        addRowTotal(row);
        next.push(row);
      },
      end: () => next.end(),
    }));
  }
  const summed = spec.total === undefined ? spec.fields : [...spec.fields, spec.total];
  return holdingStage((held) => {
    const sums = new Map<string, number>();
    for (const row of held) {
      for (const field of summed) {
        const n = toNumber(row.get(field));
        if (n !== null) sums.set(field, (sums.get(field) ?? 0) + n);
      }
    }
    const summary = new Row(null, held.reduce((max, row) => Math.max(max, row.seq), 0) + 1);
    for (const [field, sum] of sums) summary.set(field, sum);
    return [...held, summary];
  }, addRowTotal);
}
