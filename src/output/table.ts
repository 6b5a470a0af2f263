import type { Tabular } from "./formats.js";
import { isNumeric } from "./display-number.js";
import { textWidth } from "./text-width.js";
import { droppedNote, renderFittedTable, type FitOptions, type FittedTable, type TableColumn } from "./fitted-table.js";
import type { ColumnRole } from "./fit-widths.js";

export type TableOptions = FitOptions;

/**
 * Values wider than this many terminal columns make a column free text (cut first); narrower ones
 * are labels, kept whole. Columns, not UTF-16 units: 32 CJK characters take 64 and, read as a
 * label that may not be cut, were left out whole at 80 columns.
 */
const FREE_TEXT_WIDTH = 32;
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}/;
const ID_FIELD = /(^@ptr$|^@?(request|trace|span|todo|event|query)?_?id$|_id$|Id$)/i;

/**
 * Query rows as a fitted table. Each column's role is read from its name and values: times,
 * ids and numbers are kept whole (numbers right-aligned, long fractions rounded), `@message`
 * and long values are free text, cut first; when that is not enough, `@ptr` and then the
 * rightmost other columns are left out (and `dropped` names them).
 */
export function renderTable(data: Tabular, options: TableOptions): FittedTable {
  const n = data.fields.length;
  const columns: TableColumn[] = data.fields.map((field, i) => {
    const role = roleOf(field, data.rows.map((row) => row[field]).filter((v): v is string => v !== undefined && v !== ""));
    // Left out first: @ptr (for follow-up, not reading), then from the right; the first column
    // and the free text (cut to make room before anything is left out) stay longest.
    const priority = field === "@ptr" ? -1 : i === 0 ? n + 2 : role === "text" ? n + 1 : n - i;
    return { header: field, role, priority };
  });
  return renderFittedTable(columns, data.rows.map((row) => data.fields.map((field) => row[field] ?? "")), options);
}

/** `renderTable`'s text, with a note for stderr when columns were left out. */
export function tableWithNote(data: Tabular, options: TableOptions): { text: string; note?: string } {
  const { text, dropped } = renderTable(data, options);
  const note = droppedNote(dropped, options.maxWidth);
  return note === undefined ? { text } : { text, note };
}

function roleOf(field: string, values: readonly string[]): ColumnRole {
  if (field === "@message") return "text";
  if (values.length === 0) return "label";
  if (field === "@timestamp" || field === "@ingestionTime" || values.every((v) => TIMESTAMP.test(v))) return "timestamp";
  if (values.every(isNumeric)) return "number";
  if (ID_FIELD.test(field)) return "id";
  return values.some((v) => textWidth(v) > FREE_TEXT_WIDTH) ? "text" : "label";
}
