import type { FieldShare } from "../../engine/field-shares.js";
import type { ReadStatistics } from "../../engine/source.js";
import { renderCsv } from "../../output/csv.js";
import type { OutputFormat } from "../../output/formats.js";
import { recordsToTabular, renderRecordsNdjson } from "../../output/records.js";
import { tableWithNote } from "../../output/table.js";
import { EXIT } from "../../shared/exit-codes.js";
import { UsageError, UserError } from "../../shared/errors.js";
import { defineCommand } from "../command.js";
import type { HandlerContext } from "../context.js";
import { localProgress } from "../local-progress.js";
import { resolveLogFormats } from "../log-formats.js";
import { formatOptions, logFormatOptions, sourceOptions, timeOptions } from "../options.js";
import { tableWidth } from "../print-result.js";
import { resolveSource, type QuerySource } from "../resolve-source.js";
import { parseTime, resolveTimeRange, type TimeRange } from "../time-range.js";

/** GetLogGroupFields searches this long either side of its `time`. */
const AROUND_MS = 8 * 60_000;
const PROGRESS_EVERY = 10_000;

export const fieldsCommand = defineCommand({
  command: "fields",
  describe: "The fields a query can read, with the share of events that have each (as GetLogGroupFields)",
  examples: [
    ["$0 fields --logs ./logs", "every field of the local logs"],
    ["$0 fields --logs ./flows --log-format 'vpc:${version} ${srcaddr} ${dstaddr} ${bytes}'", "a custom VPC flow log format"],
    ["$0 fields --log-group /aws/lambda/orders --format json", "GetLogGroupFields on CloudWatch: the last 15 minutes"],
    ["$0 fields --log-group /aws/lambda/orders --at 2026-11-20T10:00", "8 minutes either side of a time"],
  ],
  args: {
    ...sourceOptions,
    ...timeOptions,
    ...formatOptions,
    ...logFormatOptions,
    at: {
      type: "string",
      requiresArg: true,
      describe: "Only events within 8 minutes of this time (as --start takes it), as GetLogGroupFields' time; --log-group without it: the last 15 minutes",
    },
  },
  async handler(args, ctx) {
    const cloudwatch = (args.logGroup?.length ?? 0) > 0;
    const ranged = args.since !== undefined || args.start !== undefined || args.end !== undefined;
    if (args.at !== undefined && ranged) throw new UsageError("Give --at or a range (--since, --start/--end), not both.");
    if (cloudwatch && ranged) {
      throw new UsageError("GetLogGroupFields takes no range on CloudWatch.", { hint: "Use --at TIME for the 8 minutes either side of it; without it, the last 15 minutes." });
    }
    const logFormats = await resolveLogFormats(args.logFormat, cloudwatch);
    const at = args.at === undefined ? undefined : parseTime("--at", args.at, ctx.now());
    const range: TimeRange = at !== undefined ? { start: at - AROUND_MS, end: at + AROUND_MS } : resolveTimeRange(args, ctx.now());
    const source = await resolveSource(args, ctx);
    const shares = source.kind === "local" ? await localShares(source, range, logFormats, ctx) : await cloudWatchShares(source, at, ctx);
    if (shares.length === 0) {
      throw new UserError(`No events ${source.kind === "local" ? "in the logs read" : `in ${source.logGroups[0]}`} in that time.`, {
        hint: source.kind === "local" ? "Widen or drop --since/--start/--end/--at." : "GetLogGroupFields reads the last 15 minutes: give --at TIME for another time.",
        exitCode: EXIT.noResults,
      });
    }
    printShares(shares, args.format, ctx);
  },
});

async function localShares(
  source: Extract<QuerySource, { kind: "local" }>,
  range: TimeRange,
  logFormats: Record<string, string> | undefined,
  ctx: HandlerContext,
): Promise<FieldShare[]> {
  const { FieldCounter } = await import("../../engine/field-shares.js");
  const counter = new FieldCounter(logFormats);
  const stats: ReadStatistics = { recordsScanned: 0, bytesScanned: 0 };
  const progress = localProgress(ctx);
  try {
    for await (const event of source.events.read({ ...range }, stats)) {
      counter.add(event);
      if (counter.events % PROGRESS_EVERY === 0) progress.onProgress?.({ statistics: { ...stats, recordsMatched: counter.events }, partialRows: () => [] });
    }
  } finally {
    progress.done();
  }
  if (counter.events > 0) ctx.info(ctx.chalk.dim(counter.summary()));
  const { describeNearMisses } = await import("../../engine/vended/tally.js");
  for (const counts of counter.formats()) if (counts.first !== undefined) ctx.warn(describeNearMisses(counts));
  return counter.shares();
}

async function cloudWatchShares(source: Extract<QuerySource, { kind: "cloudwatch" }>, at: number | undefined, ctx: HandlerContext): Promise<FieldShare[]> {
  if (source.logGroups.length !== 1) {
    throw new UserError(`GetLogGroupFields reads one log group; --log-group matched ${source.logGroups.length}: ${source.logGroups.slice(0, 5).join(", ")}${source.logGroups.length > 5 ? ", ..." : ""}.`, {
      hint: "Name one log group exactly.",
    });
  }
  const { callAws } = await import("../../cloudwatch/cloudwatch-source.js");
  const { fetchLogGroupFields } = await import("../../cloudwatch/log-group-fields.js");
  const group = source.logGroups[0];
  return callAws(() => fetchLogGroupFields(source.client, group, at), { env: ctx.io.env, operation: "GetLogGroupFields", logGroups: [group], client: source.client });
}

function printShares(shares: FieldShare[], format: OutputFormat, ctx: HandlerContext): void {
  if (format === "json") {
    ctx.print(JSON.stringify({ logGroupFields: shares }));
    return;
  }
  // Records, not strings: ndjson keeps `percent` a number, as json does.
  const records = shares.map((s) => ({ name: s.name, percent: s.percent }));
  if (format === "ndjson") {
    ctx.print(renderRecordsNdjson(records));
    return;
  }
  const table = { fields: ["name", "percent"], rows: recordsToTabular(records).rows };
  if (format === "table") {
    const { text, note } = tableWithNote(table, { chalk: ctx.chalk, maxWidth: tableWidth(ctx) });
    ctx.print(text);
    if (note !== undefined) ctx.info(note);
  } else ctx.print(renderCsv(table));
}
