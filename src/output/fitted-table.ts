import type { ChalkInstance } from "chalk";
import { roundForDisplay } from "./display-number.js";
import { fitWidths, type ColumnRole } from "./fit-widths.js";
import { printable } from "./printable.js";
import { cutStartToWidth, cutToWidth, textWidth } from "./text-width.js";
import { drawBoxedTable } from "./boxed-table.js";

export type { ColumnRole } from "./fit-widths.js";

/**
 * A column declares what it holds, and fitting follows from that: timestamps, ids, numbers and
 * labels are never cut; free text is cut first and charts next; numbers are right-aligned.
 */
export interface TableColumn {
  header: string;
  role: ColumnRole;
  /** Left out later than columns of lower priority (default 0; ties: the rightmost goes first). */
  priority?: number;
  /** text and chart: the narrowest the column is cut to (default 12 for text, 10 for charts). */
  minWidth?: number;
  /** chart: the width it is drawn at when there is room. */
  chartWidth?: number;
  /** text: which end a cut value loses ("end" by default; "start" keeps a path's file name). */
  cut?: "end" | "start";
}

/** A cell: plain text, or text with colours applied after cutting, or a chart drawn at the column's width. */
export type TableCell = string | { text: string; style?: (text: string) => string } | { draw: (width: number) => string; style?: (text: string) => string };

export interface FitOptions {
  /** Colours the header (bold); plain text when its level is 0. */
  chalk: ChalkInstance;
  /** The terminal's width; none: every column at its natural width. */
  maxWidth?: number;
}

export interface FittedTable {
  /** The boxed table, ending in a newline; "" when there are no columns. */
  text: string;
  /** Headers of the columns left out to fit, in table order. */
  dropped: string[];
}

const DEFAULT_MIN = { text: 12, chart: 10 } as const;
/** A chart cell without a chart width is drawn this wide when there is room. */
const DEFAULT_CHART_WIDTH = 20;

/** A boxed table fitted to `maxWidth`, header first, one line per row, control characters escaped. */
export function renderFittedTable(columns: readonly TableColumn[], rows: readonly (readonly TableCell[])[], options: FitOptions): FittedTable {
  if (columns.length === 0) return { text: "", dropped: [] };
  const headers = columns.map((column) => printable(column.header));
  const texts = rows.map((row) => columns.map((column, i) => cellText(row[i], column)));
  const natural = columns.map((column, i) =>
    column.role === "chart" ? Math.max(textWidth(headers[i]), column.chartWidth ?? DEFAULT_CHART_WIDTH) : Math.max(textWidth(headers[i]), ...texts.map((row) => textWidth(row[i]))),
  );
  const widths =
    options.maxWidth === undefined
      ? natural
      : fitWidths(
          columns.map((column, i) => ({
            role: column.role,
            natural: natural[i],
            min: column.role === "text" || column.role === "chart" ? (column.minWidth ?? DEFAULT_MIN[column.role]) : natural[i],
            priority: column.priority ?? 0,
          })),
          options.maxWidth,
        );
  const kept = columns.map((_, i) => i).filter((i) => widths[i] !== null);
  const width = (i: number) => widths[i] as number;
  const head = kept.map((i) => options.chalk.bold(cutToWidth(headers[i], width(i))));
  const body = rows.map((row, r) =>
    kept.map((i) => {
      const cell = row[i];
      // A chart drawn wider than asked is cut as any text (what cli-table3 did before).
      const cut = columns[i].cut === "start" ? cutStartToWidth : cutToWidth;
      const text = cut(typeof cell === "object" && "draw" in cell ? printable(cell.draw(width(i))) : texts[r][i], width(i));
      return typeof cell === "object" && cell.style ? cell.style(text) : text;
    }),
  );
  // Colour is decided by `chalk` alone; one line per row keeps long results scannable.
  const table = drawBoxedTable(head, body, kept.map(width), kept.map((i) => columns[i].role === "number"));
  return { text: table + "\n", dropped: columns.filter((_, i) => widths[i] === null).map((column) => column.header) };
}

/** "columns left out to fit 80 columns: status, @ptr (a wider terminal, or ...)", for stderr; undefined when none was. */
export function droppedNote(dropped: readonly string[], maxWidth: number | undefined): string | undefined {
  if (dropped.length === 0) return undefined;
  const what = dropped.length === 1 ? "column" : "columns";
  return `${what} left out to fit ${maxWidth} columns: ${dropped.join(", ")} (a wider terminal, or --format csv or json, shows every column)`;
}

function cellText(cell: TableCell | undefined, column: TableColumn): string {
  if (cell === undefined) return "";
  if (typeof cell === "object" && "draw" in cell) return "";
  const text = printable(typeof cell === "string" ? cell : cell.text);
  return column.role === "number" ? roundForDisplay(text) : text;
}
