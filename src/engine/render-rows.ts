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

/**
 * The same texts without an object per row, for a worker thread to send (engine/parallel/list.ts):
 * row after row, one entry per output column, null where `renderRows` leaves the column out.
 * An array of strings costs a fraction of what objects cost to copy between threads.
 */
export function renderFlat(plan: Plan, rows: readonly Row[], out: Array<string | null>): void {
  const columns = plan.columns;
  for (const row of rows) {
    for (const column of columns) out.push(renderValue(column.value(row)) ?? null);
  }
}

/** The rows `renderFlat` flattened, as `renderRows` makes them. */
export function unflattenRows(names: readonly string[], flat: ReadonlyArray<string | null>): ResultRow[] {
  const rows: ResultRow[] = [];
  const n = names.length;
  for (let at = 0; at < flat.length; at += n) {
    const out: ResultRow = {};
    for (let j = 0; j < n; j++) {
      const text = flat[at + j];
      if (text !== null) out[names[j]] = text;
    }
    rows.push(out);
  }
  return rows;
}
