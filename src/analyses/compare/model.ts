import { formatMs, formatShare } from "../format.js";
import type { LatencyModel, RouteLatency } from "../latency/model.js";
import type { RacesSummary } from "../races/model.js";
import { REASON_LABELS } from "../races/causes.js";
import type { SlowQueriesModel, StatementStats } from "../slow-queries/model.js";
import { shares } from "../time-split.js";
import type { TimeWindow } from "../time-slices.js";
import { change, type Change } from "./change.js";

/** What one side of a comparison found (a run, or a time window of a log group). */
export interface CompareSide {
  /** How the user named it: the `--logs` path, or the window. */
  label: string;
  latency: LatencyModel;
  slowQueries: SlowQueriesModel;
  races: RacesSummary;
}

/** A route on both sides; a route seen on one side only has nulls on the other. */
export interface RouteComparison {
  key: string;
  requests: Change;
  /** 5xx responses; null on a side whose log holds no status. */
  errors: Change;
  aborted: Change;
  p50Ms: Change;
  p95Ms: Change;
  p99Ms: Change;
  maxMs: Change;
  /** Shares (0..1) of the route's summed request time. */
  poolWaitShare: Change;
  sqlShare: Change;
  otherShare: Change;
  totalMs: Change;
  poolWaitMs: Change;
  sqlMs: Change;
}

/** A statement (by fingerprint) among the top of either side. */
export interface StatementComparison {
  sql: string;
  calls: Change;
  totalMs: Change;
  p95Ms: Change;
  poolWaitMs: Change;
}

export interface OrphanComparison {
  created: Change;
  deleted: Change;
  orphaned: Change;
  /** The dominant reason on each side, as a short label; null when nothing was orphaned. */
  causeBefore: string | null;
  causeAfter: string | null;
}

export interface CompareModel {
  before: { label: string; window?: TimeWindow };
  after: { label: string; window?: TimeWindow };
  /** The changes that matter, one sentence each: the busiest route's p95, the time split, errors, orphans. */
  headline: string[];
  overall: RouteComparison;
  /** Every route of either side, busiest (after, else before) first. */
  routes: RouteComparison[];
  statements: StatementComparison[];
  orphans: OrphanComparison;
  /** What either side could not attribute (latency notes), prefixed with its side. */
  notes: string[];
}

/** How many statements of each side's top are compared. */
export const TOP_STATEMENTS = 5;
const MIN_SHARE = 0.01;

export function buildComparison(before: CompareSide, after: CompareSide): CompareModel {
  const keys = [...new Set([...after.latency.routes, ...before.latency.routes].map((route) => route.key))];
  const routeOf = (side: CompareSide, key: string) => side.latency.routes.find((route) => route.key === key);
  const routes = keys.map((key) => compareRoute(key, routeOf(before, key), routeOf(after, key)));
  const overall = compareRoute("all routes", before.latency.overall, after.latency.overall);
  const orphans: OrphanComparison = {
    created: change(before.races.created, after.races.created),
    deleted: change(before.races.deleted, after.races.deleted),
    orphaned: change(before.races.orphaned, after.races.orphaned),
    causeBefore: before.races.dominant ? REASON_LABELS[before.races.dominant.reason] : null,
    causeAfter: after.races.dominant ? REASON_LABELS[after.races.dominant.reason] : null,
  };
  return {
    before: { label: before.label, ...(before.latency.window ? { window: before.latency.window } : {}) },
    after: { label: after.label, ...(after.latency.window ? { window: after.latency.window } : {}) },
    headline: headline(routes, overall, orphans, before, after),
    overall,
    routes,
    statements: compareStatements(before.slowQueries, after.slowQueries),
    orphans,
    notes: sideNotes(before.latency.notes, after.latency.notes),
  };
}

function compareRoute(key: string, before: RouteLatency | undefined, after: RouteLatency | undefined): RouteComparison {
  const share = (route: RouteLatency | undefined) => (route && route.requests > 0 ? shares(route.time) : undefined);
  const b = share(before);
  const a = share(after);
  return {
    key,
    requests: change(before?.requests ?? 0, after?.requests ?? 0),
    errors: change(errorsOf(before), errorsOf(after)),
    aborted: change(before?.aborted ?? 0, after?.aborted ?? 0),
    p50Ms: change(before?.p50Ms, after?.p50Ms),
    p95Ms: change(before?.p95Ms, after?.p95Ms),
    p99Ms: change(before?.p99Ms, after?.p99Ms),
    maxMs: change(before?.maxMs, after?.maxMs),
    poolWaitShare: change(b?.poolWait, a?.poolWait),
    sqlShare: change(b?.sql, a?.sql),
    otherShare: change(b && b.other + b.beforeFirstLine, a && a.other + a.beforeFirstLine),
    totalMs: change(before?.time.totalMs ?? 0, after?.time.totalMs ?? 0),
    poolWaitMs: change(before ? before.time.poolWaitMs : 0, after ? after.time.poolWaitMs : 0),
    sqlMs: change(before?.time.sqlMs ?? 0, after?.time.sqlMs ?? 0),
  };
}

