import { printNote } from "./print-note.js";
import type { QueryResult } from "../engine/api.js";
import { groupThousands, renderFooter } from "../output/footer.js";
import type { OutputFormat } from "../output/formats.js";
import { renderResult } from "../output/render-result.js";
import type { HandlerContext } from "./context.js";
import { MAX_LIMIT } from "./limit.js";

/**
 * A query result on stdout in `format`; for people (table), a summary line on stderr; in every
 * format, a warning on stderr when the row cap cut the rows.
 */
export function printResult(result: QueryResult, format: OutputFormat, ctx: HandlerContext): void {
  const { text, note } = renderResult(result, format, { chalk: ctx.chalk, maxWidth: tableWidth(ctx) });
  if (text !== "") ctx.print(text);
  if (note !== undefined) printNote(ctx, note);
  if (format === "table") ctx.info(ctx.chalk.dim(renderFooter(result.rows.length, result.statistics)));
  if (result.truncated) ctx.warn(truncationWarning(result.truncated.rowCap));
}

function truncationWarning(cap: number): string {
  const shown = `${cap === 1 ? "only the first row is shown" : `only the first ${groupThousands(cap)} rows are shown`}: more rows matched than the row cap lets through`;
  return cap < MAX_LIMIT
    ? `${shown}; raise it with --limit N (up to ${groupThousands(MAX_LIMIT)}), or narrow the query (a time range, a filter, stats)`
    : `${shown}, and ${groupThousands(MAX_LIMIT)} is the most --limit allows: narrow the query (a time range, a filter, stats)`;
}

/** The terminal's width when stdout is one; tables written to a file or a pipe keep every column whole. */
export function tableWidth(ctx: HandlerContext): number | undefined {
  return ctx.io.isTTY ? ctx.io.columns : undefined;
}
