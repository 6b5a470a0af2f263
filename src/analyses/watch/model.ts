import type { AppEvent } from "../events.js";
import { percentileOfSorted, roundMs } from "../percentile.js";
import { routeKey, timeRequest, type RequestTiming } from "../request-timing.js";

/**
 * The live dashboard of `tolog watch`, folded event by event with memory bounded whatever runs:
 * requests waiting for their end line (the ones in flight), the requests that ended in the last
 * window (for its percentiles), a few figures per route and per chart bin, and the ids of the
 * todos alive (created and not deleted: the orphans so far, which a dashboard must count).
 *
 * Time is the log's own (the newest event seen), not the clock: a recorded run followed from
 * its start shows what a tutor saw live.
 */
export interface WatchOptions {
  /** The window the "now" figures cover, ms (default one minute). */
  windowMs?: number;
  /** Chart bin width, ms (default 5 s), and how many bins the chart keeps (default 60). */
  binMs?: number;
  bins?: number;
}

export interface WindowRoute {
  key: string;
  requests: number;
  perSecond: number;
  errors: number | null;
  aborted: number;
  p50Ms: number;
  p95Ms: number;
  maxMs: number;
  /** Share of the route's request time spent waiting for a DB connection; null when not logged. */
  poolWaitShare: number | null;
}

export interface WatchSnapshot {
  /** Newest event time seen, epoch ms. */
  now?: number;
  windowMs: number;
  window: { requests: number; perSecond: number; errors: number | null; aborted: number; poolWaitShare: number | null; routes: WindowRoute[] };
  total: { requests: number; errors: number | null; aborted: number; poolWaitMs: number | null; totalMs: number };
  inFlight: number;
  todos: { created: number; deleted: number; orphans: number };
  slowest?: RequestTiming;
  /** p95 per route per chart bin, oldest first (bins with no request are left out). */
  chart: { binMs: number; routes: string[]; bins: Array<{ start: number; p95ByRoute: Record<string, number> }> };
}

interface Ended {
  at: number;
  route: string;
  totalMs: number;
  poolWaitMs: number | undefined;
  status: number | undefined;
  aborted: boolean;
}

/** Requests without an end line for this long (log time) are let go: their lines went missing. */
const PENDING_MAX_AGE_MS = 10 * 60_000;

export class WatchModel {
  private readonly windowMs: number;
  private readonly binMs: number;
  private readonly keepBins: number;
  private newest = -Infinity;
  private readonly pending = new Map<string, AppEvent[]>();
  private ended: Ended[] = [];
  private readonly totals = { requests: 0, errors: 0, statuses: 0, aborted: 0, poolWaitMs: 0, pooled: 0, totalMs: 0 };
  private readonly alive = new Set<string>();
  private created = 0;
  private deleted = 0;
  private slowest: RequestTiming | undefined;
  private readonly openBins = new Map<number, Map<string, number[]>>();
  private closedBins: Array<{ start: number; p95ByRoute: Record<string, number> }> = [];
  private readonly routesSeen = new Map<string, number>();

  constructor(options: WatchOptions = {}) {
    this.windowMs = options.windowMs ?? 60_000;
    this.binMs = options.binMs ?? 5_000;
    this.keepBins = options.bins ?? 60;
  }

  push(events: readonly AppEvent[]): void {
    for (const event of events) {
      if (event.timestamp > this.newest) this.newest = event.timestamp;
      if (event.event === "todo_created" && event.todoId !== undefined) {
        this.created++;
        this.alive.add(event.todoId);
      } else if (event.event === "todo_deleted" && event.todoId !== undefined && event.found !== false && this.alive.delete(event.todoId)) this.deleted++;
      if (event.requestId === undefined) continue;
      let lines = this.pending.get(event.requestId);
      if (!lines) this.pending.set(event.requestId, (lines = []));
      lines.push(event);
      if (event.event === "request_finished" || event.event === "request_aborted") {
        this.pending.delete(event.requestId);
        this.end(timeRequest(event.requestId, lines.sort((a, b) => a.timestamp - b.timestamp)));
      }
    }
    this.forget();
  }

