import type { EventFeed } from "../../engine/feed.js";
import type { HandlerContext } from "../context.js";
import type { QuerySource } from "../resolve-source.js";
import type { TimeRange } from "../time-range.js";

/**
 * The events of a query's source as they arrive: its files followed (every line they hold in
 * the range, then what is written), or its log groups polled from the range's start (the last
 * hour by default, as for a query on CloudWatch).
 */
export async function openFeed(source: QuerySource, range: TimeRange, intervalMs: number, ctx: HandlerContext): Promise<EventFeed> {
  if (source.kind === "local") {
    const { followLocal } = await import("../../sources/local/follow/index.js");
    return followLocal(source.paths, { stdin: source.paths.includes("-") ? ctx.io.stdin : undefined, onWarning: (message) => ctx.warn(message), start: range.start, end: range.end });
  }
  const [{ followLogGroups }, { DEFAULT_RANGE_MS }] = await Promise.all([import("../../cloudwatch/follow.js"), import("../../cloudwatch/cloudwatch-source.js")]);
  // A log group is polled once per redraw: FilterLogEvents has a request quota per account.
  return followLogGroups(source.client, source.logGroups, { start: range.start ?? ctx.now() - DEFAULT_RANGE_MS, now: () => Date.now(), pollEveryMs: intervalMs });
}
