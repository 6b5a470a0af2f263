import type { QueryResult } from "../../engine/api.js";
import type { ChartPanel } from "../../output/chart/panel.js";
import { parseResultTime } from "../../output/chart/from-result.js";
import type { LogOverview } from "../../analyses/report/model.js";

/**
 * The overview's queries, valid on CloudWatch and offline: events per second (bins are summed
 * into the report's width afterwards, so the width need not be known before reading), levels,
 * and the most frequent messages (an event name where the logs have one).
 */
export const OVERVIEW_QUERIES = {
  perSecond: "stats count(*) as events by bin(1s)",
  levels: "fields coalesce(level, levelname, severity) as lvl | stats count(*) as events by lvl | sort events desc | limit 12",
  messages: "fields coalesce(event, message, msg, @message) as text | stats count(*) as events by text | sort events desc | limit 10",
} as const;

export type OverviewResults = Record<keyof typeof OVERVIEW_QUERIES, QueryResult>;

/** The overview, its chart cut to `window` (the run's span) when given: events far outside it are counted, not drawn. */
export function overviewOf(results: OverviewResults, binMs: number, window?: { start: number; end: number }): LogOverview {
  const counts = new Map<number, number>();
  let outside = 0;
  for (const row of results.perSecond.rows) {
    const at = parseResultTime(row["bin(1s)"]);
    if (at === undefined) continue;
    if (window && (at + 999 < window.start || at > window.end)) {
      outside += Number(row.events ?? 0);
      continue;
    }
    const bin = Math.floor(at / binMs) * binMs;
    counts.set(bin, (counts.get(bin) ?? 0) + Number(row.events ?? 0));
  }
  const points = [...counts.entries()].sort((a, b) => a[0] - b[0]);
  const overTime: ChartPanel | undefined = points.length === 0 ? undefined : { title: `events per ${binMs >= 60_000 ? `${binMs / 60_000} min` : `${binMs / 1000} s`}`, unit: "count", series: [{ label: "events", points }] };
  return {
    events: results.perSecond.statistics.recordsScanned,
    bytes: results.perSecond.statistics.bytesScanned,
    ...(overTime ? { overTime } : {}),
    ...(outside > 0 ? { outsideWindow: outside } : {}),
    levels: results.levels.rows.filter((row) => row.lvl !== undefined).map((row) => ({ level: row.lvl, events: Number(row.events) })),
    topMessages: results.messages.rows.map((row) => ({ text: row.text ?? "", events: Number(row.events) })),
  };
}

/** First and last event time among the per-second bins (to the end of the last second). */
export function spanOf(results: Pick<OverviewResults, "perSecond">): { start: number; end: number } | undefined {
  const times = results.perSecond.rows.map((row) => parseResultTime(row["bin(1s)"])).filter((t): t is number => t !== undefined);
  if (times.length === 0) return undefined;
  return { start: times.reduce((a, b) => Math.min(a, b)), end: times.reduce((a, b) => Math.max(a, b)) + 999 };
}
