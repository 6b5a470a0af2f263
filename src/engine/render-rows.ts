import type { ResultRow } from "./api.js";
import type { Plan } from "./compile/plan.js";
import type { Row } from "./record.js";
import { renderValue } from "./render.js";

/** Rows as GetQueryResults gives them: each output column's value as text, missing ones left out. */
export function renderRows(plan: Plan, rows: readonly Row[], numberColumns?: readonly string[]): ResultRow[] {
  if (numberColumns && numberColumns.length > 0) return renderWithNumbers(plan, rows, numberColumns);
  return rows.map((row) => {
    const out: ResultRow = {};
    for (const column of plan.columns) {
      const text = renderValue(column.value(row));
      if (text !== undefined) out[column.name] = text;
    }
    return out;
  });
}

/** The same, but a finite number in one of `numberColumns` stays a number (-0 as 0): `RunOptions.numberColumns`. */
function renderWithNumbers(plan: Plan, rows: readonly Row[], numberColumns: readonly string[]): ResultRow[] {
  const columns = plan.columns;
  const keep = columns.map((column) => numberColumns.includes(column.name));
  return rows.map((row) => {
    const out: Record<string, string | number> = {};
    for (let i = 0; i < columns.length; i++) {
      const value = columns[i].value(row);
      if (keep[i] && typeof value === "number" && Number.isFinite(value)) {
        out[columns[i].name] = value === 0 ? 0 : value;
        continue;
      }
      const text = renderValue(value);
      if (text !== undefined) out[columns[i].name] = text;
    }
    return out as ResultRow;
  });
}
