import type { EventFeed } from "../../engine/feed.js";
import type { QueryStatistics } from "../../engine/api.js";
import type { HandlerContext } from "../context.js";

/** "following 1 file · 38,503 events read · 9,597 matched · 4 rows · 20:21:30 UTC · every 2s · Ctrl-C stops" */
export function followStatus(feed: EventFeed, statistics: QueryStatistics, rows: number | undefined, intervalMs: number, ctx: HandlerContext): string {
  const parts = [`following ${feed.describe()}`, `${count(statistics.recordsScanned)} events read`];
  // A terminal's status line must fit one line of 80 columns.
  if (!ctx.io.isTTY) parts.push(`${count(statistics.recordsMatched)} matched`);
  if (rows !== undefined) parts.push(`${count(rows)} ${rows === 1 ? "row" : "rows"}`);
  parts.push(`${new Date(Date.now()).toISOString().slice(11, 19)} UTC`);
  if (ctx.io.isTTY) parts.push(`every ${seconds(intervalMs)}`, "Ctrl-C stops");
  return parts.join(" · ");
}

function count(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}

function seconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000}s` : `${ms}ms`;
}
