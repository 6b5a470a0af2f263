import type { AppEvent } from "../events.js";
import { percentileOfSorted, roundMs } from "../percentile.js";
import { requestTimings, routeKey, type RequestTiming } from "../request-timing.js";
import { addSplit, emptyTotals, type TimeTotals } from "../time-split.js";
import type { TimeWindow } from "../time-slices.js";
import { latencyNotes } from "./notes.js";
import { buildLatencySeries, type LatencySeries } from "./series.js";
import { routeSentence } from "./sentence.js";

/** Latency of the requests on one route (or of all routes), and where their time went. */
export interface RouteLatency {
  /** `GET /api/v1/todos`; `GET (no route)` for requests that matched no route; `all routes`. */
  key: string;
  method?: string;
  route?: string;
  /** Requests that ended in the range (finished or aborted): the percentiles and the split are theirs. */
  requests: number;
  aborted: number;
  /** Requests without a finish or abort line (running at the end of the range, or lines missing): in no figure but this. */
  unfinished: number;
  /** Responses with status >= 500; undefined when none of the requests logged a status (the course practical). */
  errors?: number;
  /** Responses with status 400-499; undefined as `errors`. */
  clientErrors?: number;
  avgMs?: number;
  p50Ms?: number;
  p95Ms?: number;
  p99Ms?: number;
  maxMs?: number;
  /** Some durations are first-to-last-line spans, not logged durations. */
  durationsFromLines: boolean;
  /** Where the requests' time went, added up. */
  time: TimeTotals;
  /** Delay injected on purpose by chaos mode (`chaos_latency`), inside `time.otherMs`; 0 without chaos. */
  injectedDelayMs: number;
  slowestRequestId?: string;
}

export interface LatencyModel {
  /** The selected range, else the span of the requests found. */
  window?: TimeWindow;
  /** Routes by total time, largest first. */
  routes: RouteLatency[];
  overall: RouteLatency;
  /** Where the time goes, in one line: "GET /api/v1/todos spends 88% of its time waiting for a DB connection, ...". */
  headline?: string;
  /** What can and cannot be attributed in these logs, as sentences. */
  notes: string[];
  /** Present with `binMs`: the same figures per time bin. */
  series?: LatencySeries;
}

export interface LatencyOptions {
  /** Only requests on this route template. */
  route?: string;
  /** Adds the time series of this bin width (ms). */
  binMs?: number;
  window?: TimeWindow;
}

/** The per-route view of the requests among `events` (lines without a request id are ignored). */
export function buildLatency(events: readonly AppEvent[], options: LatencyOptions = {}): LatencyModel {
  return latencyOfRoute(requestTimings(events), options);
}

/** The view of every timed request, narrowed to `options.route` when given. */
export function latencyOfRoute(all: readonly RequestTiming[], options: LatencyOptions = {}): LatencyModel {
  const timings = options.route === undefined ? all : all.filter((timing) => timing.route === options.route);
  return latencyOf(timings, options);
}

/** The per-route view of timed requests (what compare and a live view re-use). */
export function latencyOf(timings: readonly RequestTiming[], options: LatencyOptions = {}): LatencyModel {
  const byRoute = new Map<string, RequestTiming[]>();
  for (const timing of timings) {
    const key = routeKey(timing);
    const group = byRoute.get(key);
    if (group) group.push(timing);
    else byRoute.set(key, [timing]);
  }
  const routes = [...byRoute.entries()]
    .map(([key, group]) => routeLatency(key, group))
    .sort((a, b) => b.time.totalMs - a.time.totalMs || b.requests - a.requests || a.key.localeCompare(b.key));
  const overall = routeLatency("all routes", timings);
  const window = options.window ?? spanOf(timings);
  const top = routes.find((route) => route.requests > 0);
  return {
    ...(window ? { window } : {}),
    routes,
    overall,
    ...(top ? { headline: routeSentence(top, overall) } : {}),
    notes: latencyNotes(overall, timings),
    ...(options.binMs !== undefined ? { series: buildLatencySeries(timings, routes.map((route) => route.key), options.binMs) } : {}),
  };
}

function routeLatency(key: string, group: readonly RequestTiming[]): RouteLatency {
  const ended = group.filter((timing) => timing.end !== "unfinished");
  // A typed array sorts numbers natively: several times faster than a comparator (--follow redraws this).
  const durations = Float64Array.from(ended, (timing) => timing.split.totalMs).sort();
  const time = emptyTotals();
  for (const timing of ended) addSplit(time, timing.split);
  const withStatus = ended.filter((timing) => timing.status !== undefined);
  const slowest = ended.reduce<RequestTiming | undefined>((worst, timing) => (!worst || timing.split.totalMs > worst.split.totalMs ? timing : worst), undefined);
  const sample = group[0];
  const pct = (p: number) => roundMs(percentileOfSorted(durations, p)!);
  return {
    key,
    ...(key !== "all routes" && sample?.method !== undefined ? { method: sample.method } : {}),
    ...(key !== "all routes" && sample?.route !== undefined ? { route: sample.route } : {}),
    requests: ended.length,
    aborted: ended.filter((timing) => timing.end === "aborted").length,
    unfinished: group.length - ended.length,
    ...(withStatus.length > 0
      ? {
          errors: withStatus.filter((timing) => timing.status! >= 500).length,
          clientErrors: withStatus.filter((timing) => timing.status! >= 400 && timing.status! < 500).length,
        }
      : {}),
    ...(durations.length > 0
      ? { avgMs: roundMs(time.totalMs / durations.length), p50Ms: pct(50), p95Ms: pct(95), p99Ms: pct(99), maxMs: durations[durations.length - 1] }
      : {}),
    durationsFromLines: ended.some((timing) => timing.split.totalFrom === "lines"),
    time,
    injectedDelayMs: roundMs(ended.reduce((sum, timing) => sum + Math.min(timing.injectedDelayMs ?? 0, timing.split.otherMs), 0)),
    ...(slowest ? { slowestRequestId: slowest.requestId } : {}),
  };
}

function spanOf(timings: readonly RequestTiming[]): TimeWindow | undefined {
  if (timings.length === 0) return undefined;
  let start = Infinity;
  let end = -Infinity;
  for (const timing of timings) {
    start = Math.min(start, timing.startedAt);
    end = Math.max(end, timing.endedAt);
  }
  return { start: Math.floor(start), end: Math.ceil(end) };
}
