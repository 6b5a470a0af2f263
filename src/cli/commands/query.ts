import type { QueryResult } from "../../engine/api.js";
import { UsageError } from "../../shared/errors.js";
import { defineCommand } from "../command.js";
import { logFormatOptions, lookupOptions, paramOptions, queryRunOptions, savedQueryOptions } from "../options.js";
import { resolveLogFormats } from "../log-formats.js";
import { resolveLookups } from "../lookups.js";
import { printResult } from "../print-result.js";
import { printChart, refuseUnchartable, resolveChart } from "../print-chart.js";
import type { OutputFormat } from "../../output/formats.js";
import { noteQuery, resolveQueryText } from "../query-text.js";
import { resolveLimit } from "../limit.js";
import { resolveSource } from "../resolve-source.js";
import { runQueryOn } from "../run-query.js";
import { resolveTimeRange } from "../time-range.js";
import { rowsSayNothing, warnUnseenFields } from "../unseen-fields.js";
import { followOptions, resolveFollow } from "../follow/options.js";

export const queryCommand = defineCommand({
  command: "query [query]",
  describe: "Run a Logs Insights query on local log files, or on CloudWatch with --log-group",
  examples: [
    ["$0 query 'fields @timestamp, @message | sort @timestamp desc | limit 20' --logs ./logs", "the 20 newest events"],
    ["$0 query 'stats count(*) by level' --logs 'logs/*.ndjson' --format csv", "counts per level, as CSV"],
    ["$0 query --saved errors --logs ./logs --since 2h", "a saved query over the last two hours"],
    ["$0 query --saved trace --param request_id=3f9c2a --logs ./logs", "a saved query with a parameter"],
    ["$0 query --file slow.insights --logs - < app.log", "a query file over stdin"],
    ["$0 query 'lookup users user_id OUTPUT name, team' --logs ./logs --lookups ./lookups", "enrich rows from ./lookups/users.csv"],
    ["$0 query --saved errors --log-group 'taskoverflow*' --since 6h --max-gb 1", "on CloudWatch, stopped past 1 GB scanned"],
    ["$0 query 'stats sum(bytes) by srcAddr' --logs ./flows --log-format 'vpc:${version} ${srcaddr} ${dstaddr} ${bytes}'", "VPC flow logs in a custom format"],
    ["$0 query 'filter event = \"request_finished\" | stats pct(duration_ms, 95) by bin(10s), route' --chart --logs ./logs", "p95 per route over time, as a chart"],
    ["$0 query 'filter level = \"error\"' --follow --logs ./logs", "new error lines as they are written"],
    ["$0 query 'stats count(*) by status' --follow --log-group /app --since 5m", "a count redrawn every 2 s, on a polled log group"],
  ],
  positionals: {
    query: { type: "string", describe: "The query text (quote it for the shell)" },
  },
  args: {
    file: { type: "string", requiresArg: true, describe: "Read the query from a .insights file" },
    saved: { type: "string", requiresArg: true, describe: "Run a saved query by name (see tolog queries list)" },
    ...paramOptions,
    ...savedQueryOptions,
    ...queryRunOptions,
    ...logFormatOptions,
    ...lookupOptions,
    ...followOptions,
    chart: {
      type: "string",
      describe: "Draw a stats ... by bin(...) result as a chart on the terminal: --chart (lines) or --chart bar",
    },
    "max-groups": {
      type: "number",
      requiresArg: true,
      describe: "Stop a local query whose stats makes more groups than this (default 2000000; each takes a few hundred bytes of memory)",
    },
  },
  async handler(args, ctx) {
    const text = resolveQueryText(args, ctx);
    await noteQuery(text, ctx);
    const range = resolveTimeRange(args, ctx.now());
    const limit = resolveLimit(args.limit);
    const maxStatsGroups = resolveMaxGroups(args.maxGroups);
    const chart = resolveChart(args.chart, args.format as OutputFormat);
    if (chart) await refuseUnchartable(text);
    const follow = resolveFollow(args);
    const logFormats = await resolveLogFormats(args.logFormat, (args.logGroup?.length ?? 0) > 0);
    const source = await resolveSource(args, ctx);
    const lookups = await resolveLookups(args.lookups, source.kind);
    if (follow) {
      const { followQuery } = await import("../follow/follow-query.js");
      return followQuery(text, source, range, ctx, { format: args.format as OutputFormat, chart, intervalMs: follow.intervalMs, limit, maxStatsGroups, logFormats, lookups });
    }
    const result = await runQueryOn(source, text, { ...range, limit, maxStatsGroups, logFormats, lookups }, ctx).catch((error: unknown) => {
      // CloudWatch: rows of a failed, stopped or incomplete query are printed before the error.
      const partial = (error as { partial?: QueryResult }).partial;
      if (partial) printResult(partial, args.format, ctx);
      throw error;
    });
    if (chart) await printChart(result, text, chart, ctx);
    else printResult(result, args.format, ctx);
    if (source.kind === "local" && rowsSayNothing(result.rows)) await warnUnseenFields(text, source.events, range, ctx, logFormats);
  },
});

function resolveMaxGroups(max: number | undefined): number | undefined {
  if (max === undefined) return undefined;
  if (!Number.isInteger(max) || max < 1) {
    throw new UsageError(`--max-groups ${Number.isNaN(max) ? "(not a number)" : max} is not a whole number of groups.`, {
      hint: "Give a whole number of 1 or more, e.g. --max-groups 5000000.",
    });
  }
  return max;
}