/**
 * A side's 5xx count: 0 without requests (a route or window with none has none, in the table and
 * the headline alike), null only when its requests' log holds no status.
 */
function errorsOf(route: RouteLatency | undefined): number | null {
  return route === undefined || route.requests === 0 ? 0 : (route.errors ?? null);
}

/** The union of both sides' top statements (by total time), each side's figures for it. */
function compareStatements(before: SlowQueriesModel, after: SlowQueriesModel): StatementComparison[] {
  // Statements below 1% of their side's SQL time (migrations at start-up) are noise in a comparison.
  const significant = (model: SlowQueriesModel) => model.statements.filter((statement) => statement.share >= MIN_SHARE).slice(0, TOP_STATEMENTS);
  const top = [...significant(after), ...significant(before)];
  const sqls = [...new Set(top.map((statement) => statement.sql))];
  const find = (model: SlowQueriesModel, sql: string) => model.statements.find((statement) => statement.sql === sql);
  return sqls.map((sql) => {
    const b = find(before, sql);
    const a = find(after, sql);
    const wait = (statement: StatementStats | undefined) => (statement ? (statement.poolWait?.totalMs ?? null) : 0);
    return {
      sql,
      calls: change(b?.calls ?? 0, a?.calls ?? 0),
      totalMs: change(b?.totalMs ?? 0, a?.totalMs ?? 0),
      p95Ms: change(b?.p95Ms, a?.p95Ms),
      poolWaitMs: change(wait(b), wait(a)),
    };
  });
}

function headline(routes: readonly RouteComparison[], overall: RouteComparison, orphans: OrphanComparison, before: CompareSide, after: CompareSide): string[] {
  const lines = [`requests: ${count(overall.requests)}; errors (5xx): ${count(overall.errors)}; aborted: ${count(overall.aborted)}`];
  const busiest = routes.find((route) => (route.requests.after ?? 0) > 0 && (route.requests.before ?? 0) > 0);
  if (busiest) {
    lines.push(`${busiest.key} p95: ${duration(busiest.p95Ms)}; waiting for a DB connection: ${share(busiest.poolWaitShare)} of its time, SQL ${share(busiest.sqlShare)}`);
  }
  const orphaned = (side: "before" | "after", cause: string | null) =>
    `${orphans.orphaned[side]} of ${orphans.created[side]} created${cause ? ` (${cause})` : ""}`;
  lines.push(`orphaned todos: ${orphaned("before", orphans.causeBefore)} -> ${orphaned("after", orphans.causeAfter)}`);
  if (before.latency.overall.requests === 0) lines.push(`before (${before.label}) has no requests`);
  if (after.latency.overall.requests === 0) lines.push(`after (${after.label}) has no requests`);
  return lines;
}

/** Each note once: `both: ...` when the sides share it, else `before: ...` / `after: ...`. */
function sideNotes(before: readonly string[], after: readonly string[]): string[] {
  return [
    ...before.map((note) => `${after.includes(note) ? "both" : "before"}: ${note}`),
    ...after.filter((note) => !before.includes(note)).map((note) => `after: ${note}`),
  ];
}

/** `340 -> 10 (-330)`; `-` for a side that does not hold the figure. */
export function count(c: Change): string {
  const side = (value: number | null) => (value === null ? "-" : String(value));
  return `${side(c.before)} -> ${side(c.after)}${c.delta === null || c.delta === 0 ? "" : ` (${c.delta > 0 ? "+" : ""}${c.delta})`}`;
}

/** `1.27 s -> 350.2 ms (-72%)`. */
export function duration(c: Change): string {
  const side = (value: number | null) => (value === null ? "-" : formatMs(value));
  return `${side(c.before)} -> ${side(c.after)}${relative(c)}`;
}

/** `88% -> 20% (-68 pts)`. */
export function share(c: Change): string {
  const side = (value: number | null) => (value === null ? "not logged" : formatShare(value));
  const points = c.delta === null ? "" : Math.round(c.delta * 100) === 0 ? "" : ` (${c.delta > 0 ? "+" : ""}${Math.round(c.delta * 100)} pts)`;
  return `${side(c.before)} -> ${side(c.after)}${points}`;
}

export function relative(c: Change): string {
  if (c.relative === null) return "";
  const pct = Math.round(c.relative * 100);
  return pct === 0 ? " (same)" : ` (${pct > 0 ? "+" : ""}${pct}%)`;
}
