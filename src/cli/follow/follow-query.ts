import type { QueryResult, RunOptions } from "../../engine/api.js";
import type { OutputFormat } from "../../output/formats.js";
import { UsageError } from "../../shared/errors.js";
import type { HandlerContext } from "../context.js";
import type { ChartKind } from "../print-chart.js";
import type { QuerySource } from "../resolve-source.js";
import type { TimeRange } from "../time-range.js";
import { openFeed } from "./feed.js";
import { followLoop } from "./loop.js";
import { RowPrinter } from "./row-printer.js";
import { liveScreen, printedSnapshots, type Snapshots } from "./snapshots.js";
import { refuseNdjsonSnapshots } from "./options.js";
import { followStatus } from "./status.js";

export interface FollowQueryOptions {
  format: OutputFormat;
  chart?: ChartKind;
  intervalMs: number;
  limit?: number;
  maxStatsGroups?: number;
  logFormats?: RunOptions["logFormats"];
  lookups?: RunOptions["lookups"];
}

/**
 * `tolog query --follow`: the query runs on tolog's engine over the events as they arrive. A query
 * of row-wise commands prints its new rows as they come; any other (stats, sort, limit) is
 * redrawn every interval: in place on a terminal, as a new snapshot when stdout is not one.
 */
export async function followQuery(text: string, source: QuerySource, given: TimeRange, ctx: HandlerContext, options: FollowQueryOptions): Promise<number> {
  const { openLiveQuery } = await import("../../engine/live.js");
  // `--since 5m` starts the range; following leaves its end open.
  const range: TimeRange = given.start === undefined ? {} : { start: given.start };
  const live = openLiveQuery(text, { now: ctx.now(), start: range.start, end: range.end, limit: options.limit, maxStatsGroups: options.maxStatsGroups, logFormats: options.logFormats, lookups: options.lookups });
  if (live.streaming && options.chart) {
    throw new UsageError("--chart draws a stats ... by bin(...) result, and this query lists events.", { hint: "Add a stats by a time bin, e.g. | stats count(*) by bin(10s)." });
  }
  // Before the feed opens: a followed stdin would keep the process waiting after the error.
  if (!live.streaming) refuseNdjsonSnapshots(options.format);
  const feed = await openFeed(source, range, options.intervalMs, ctx);
  if (live.streaming) {
    const printer = new RowPrinter(live.fields, options.format, ctx);
    return followLoop({
      feed,
      intervalMs: options.intervalMs,
      signal: ctx.stop,
      finished: () => live.done,
      handlers: {
        events: (events) => {
          live.push(events);
          printer.print(live.take());
        },
        tick: () => {},
      },
    });
  }
  let chart = options.chart;
  if (chart && !ctx.io.isTTY) {
    ctx.warn("--chart draws on a terminal only: stdout is not one, so each snapshot's rows are printed instead");
    chart = undefined;
  }
  const draw = await drawer(text, options.format, chart, ctx);
  const snapshots: Snapshots = ctx.io.isTTY && options.format === "table" ? await liveScreen(ctx) : printedSnapshots(ctx, options.format === "table");
  return followLoop({
    feed,
    intervalMs: options.intervalMs,
    signal: ctx.stop,
    handlers: {
      events: (events) => live.push(events),
      tick: () => {
        const result: QueryResult = { status: "Complete", fields: live.fields, rows: live.snapshot(), statistics: live.statistics() };
        snapshots.show((width, height) => draw(result, width, height), followStatus(feed, live.statistics(), result.rows.length, options.intervalMs, ctx));
      },
      end: () => snapshots.end(),
    },
  });
}

type Draw = (result: QueryResult, width: number, height: number) => string;

async function drawer(text: string, format: OutputFormat, chart: ChartKind | undefined, ctx: HandlerContext): Promise<Draw> {
  if (chart) {
    const [{ statsShape }, { panelsOfResult }, { renderPanels }] = await Promise.all([
      import("../../engine/stats-shape.js"),
      import("../../output/chart/from-result.js"),
      import("../../output/chart/render-chart.js"),
    ]);
    const shape = statsShape(text);
    return (result, width, height) => {
      const panels = panelsOfResult(result, shape);
      const each = Math.max(6, Math.min(14, Math.floor(height / Math.max(1, panels.length)) - 5));
      return renderPanels(panels, { width, height: each, color: ctx.color, chalk: ctx.chalk, mode: chart });
    };
  }
  const { renderResult } = await import("../../output/render-result.js");
  return (result, width) => {
    if (format === "json") return JSON.stringify(JSON.parse(renderResult(result, "json", { chalk: ctx.chalk }).text));
    // A csv snapshot ends in its CRLF, as every record of it does.
    const text = renderResult(result, format, { chalk: ctx.chalk, maxWidth: ctx.io.isTTY ? width : undefined }).text;
    return format === "csv" ? text : text.trimEnd();
  };
}
