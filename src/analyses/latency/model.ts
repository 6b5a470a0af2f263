import type { AppEvent } from "../events.js";
import { percentileOfSorted, roundMs } from "../percentile.js";
import { requestTimings, routeKey, type RequestTiming } from "../request-timing.js";
import { SplitSum } from "../split-sum.js";
import type { TimeTotals } from "../time-split.js";
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
  /** `--route`, when given. */
  route?: string;
  /** `--route` given and no request on it: the route templates the requests in the range have. */
  routesSeen?: string[];
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
  const model = latencyOf(timings, options);
  if (options.route === undefined) return model;
  if (timings.length > 0) return { ...model, route: options.route };
  // A route no request has (a typo, a path where a template was meant): the ones there are.
  return { ...model, route: options.route, routesSeen: [...new Set(all.flatMap((timing) => (timing.route === undefined ? [] : [timing.route])))].sort() };
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
    ...(options.binMs !== undefined ? { series: buildLatencySeries(timings, routes.map((route) => route.key), options.binMs, options.window) } : {}),
  };
}

function routeLatency(key: string, group: readonly RequestTiming[]): RouteLatency {
  // One pass over the requests that ended, in their order (the sums add up in it as before).
  const durations = new Float64Array(group.length);
  const sum = new SplitSum();
  let ended = 0;
  let aborted = 0;
  let withStatus = 0;
  let errors = 0;
  let clientErrors = 0;
  let durationsFromLines = false;
  let injected = 0;
  let slowest: RequestTiming | undefined;
  for (const timing of group) {
    if (timing.end === "unfinished") continue;
    const { split, status } = timing;
    durations[ended++] = split.totalMs;
    sum.add(split);
    if (timing.end === "aborted") aborted++;
    if (status !== undefined) {
      withStatus++;
      if (status >= 500) errors++;
      if (status >= 400 && status < 500) clientErrors++;
    }
    if (split.totalFrom === "lines") durationsFromLines = true;
    injected += Math.min(timing.injectedDelayMs ?? 0, split.otherMs);
    if (!slowest || split.totalMs > slowest.split.totalMs) slowest = timing;
  }
  // A typed array sorts numbers natively: several times faster than a comparator (--follow redraws this).
  const sorted = durations.subarray(0, ended).sort();
  const time = sum.totals();
  const sample = group[0];
  const pct = (p: number) => roundMs(percentileOfSorted(sorted, p)!);
  return {
    key,
    ...(key !== "all routes" && sample?.method !== undefined ? { method: sample.method } : {}),
    ...(key !== "all routes" && sample?.route !== undefined ? { route: sample.route } : {}),
    requests: ended,
    aborted,
    unfinished: group.length - ended,
    ...(withStatus > 0 ? { errors, clientErrors } : {}),
    ...(ended > 0
      ? { avgMs: roundMs(time.totalMs / ended), p50Ms: pct(50), p95Ms: pct(95), p99Ms: pct(99), maxMs: sorted[ended - 1] }
      : {}),
    durationsFromLines,
    time,
    injectedDelayMs: roundMs(injected),
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
