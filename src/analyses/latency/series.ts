import { percentileOfSorted, roundMs } from "../percentile.js";
import { routeKey, type RequestTiming } from "../request-timing.js";
import { inFlightPerBin } from "./in-flight.js";
import { MAX_BINS, TooManyBinsError } from "../bin-duration.js";
import type { TimeWindow } from "../time-slices.js";

/**
 * The latency view over time: what a chart, a report or a live view draws. Every bin from the
 * first to the last that holds a request's end is present (empty ones included, so gaps show),
 * oldest first. A request belongs to the bin in which it ended (its finish or abort line), as
 * `filter event in ["request_finished", "request_aborted"] | stats ... by bin(...)` groups it on
 * CloudWatch; its pool wait, SQL and other time go with it. `null` means no data in the bin, or
 * a figure the log does not hold (no status: errors; no pool_wait_ms: pool wait).
 */
export interface LatencySeries {
  /** Bin width, ms. Bins start at multiples of it since the epoch, as Logs Insights' `bin()`. */
  binMs: number;
  /** Route keys (`GET /api/v1/todos`), in the order of the per-route table (most total time first). */
  routes: string[];
  bins: LatencyBin[];
}

export interface LatencyBin {
  /** Start of the bin, epoch ms. */
  start: number;
  /** Requests that ended in the bin (finished or aborted). */
  requests: number;
  /** requests per second of the bin. */
  throughputPerS: number;
  /** Responses >= 500; null when the requests logged no status. */
  errors: number | null;
  aborted: number;
  /** Duration percentiles of all routes' requests, ms; null for an empty bin. */
  p50Ms: number | null;
  p95Ms: number | null;
  maxMs: number | null;
  /** Summed time of the bin's requests, ms, and its parts (see time-split.ts). */
  totalMs: number;
  /** null when no statement in the bin logged pool_wait_ms. */
  poolWaitMs: number | null;
  sqlMs: number;
  otherMs: number;
  /** poolWaitMs over totalMs (0..1); null as poolWaitMs or for an empty bin. */
  poolWaitShare: number | null;
  /** Average pool wait per statement, ms; null as poolWaitMs or without statements. */
  poolWaitPerStatementMs: number | null;
  /**
   * Requests in flight: the average over the bin (request time inside the bin over its width,
   * Little's law) and the most at any instant. Requests without an end line count to their last line.
   */
  inFlightAvg: number;
  inFlightMax: number;
  /** The largest list returned in the bin (`todos_listed.count`): the table's size when lists are unfiltered; null when no list ended in it. */
  tableSize: number | null;
  /** Per route, only routes with a request in the bin. */
  byRoute: Record<string, RouteBin>;
}

export interface RouteBin {
  requests: number;
  errors: number | null;
  p50Ms: number;
  p95Ms: number;
  maxMs: number;
}

/**
 * `window`: the range asked for (`--start/--end`, `--since`). A bin it cuts, at either end, is
 * a rate over the part of the bin inside it: over the whole bin, a 30 s bin of which the range
 * held 10 s showed a third of its requests per second. Without one, bins are whole.
 */
export function buildLatencySeries(timings: readonly RequestTiming[], routes: readonly string[], binMs: number, window?: TimeWindow): LatencySeries {
  const ended = timings.filter((timing) => timing.end !== "unfinished");
  if (ended.length === 0) return { binMs, routes: [...routes], bins: [] };
  let first = Infinity;
  let last = -Infinity;
  for (const timing of ended) {
    first = Math.min(first, timing.endedAt);
    last = Math.max(last, timing.endedAt);
  }
  const origin = Math.floor(first / binMs) * binMs;
  const count = Math.floor((last - origin) / binMs) + 1;
  if (count > MAX_BINS) throw new TooManyBinsError(count);
  const groups: RequestTiming[][] = Array.from({ length: count }, () => []);
  for (const timing of ended) groups[Math.floor((timing.endedAt - origin) / binMs)].push(timing);
  const inFlight = inFlightPerBin(timings, origin, binMs, count);
  const seen = (start: number): number => (window ? Math.max(1, Math.min(start + binMs, window.end + 1) - Math.max(start, window.start)) : binMs);
  const bins = groups.map((group, index) => binOf(group, origin + index * binMs, seen(origin + index * binMs), binMs, inFlight[index]));
  return { binMs, routes: [...routes], bins };
}

/** `seenMs`: how much of the bin the range holds, what its rates are over. */
function binOf(group: readonly RequestTiming[], start: number, seenMs: number, binMs: number, inFlight: { avg: number; max: number }): LatencyBin {
  const durations = sorted(group.map((timing) => timing.split.totalMs));
  const withStatus = group.filter((timing) => timing.status !== undefined);
  const statements = group.reduce((sum, timing) => sum + timing.split.statements, 0);
  const waited = group.filter((timing) => timing.split.poolWaitMs !== undefined && timing.split.statements > timing.split.statementsWithoutPoolWait);
  const poolWaitMs = statements > 0 && waited.length === 0 ? null : roundMs(sum(group, (timing) => timing.split.poolWaitMs ?? 0));
  const totalMs = roundMs(sum(group, (timing) => timing.split.totalMs));
  const listed = group.flatMap((timing) => (timing.listed === undefined ? [] : [timing.listed]));
  const byRoute: Record<string, RouteBin> = {};
  for (const [key, routeGroup] of groupBy(group, routeKey)) {
    const routeDurations = sorted(routeGroup.map((timing) => timing.split.totalMs));
    const routeStatus = routeGroup.filter((timing) => timing.status !== undefined);
    byRoute[key] = {
      requests: routeGroup.length,
      errors: routeStatus.length === 0 ? null : routeStatus.filter((timing) => timing.status! >= 500).length,
      p50Ms: percentileOfSorted(routeDurations, 50)!,
      p95Ms: percentileOfSorted(routeDurations, 95)!,
      maxMs: routeDurations[routeDurations.length - 1],
    };
  }
  return {
    start,
    requests: group.length,
    throughputPerS: roundMs(group.length / (seenMs / 1000)),
    errors: withStatus.length === 0 ? null : withStatus.filter((timing) => timing.status! >= 500).length,
    aborted: group.filter((timing) => timing.end === "aborted").length,
    p50Ms: percentileOfSorted(durations, 50) ?? null,
    p95Ms: percentileOfSorted(durations, 95) ?? null,
    maxMs: durations.length === 0 ? null : durations[durations.length - 1],
    totalMs,
    poolWaitMs,
    sqlMs: roundMs(sum(group, (timing) => timing.split.sqlMs)),
    otherMs: roundMs(sum(group, (timing) => timing.split.otherMs + timing.split.beforeFirstLineMs)),
    poolWaitShare: poolWaitMs === null || totalMs === 0 ? null : poolWaitMs / totalMs,
    poolWaitPerStatementMs: poolWaitMs === null || statements === 0 ? null : roundMs(poolWaitMs / statements),
    // The average over the whole bin (in-flight.ts), over the part the range holds.
    inFlightAvg: roundMs((inFlight.avg * binMs) / seenMs),
    inFlightMax: inFlight.max,
    tableSize: listed.length === 0 ? null : listed.reduce((max, n) => Math.max(max, n)),
    byRoute,
  };
}

function sorted(values: number[]): number[] {
  return values.sort((a, b) => a - b);
}

function sum<T>(items: readonly T[], pick: (item: T) => number): number {
  let total = 0;
  for (const item of items) total += pick(item);
  return total;
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const group = groups.get(k);
    if (group) group.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}
