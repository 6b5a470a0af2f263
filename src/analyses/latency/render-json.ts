import { formatTime } from "../format.js";
import { shares } from "../time-split.js";
import { splitJson } from "../time-split-json.js";
import type { LatencyModel, RouteLatency } from "./model.js";
import type { LatencyBin, LatencySeries } from "./series.js";

/**
 * `{"window", "headline", "overall", "routes": [...], "notes": [...], "series"?}`: numbers as
 * numbers, `null` for what the log does not hold (errors without a status, pool wait without
 * pool_wait_ms), each route's `time` split as time-split-json.ts writes it.
 */
export function latencyJson(model: LatencyModel): unknown {
  return {
    window: model.window ? { start: formatTime(model.window.start), end: formatTime(model.window.end) } : null,
    headline: model.headline ?? null,
    overall: routeJson(model.overall),
    routes: model.routes.map(routeJson),
    ...(model.routesSeen ? { routes_seen: model.routesSeen } : {}),
    notes: model.notes,
    ...(model.series ? { series: seriesJson(model.series) } : {}),
  };
}

export function routeJson(route: RouteLatency): Record<string, unknown> {
  return {
    key: route.key,
    method: route.method ?? null,
    route: route.route ?? null,
    requests: route.requests,
    aborted: route.aborted,
    unfinished: route.unfinished,
    errors: route.errors ?? null,
    client_errors: route.clientErrors ?? null,
    avg_ms: route.avgMs ?? null,
    p50_ms: route.p50Ms ?? null,
    p95_ms: route.p95Ms ?? null,
    p99_ms: route.p99Ms ?? null,
    max_ms: route.maxMs ?? null,
    durations_from_lines: route.durationsFromLines,
    time: splitJson(route.time),
    injected_delay_ms: route.injectedDelayMs,
    slowest_request_id: route.slowestRequestId ?? null,
  };
}

/**
 * The columns of `latencyRows`, known without a row: the header of an empty csv (checked against
 * the rows in analyses.test.ts). Per time bin, a route's columns come with the route.
 */
export function latencyColumns(model: LatencyModel): string[] {
  if (!model.series) return ROUTE_COLUMNS;
  return [...BIN_COLUMNS, ...model.series.routes.flatMap((key) => [`requests:${key}`, `p95_ms:${key}`])];
}

const ROUTE_COLUMNS = [
  "route_key", "method", "route", "requests", "errors", "aborted", "unfinished", "p50_ms", "p95_ms", "p99_ms", "max_ms", "total_ms", "pool_wait_ms", "sql_ms",
  "before_first_line_ms", "other_ms", "pool_wait_share", "sql_share", "other_share", "sql_inferred", "slowest_request_id",
];

const BIN_COLUMNS = [
  "bin", "bin_start_ms", "requests", "throughput_per_s", "errors", "aborted", "p50_ms", "p95_ms", "max_ms", "total_ms", "pool_wait_ms", "sql_ms", "other_ms",
  "pool_wait_share", "pool_wait_per_statement_ms", "in_flight_avg", "in_flight_max", "table_size",
];

/**
 * The main table of csv and ndjson: one flat row per route, or with `--by-time` one per bin
 * (`latencySeriesRows`).
 */
export function latencyRows(model: LatencyModel): Record<string, unknown>[] {
  if (model.series) return latencySeriesRows(model.series);
  return model.routes.map((route) => {
    const share = shares(route.time);
    return {
      route_key: route.key,
      method: route.method ?? null,
      route: route.route ?? null,
      requests: route.requests,
      errors: route.errors ?? null,
      aborted: route.aborted,
      unfinished: route.unfinished,
      p50_ms: route.p50Ms ?? null,
      p95_ms: route.p95Ms ?? null,
      p99_ms: route.p99Ms ?? null,
      max_ms: route.maxMs ?? null,
      total_ms: route.time.totalMs,
      pool_wait_ms: route.time.poolWaitMs ?? null,
      sql_ms: route.time.sqlMs,
      before_first_line_ms: route.time.beforeFirstLineMs,
      other_ms: route.time.otherMs,
      pool_wait_share: share.poolWait ?? null,
      sql_share: share.sql,
      other_share: share.other + share.beforeFirstLine,
      sql_inferred: route.time.sqlInferred,
      slowest_request_id: route.slowestRequestId ?? null,
    };
  });
}

export function seriesJson(series: LatencySeries): Record<string, unknown> {
  return {
    bin_ms: series.binMs,
    routes: series.routes,
    bins: series.bins.map((bin) => ({
      ...binFields(bin),
      by_route: Object.fromEntries(
        Object.entries(bin.byRoute).map(([key, route]) => [
          key,
          { requests: route.requests, errors: route.errors, p50_ms: route.p50Ms, p95_ms: route.p95Ms, max_ms: route.maxMs },
        ]),
      ),
    })),
  };
}

/** One row per bin, every route's requests and p95 as columns of their own (`p95_ms:GET /api/v1/todos`), null where it had none. */
export function latencySeriesRows(series: LatencySeries): Record<string, unknown>[] {
  return series.bins.map((bin) => {
    const row: Record<string, unknown> = binFields(bin);
    for (const key of series.routes) {
      row[`requests:${key}`] = bin.byRoute[key]?.requests ?? 0;
      row[`p95_ms:${key}`] = bin.byRoute[key]?.p95Ms ?? null;
    }
    return row;
  });
}

function binFields(bin: LatencyBin): Record<string, unknown> {
  return {
    bin: formatTime(bin.start),
    bin_start_ms: bin.start,
    requests: bin.requests,
    throughput_per_s: bin.throughputPerS,
    errors: bin.errors,
    aborted: bin.aborted,
    p50_ms: bin.p50Ms,
    p95_ms: bin.p95Ms,
    max_ms: bin.maxMs,
    total_ms: bin.totalMs,
    pool_wait_ms: bin.poolWaitMs,
    sql_ms: bin.sqlMs,
    other_ms: bin.otherMs,
    pool_wait_share: bin.poolWaitShare,
    pool_wait_per_statement_ms: bin.poolWaitPerStatementMs,
    in_flight_avg: bin.inFlightAvg,
    in_flight_max: bin.inFlightMax,
    table_size: bin.tableSize,
  };
}
