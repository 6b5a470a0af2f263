import { formatTime } from "../format.js";
import type { TimeWindow } from "../time-slices.js";
import type { Change } from "./change.js";
import type { CompareModel, RouteComparison } from "./model.js";

/**
 * `{"before": {label, window}, "after": {...}, "headline", "overall", "routes", "statements",
 * "orphans", "notes"}`; every compared figure is `{before, after, delta, relative}` (model.ts's
 * Change: null where a side does not hold it).
 */
export function compareJson(model: CompareModel): unknown {
  return {
    before: side(model.before),
    after: side(model.after),
    headline: model.headline,
    overall: routeJson(model.overall),
    routes: model.routes.map(routeJson),
    statements: model.statements.map((statement) => ({
      sql: statement.sql,
      calls: statement.calls,
      total_ms: statement.totalMs,
      p95_ms: statement.p95Ms,
      pool_wait_ms: statement.poolWaitMs,
    })),
    orphans: {
      created: model.orphans.created,
      deleted: model.orphans.deleted,
      orphaned: model.orphans.orphaned,
      cause_before: model.orphans.causeBefore,
      cause_after: model.orphans.causeAfter,
    },
    notes: model.notes,
  };
}

/** The columns of `compareRows`, known without a route: the header of an empty csv (checked against the rows in analyses.test.ts). */
export function compareColumns(): string[] {
  return ["route_key", ...ROUTE_FIGURES.flatMap((name) => [`${name}_before`, `${name}_after`, `${name}_delta`])];
}

/** The figures of `routeJson` but its key, in its order. */
const ROUTE_FIGURES = ["requests", "errors", "aborted", "p50_ms", "p95_ms", "p99_ms", "max_ms", "pool_wait_share", "sql_share", "other_share", "total_ms", "pool_wait_ms", "sql_ms"];

/** csv and ndjson: one flat row per route, `<figure>_before`, `<figure>_after`, `<figure>_delta`. */
export function compareRows(model: CompareModel): Record<string, unknown>[] {
  return model.routes.map((route) => {
    const row: Record<string, unknown> = { route_key: route.key };
    for (const [name, value] of Object.entries(routeJson(route))) {
      if (name === "key") continue;
      const c = value as Change;
      row[`${name}_before`] = c.before;
      row[`${name}_after`] = c.after;
      row[`${name}_delta`] = c.delta;
    }
    return row;
  });
}

function routeJson(route: RouteComparison): Record<string, unknown> {
  return {
    key: route.key,
    requests: route.requests,
    errors: route.errors,
    aborted: route.aborted,
    p50_ms: route.p50Ms,
    p95_ms: route.p95Ms,
    p99_ms: route.p99Ms,
    max_ms: route.maxMs,
    pool_wait_share: route.poolWaitShare,
    sql_share: route.sqlShare,
    other_share: route.otherShare,
    total_ms: route.totalMs,
    pool_wait_ms: route.poolWaitMs,
    sql_ms: route.sqlMs,
  };
}

function side(s: { label: string; window?: TimeWindow }): Record<string, unknown> {
  return { label: s.label, window: s.window ? { start: formatTime(s.window.start), end: formatTime(s.window.end) } : null };
}