  private end(timing: RequestTiming): void {
    const route = routeKey(timing);
    const ended: Ended = { at: timing.endedAt, route, totalMs: timing.split.totalMs, poolWaitMs: timing.split.poolWaitMs, status: timing.status, aborted: timing.end === "aborted" };
    this.ended.push(ended);
    this.routesSeen.set(route, (this.routesSeen.get(route) ?? 0) + timing.split.totalMs);
    const t = this.totals;
    t.requests++;
    t.totalMs += ended.totalMs;
    if (ended.aborted) t.aborted++;
    if (ended.status !== undefined) {
      t.statuses++;
      if (ended.status >= 500) t.errors++;
    }
    if (ended.poolWaitMs !== undefined) {
      t.pooled++;
      t.poolWaitMs += ended.poolWaitMs;
    }
    if (!this.slowest || timing.split.totalMs > this.slowest.split.totalMs) this.slowest = timing;
    const bin = Math.floor(ended.at / this.binMs) * this.binMs;
    let routes = this.openBins.get(bin);
    if (!routes) this.openBins.set(bin, (routes = new Map()));
    const durations = routes.get(route);
    if (durations) durations.push(ended.totalMs);
    else routes.set(route, [ended.totalMs]);
  }

  /** Drops what the window, the chart and the pending requests no longer need. */
  private forget(): void {
    const horizon = this.newest - this.windowMs;
    if (this.ended.length > 0 && this.ended[0].at < horizon) this.ended = this.ended.filter((e) => e.at >= horizon);
    // A bin closes once the log is a bin past its end: its p95s are kept, its durations let go.
    for (const [start, routes] of this.openBins) {
      if (start + 2 * this.binMs > this.newest) continue;
      this.closedBins.push({ start, p95ByRoute: p95s(routes) });
      this.openBins.delete(start);
    }
    if (this.closedBins.length > this.keepBins) this.closedBins = this.closedBins.sort((a, b) => a.start - b.start).slice(-this.keepBins);
    for (const [id, lines] of this.pending) if (lines[lines.length - 1].timestamp < this.newest - PENDING_MAX_AGE_MS) this.pending.delete(id);
  }

  snapshot(): WatchSnapshot {
    const horizon = this.newest - this.windowMs;
    const recent = this.ended.filter((e) => e.at >= horizon);
    const seconds = this.windowMs / 1000;
    const byRoute = new Map<string, Ended[]>();
    for (const e of recent) {
      const list = byRoute.get(e.route);
      if (list) list.push(e);
      else byRoute.set(e.route, [e]);
    }
    const routes = [...byRoute.entries()].map(([key, list]) => routeFigures(key, list, seconds)).sort((a, b) => b.requests * b.p95Ms - a.requests * a.p95Ms || a.key.localeCompare(b.key));
    const all = routeFigures("all", recent, seconds);
    const t = this.totals;
    const chartRoutes = [...this.routesSeen.entries()].sort((a, b) => b[1] - a[1]).map(([route]) => route);
    const open = [...this.openBins.entries()].map(([start, byRouteDurations]) => ({ start, p95ByRoute: p95s(byRouteDurations) }));
    return {
      ...(Number.isFinite(this.newest) ? { now: this.newest } : {}),
      windowMs: this.windowMs,
      window: { requests: all.requests, perSecond: all.perSecond, errors: all.errors, aborted: all.aborted, poolWaitShare: all.poolWaitShare, routes },
      total: { requests: t.requests, errors: t.statuses > 0 ? t.errors : null, aborted: t.aborted, poolWaitMs: t.pooled > 0 ? roundMs(t.poolWaitMs) : null, totalMs: roundMs(t.totalMs) },
      inFlight: this.pending.size,
      todos: { created: this.created, deleted: this.deleted, orphans: this.alive.size },
      ...(this.slowest ? { slowest: this.slowest } : {}),
      chart: { binMs: this.binMs, routes: chartRoutes, bins: [...this.closedBins, ...open].sort((a, b) => a.start - b.start).slice(-this.keepBins) },
    };
  }
}

function routeFigures(key: string, list: readonly Ended[], seconds: number): WindowRoute {
  const durations = list.map((e) => e.totalMs).sort((a, b) => a - b);
  const withStatus = list.filter((e) => e.status !== undefined);
  const pooled = list.filter((e) => e.poolWaitMs !== undefined);
  const total = list.reduce((sum, e) => sum + e.totalMs, 0);
  return {
    key,
    requests: list.length,
    perSecond: roundMs(list.length / seconds),
    errors: withStatus.length === 0 ? null : withStatus.filter((e) => e.status! >= 500).length,
    aborted: list.filter((e) => e.aborted).length,
    p50Ms: roundMs(percentileOfSorted(durations, 50) ?? 0),
    p95Ms: roundMs(percentileOfSorted(durations, 95) ?? 0),
    maxMs: durations.length === 0 ? 0 : durations[durations.length - 1],
    poolWaitShare: pooled.length === 0 || total === 0 ? null : pooled.reduce((sum, e) => sum + e.poolWaitMs!, 0) / total,
  };
}

function p95s(routes: Map<string, number[]>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [route, durations] of routes) out[route] = roundMs(percentileOfSorted(durations.sort((a, b) => a - b), 95)!);
  return out;
}
