import { parseBinDuration } from "../../analyses/bin-duration.js";
import { defineCommand } from "../command.js";
import { UsageError } from "../../shared/errors.js";
import { limitRows, resolveLimit } from "../limit.js";
import { formatOptions, limitOptions, savedQueryOptions, sourceOptions, timeOptions } from "../options.js";
import { analysisRunner, printAnalysis, withinBinLimit } from "./analysis-support.js";
import type { OutputFormat } from "../../output/formats.js";
import type { LatencySeries } from "../../analyses/latency/series.js";
import { searchedIn, type RenderOptions } from "../../analyses/render-options.js";
import type { HandlerContext } from "../context.js";
import { followOptions, resolveFollow } from "../follow/options.js";

export const latencyCommand = defineCommand({
  command: "latency",
  describe: "Latency per route (p50/p95/p99/max, errors) and where the time goes: waiting for a DB connection, SQL, the rest",
  examples: [
    ["$0 latency --logs ./logs", "one row per route, and the sentence that says where the time goes"],
    ["$0 latency --by-time 10s --logs ./logs", "the same per 10 s bin: p95 per route, throughput, errors, pool wait, in flight, table size"],
    ["$0 latency --by-time 10s --chart --logs ./logs", "the same as charts: p95 per route next to throughput, errors, pool wait and table size"],
    ["$0 latency --by-time 10s --logs ./logs --format csv", "one CSV row per bin, for a chart"],
    ["$0 latency --route /api/v1/todos --logs ./logs --format json", "one route, as JSON"],
  ],
  args: {
    ...sourceOptions,
    ...timeOptions,
    ...savedQueryOptions,
    ...formatOptions,
    ...limitOptions,
    ...followOptions,
    route: { type: "string", requiresArg: true, describe: "Only requests on this route template, e.g. /api/v1/todos" },
    "by-time": { type: "string", requiresArg: true, describe: "Add the time series, one bin per: 10s, 30s, 1m, 5m, 1h" },
    chart: { type: "boolean", describe: "With --by-time: draw the series as charts on the terminal (rows when stdout is not one)" },
  },
  async handler(args, ctx) {
    const format = (args.format ?? "table") as OutputFormat;
    const limit = resolveLimit(args.limit);
    const binMs = args.byTime === undefined ? undefined : parseBinDuration(args.byTime);
    if (args.byTime !== undefined && binMs === undefined) {
      throw new UsageError(`--by-time "${args.byTime}" is not a bin width.`, { hint: "Use a number and a unit: 10s, 1m, 5m, 1h." });
    }
    if (args.chart && binMs === undefined) throw new UsageError("--chart draws the time series: give --by-time too, e.g. --by-time 10s.");
    if (args.chart && format !== "table") throw new UsageError(`--chart draws for people; it cannot be combined with --format ${format}.`);
    const follow = resolveFollow(args);
    if (follow) {
      const { latencyFold } = await import("../../analyses/latency/query.js");
      const options = { ...(args.route !== undefined ? { route: args.route } : {}), ...(binMs !== undefined ? { binMs } : {}) };
      const chart = args.chart && ctx.io.isTTY;
      const { followAnalysis } = await import("../follow/follow-analysis.js");
      return followAnalysis(args, ctx, follow.intervalMs, () => latencyFold(options), async (model) => {
        const [{ latencyColumns, latencyJson, latencyRows }, { renderLatencyTable }] = await Promise.all([import("../../analyses/latency/render-json.js"), import("../../analyses/latency/render-table.js")]);
        const drawCharts = chart && model.series ? await latencyChartDrawer(model.series, ctx) : undefined;
        return { json: () => latencyJson(model), rows: () => latencyRows(model), columns: () => latencyColumns(model), table: (options) => (drawCharts ? drawCharts(options) : renderLatencyTable(model, options)) };
      });
    }
    const runner = await analysisRunner(args, ctx);
    const { run, range } = runner;
    const window = range.start !== undefined && range.end !== undefined ? { start: range.start, end: range.end } : undefined;
    const { latency } = await import("../../analyses/latency/query.js");
    const model = await withinBinLimit(args.byTime, () =>
      latency(run, { ...(args.route !== undefined ? { route: args.route } : {}), ...(binMs !== undefined ? { binMs } : {}), ...(window ? { window } : {}) }),
    );
    const cut = model.series ? limitRows(model.series.bins, limit, "bins", ctx.info) : limitRows(model.routes, limit, "routes", ctx.info);
    const shown = model.series ? { ...model, series: { ...model.series, bins: cut.rows as typeof model.series.bins } } : { ...model, routes: cut.rows as typeof model.routes };
    if (args.chart && model.series) {
      // No request at all: the table's answer says which lines were looked for, and where.
      if (ctx.io.isTTY && (model.overall.requests > 0 || model.overall.unfinished > 0)) return printLatencyCharts(model.series, ctx, runner.where);
      if (!ctx.io.isTTY) ctx.warn("--chart draws on a terminal only: stdout is not one, so the table is printed instead");
    }
    const { latencyColumns, latencyJson, latencyRows } = await import("../../analyses/latency/render-json.js");
    const { renderLatencyTable } = await import("../../analyses/latency/render-table.js");
    printAnalysis(format, { json: () => latencyJson(shown), rows: () => latencyRows(shown), columns: () => latencyColumns(shown), table: (options) => renderLatencyTable(shown, options), truncated: cut.truncated }, ctx, runner);
  },
});

async function printLatencyCharts(series: LatencySeries, ctx: HandlerContext, where: string): Promise<void> {
  const draw = await latencyChartDrawer(series, ctx);
  ctx.print(draw({ width: ctx.io.columns ?? 80, searched: where }));
  ctx.info(ctx.chalk.dim(`bins of ${series.binMs / 1000} s · times in UTC`));
}

async function latencyChartDrawer(series: LatencySeries, ctx: HandlerContext): Promise<(options: Pick<RenderOptions, "width" | "searched">) => string> {
  const [{ latencyPanels }, { renderPanels }] = await Promise.all([import("../../analyses/latency/series-panels.js"), import("../../output/chart/render-chart.js")]);
  if (series.bins.length === 0) return (options) => `No request ended in ${searchedIn(options)}: nothing to draw.`;
  return ({ width = 80 }) => renderPanels(latencyPanels(series), { width, height: 8, color: ctx.color, chalk: ctx.chalk });
}
