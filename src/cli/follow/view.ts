import type { EventFeed } from "../../engine/feed.js";
import { warnOfShadowedQueries } from "../follow-up-shadows.js";
import type { OutputFormat } from "../../output/formats.js";
import type { AnalysisArgs, AnswerContext } from "../commands/analysis-support.js";
import type { HandlerContext } from "../context.js";
import { followUpCommand, invocation } from "../follow-up.js";
import { type QuerySource, resolveSource } from "../resolve-source.js";
import { resolveTimeRange, type TimeRange } from "../time-range.js";
import { searchedWhere } from "../searched-where.js";
import { openFeed } from "./feed.js";
import { refuseNdjsonSnapshots } from "./options.js";
import { liveScreen, printedSnapshots, type Snapshots } from "./snapshots.js";

/** What a followed analysis or dashboard reads: its source, and its range with no end (it runs on). */
export async function followedInput(args: AnalysisArgs, ctx: HandlerContext): Promise<{ format: OutputFormat; range: TimeRange; source: QuerySource }> {
  const given = resolveTimeRange(args, ctx.now());
  const range = given.start === undefined ? {} : { start: given.start };
  const format = (args.format ?? "table") as OutputFormat;
  refuseNdjsonSnapshots(format);
  return { format, range, source: await resolveSource(args, ctx) };
}

/** The events as they arrive, where each interval's answer goes (redrawn in place on a terminal), and what is said beside it. */
export async function followedOutput(
  args: AnalysisArgs,
  ctx: HandlerContext,
  input: { format: OutputFormat; range: TimeRange; source: QuerySource },
  intervalMs: number,
): Promise<{ feed: EventFeed; snapshots: Snapshots; answer: AnswerContext }> {
  const answer = { followUp: warnOfShadowedQueries(followUpCommand(invocation(ctx.io.env), args, input.range), args, ctx), where: searchedWhere(input.source, input.range) };
  const feed = await openFeed(input.source, input.range, intervalMs, ctx);
  const table = input.format === "table";
  const snapshots = ctx.io.isTTY && table ? await liveScreen(ctx) : printedSnapshots(ctx, table);
  return { feed, snapshots, answer };
}
