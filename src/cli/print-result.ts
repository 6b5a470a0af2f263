import type { QueryResult } from "../engine/api.js";
import { renderFooter } from "../output/footer.js";
import type { OutputFormat } from "../output/formats.js";
import { renderResult } from "../output/render-result.js";
import type { HandlerContext } from "./context.js";

/** A query result on stdout in `format`; for people (table), a summary line on stderr. */
export function printResult(result: QueryResult, format: OutputFormat, ctx: HandlerContext): void {
  const { text, note } = renderResult(result, format, { chalk: ctx.chalk, maxWidth: tableWidth(ctx) });
  if (text !== "") ctx.print(text);
  if (note !== undefined) ctx.info(ctx.chalk.dim(note));
  if (format === "table") ctx.info(ctx.chalk.dim(renderFooter(result.rows.length, result.statistics)));
}

/** The terminal's width when stdout is one; tables written to a file or a pipe keep every column whole. */
export function tableWidth(ctx: HandlerContext): number | undefined {
  return ctx.io.isTTY ? ctx.io.columns : undefined;
}
