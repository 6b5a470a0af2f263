import { groupThousands } from "../output/footer.js";
import type { QueryResult } from "../engine/api.js";
import { UsageError, UserError } from "../shared/errors.js";
import type { HandlerContext } from "./context.js";
import { printResult } from "./print-result.js";
import type { OutputFormat } from "../output/formats.js";

export type ChartKind = "line" | "bar";

/** `--chart` alone is a line chart; `--chart bar`; anything else is a mistake on the command line. */
export function resolveChart(value: string | undefined, format: OutputFormat): ChartKind | undefined {
  if (value === undefined) return undefined;
  const kind = value === "" ? "line" : value;
  if (kind !== "line" && kind !== "bar") {
    throw new UsageError(`--chart ${JSON.stringify(value)} is not a kind of chart.`, {
      hint: "Give --chart (a line chart) or --chart bar, after the query text: tolog query '... | stats count(*) by bin(1m)' --chart --logs ./logs.",
    });
  }
  if (format !== "table") {
    throw new UsageError(`--chart draws for people; it cannot be combined with --format ${format}.`, { hint: `Drop --chart to get ${format}, or drop --format to get the chart.` });
  }
  return kind;
}

/**
 * A query whose last stats has no bin() draws no chart: refused before anything is read, the
 * same on a terminal and off one (where --chart would print the rows), so that a script learns
 * of the mistake as a person does.
 */
export async function refuseUnchartable(text: string): Promise<void> {
  const [{ statsShape }, { NOT_OVER_TIME }] = await Promise.all([import("../engine/stats-shape.js"), import("../output/chart/from-result.js")]);
  const shape = statsShape(text);
  if (shape && shape.time === undefined) throw new UserError(NOT_OVER_TIME.message, { hint: NOT_OVER_TIME.hint });
}

/**
 * A `stats ... by bin(...)` result as a chart on the terminal. Written to a file or a pipe, the
 * rows are printed instead (a chart there is only characters to pick apart), with a warning.
 */
export async function printChart(result: QueryResult, text: string, kind: ChartKind, ctx: HandlerContext): Promise<void> {
  if (!ctx.io.isTTY) {
    ctx.warn("--chart draws on a terminal only: stdout is not one, so the rows are printed instead");
    printResult(result, "table", ctx);
    return;
  }
  const [{ statsShape }, { panelsOfResult, NotChartable }, { renderPanels }] = await Promise.all([
    import("../engine/stats-shape.js"),
    import("../output/chart/from-result.js"),
    import("../output/chart/render-chart.js"),
  ]);
  let panels;
  try {
    panels = panelsOfResult(result, statsShape(text));
  } catch (error) {
    if (error instanceof NotChartable) throw new UserError(error.message, { hint: error.hint });
    throw error;
  }
  ctx.print(renderPanels(panels, { width: ctx.io.columns ?? 80, height: chartHeight(ctx.io.rows, panels.length), color: ctx.color, chalk: ctx.chalk, mode: kind }));
  ctx.info(ctx.chalk.dim(`${result.rows.length} row${result.rows.length === 1 ? "" : "s"} · ${groupThousands(result.statistics.recordsMatched)} records matched · times in UTC`));
}

/** Panels share the screen: each gets a fair part of its height, at least 6 lines and at most 14. */
function chartHeight(rows: number | undefined, panels: number): number {
  const screen = rows ?? 24;
  return Math.max(6, Math.min(14, Math.floor((screen - 2) / Math.max(1, panels)) - 5));
}
