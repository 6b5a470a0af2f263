import type { QueryResult } from "../engine/api.js";
import { renderFooter } from "../output/footer.js";
import type { OutputFormat } from "../output/formats.js";
import { renderResult } from "../output/render-result.js";
import type { HandlerContext } from "./context.js";

/** A query result on stdout in `format`; for people (table), a summary line on stderr. */
export function printResult(result: QueryResult, format: OutputFormat, ctx: HandlerContext): void {
  const maxWidth = ctx.io.isTTY ? ctx.io.columns : undefined;
  const text = renderResult(result, format, { chalk: ctx.chalk, maxWidth });
  if (text !== "") ctx.print(text);
  if (format === "table") ctx.info(ctx.chalk.dim(renderFooter(result.rows.length, result.statistics)));
}
