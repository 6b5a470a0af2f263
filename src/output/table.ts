import Table from "cli-table3";
import type { ChalkInstance } from "chalk";
import type { Tabular } from "./formats.js";

export interface TableOptions {
  /** Colours the header; plain text when the chalk instance has level 0. */
  chalk: ChalkInstance;
  /** Terminal width: long values are cut with an ellipsis so each line fits. None: no limit. */
  maxWidth?: number;
}

const NO_RULE = { mid: "", "left-mid": "", "mid-mid": "", "right-mid": "" };
const ELLIPSIS = "…";
/** Columns are never cut narrower than this many characters (ellipsis included). */
const MIN_COLUMN = 4;
/** Columns up to this wide hold timestamps (23), ids and numbers: cut them last. */
const SHORT_COLUMN = 24;
const MIN_WIDE_COLUMN = 10;

/** A boxed table, header first, one line per row (newlines inside values shown as ↵). */
export function renderTable(data: Tabular, options: TableOptions): string {
  if (data.fields.length === 0) return "";
  const cells = data.rows.map((row) => data.fields.map((field) => oneLine(row[field] ?? "")));
  const natural = data.fields.map((field, i) => Math.max(width(field), ...cells.map((row) => width(row[i]))));
  const contentWidths = options.maxWidth === undefined ? natural : fitColumns(natural, options.maxWidth);
  const table = new Table({
    head: data.fields.map((field) => options.chalk.bold(field)),
    colWidths: contentWidths.map((w) => w + 2),
    truncate: ELLIPSIS,
    wordWrap: false,
    // cli-table3 colours header and borders by default; colour is decided by `chalk` alone.
    style: { head: [], border: [] },
  });
  // No rule between rows (log results are long; one line per row keeps them scannable). The
  // rule above a row belongs to its cells, so the first row keeps it: it underlines the header.
  table.push(...cells.map((row, i) => (i === 0 ? row : row.map((content) => ({ content, chars: NO_RULE })))));
  return table.toString() + "\n";
}

/**
 * Content widths that fit `maxWidth` once borders and padding are added. Wide columns (long
 * messages) are cut first, to a common cap as large as fits, but not below 10 characters;
 * only when that is not enough are short columns (timestamps, ids, counts) cut too.
 */
export function fitColumns(natural: number[], maxWidth: number): number[] {
  const budget = maxWidth - (natural.length * 3 + 1);
  if (natural.reduce((sum, w) => sum + w, 0) <= budget) return natural;
  const wideOnly = (cap: number) => natural.map((w) => (w <= SHORT_COLUMN ? w : Math.min(w, cap)));
  const all = (cap: number) => natural.map((w) => Math.min(w, cap));
  const widths = sum(wideOnly(MIN_WIDE_COLUMN)) <= budget ? wideOnly : all;
  const floor = widths === wideOnly ? MIN_WIDE_COLUMN : MIN_COLUMN;
  let low = floor;
  let high = Math.max(...natural);
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    if (sum(widths(mid)) <= budget) low = mid;
    else high = mid - 1;
  }
  return widths(low);
}

function sum(values: number[]): number {
  return values.reduce((total, v) => total + v, 0);
}

function oneLine(value: string): string {
  return value.replace(/\r?\n/g, "↵").replace(/\t/g, " ");
}

/** Code points, not UTF-16 units; wide characters count as one (good enough for log text). */
function width(text: string): number {
  let n = 0;
  for (const _ of text) n++;
  return n;
}
