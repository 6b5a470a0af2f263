import { formatTime } from "../format.js";
import type { SlowQueriesModel } from "./model.js";

/**
 * `{"window": {start, end}, "statements": [...], "n_plus_one": [...]}` (times in UTC, as Insights
 * shows them). Pool wait (time waiting for a DB connection before running) is `null` where the
 * log has no pool_wait_ms, never 0.
 */
export function slowQueriesJson(model: SlowQueriesModel): unknown {
  return {
    window: model.window ? { start: formatTime(model.window.start), end: formatTime(model.window.end) } : null,
    by: model.by,
    route: model.route ?? null,
    total_calls: model.totalCalls,
    total_ms: model.totalMs,
    pool_wait_ms: model.poolWaitMs ?? null,
    distinct_statements: model.distinctStatements,
    inferred: model.inferred,
    statements: slowQueriesRows(model),
    ...(model.routesSeen ? { routes_seen: model.routesSeen } : {}),
    n_plus_one: model.nPlusOne.map((finding) => ({
      sql: finding.sql,
      requests: finding.requests,
      max_calls_in_one_request: finding.maxCallsInOneRequest,
      worst_request_id: finding.worstRequestId,
    })),
  };
}

/**
 * The columns of `slowQueriesRows`, known without a statement: the header of an empty csv. Kept
 * beside the rows, and checked against them (analyses.test.ts: an empty csv's header is a full one's).
 */
export function slowQueriesColumns(model: SlowQueriesModel): string[] {
  return [...STATEMENT_COLUMNS, ...(model.binMs !== undefined ? ["p95_series", "bin_ms", "series_start"] : [])];
}

const STATEMENT_COLUMNS = [
  "sql", "calls", "total_ms", "avg_ms", "p50_ms", "p95_ms", "max_ms", "pool_wait_total_ms", "pool_wait_avg_ms", "pool_wait_p95_ms", "pool_wait_max_ms",
  "without_pool_wait", "rows_avg", "share", "slowest_request_id", "inferred",
];

/** One object per statement: the main table of `--format csv` and `ndjson`, and the JSON's `statements`. */
export function slowQueriesRows(model: SlowQueriesModel): Record<string, unknown>[] {
  return model.statements.map((statement) => ({
    sql: statement.sql,
    calls: statement.calls,
    total_ms: statement.totalMs,
    avg_ms: statement.avgMs,
    p50_ms: statement.p50Ms,
    p95_ms: statement.p95Ms,
    max_ms: statement.maxMs,
    pool_wait_total_ms: statement.poolWait?.totalMs ?? null,
    pool_wait_avg_ms: statement.poolWait?.avgMs ?? null,
    pool_wait_p95_ms: statement.poolWait?.p95Ms ?? null,
    pool_wait_max_ms: statement.poolWait?.maxMs ?? null,
    without_pool_wait: statement.withoutPoolWait,
    rows_avg: statement.rowsAvg ?? null,
    share: statement.share,
    slowest_request_id: statement.slowestRequestId ?? null,
    inferred: statement.inferred,
    ...(statement.series ? { p95_series: statement.series.map((value) => value ?? null), bin_ms: model.binMs, series_start: formatTime(model.seriesStart!) } : {}),
  }));
}
