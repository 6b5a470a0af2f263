import type { AppEvent, NormaliseNotes } from "../events.js";
import { findRepeatedStatements } from "../n-plus-one.js";
import { percentileOfSorted, roundMs } from "../percentile.js";
import { sqlExecutions, type SqlExecution } from "../sql-executions.js";
import { sqlFingerprint } from "../sql-fingerprint.js";
import type { TimeWindow } from "../time-slices.js";

export const RANK_KEYS = ["total", "p95", "avg", "max", "calls"] as const;
export type RankBy = (typeof RANK_KEYS)[number];

export interface SlowQueriesOptions {
  /** @default "total" */
  by?: RankBy;
  /** @default 10 */
  top?: number;
  /** Only statements run by requests on this route template. */
  route?: string;
  /** Adds a per-bin p95 series of this width (ms) to each statement. */
  binMs?: number;
  /** The selected range; defaults to the span of the statements found. */
  window?: TimeWindow;
}

/** One statement (all executions sharing a fingerprint). */
export interface StatementStats {
  sql: string;
  calls: number;
  totalMs: number;
  avgMs: number;
  p50Ms: number;
  p95Ms: number;
  maxMs: number;
  /**
   * Time its executions waited for a DB connection before running (`pool_wait_ms`): total,
   * average, p95 and max over the executions that logged it; undefined when none did.
   */
  poolWait?: { totalMs: number; avgMs: number; p95Ms: number; maxMs: number };
  /** Executions without pool_wait_ms (an older log, or a producer that does not log it). */
  withoutPoolWait: number;
  /** Average rows returned or affected; undefined when the producer does not log rows. */
  rowsAvg?: number;
  /** totalMs over all SQL time in the range (0..1). */
  share: number;
  slowestRequestId?: string;
  /** Some durations are inferred from gaps between lines, not measured. */
  inferred: boolean;
  /** p95 per time bin, oldest first (`binMs` given); undefined where the bin had no call. */
  series?: (number | undefined)[];
}

/** A statement run many times inside single requests (N+1 pattern). */
export interface NPlusOneFinding {
  sql: string;
  /** Requests in which it ran at least N_PLUS_ONE_THRESHOLD (n-plus-one.ts) times. */
  requests: number;
  maxCallsInOneRequest: number;
  worstRequestId: string;
}

export interface SlowQueriesModel {
  window?: TimeWindow;
  by: RankBy;
  route?: string;
  binMs?: number;
  statements: StatementStats[];
  /** Distinct statements before the top-N cut. */
  distinctStatements: number;
  totalCalls: number;
  totalMs: number;
  /** Pool wait of all executions; undefined when none logged it. */
  poolWaitMs?: number;
  /** Statements whose duration could not be measured or inferred (left out). */
  untimed: number;
  inferred: boolean;
  nPlusOne: NPlusOneFinding[];
  notes: NormaliseNotes;
}

/** Ranks the statements found in `events` (other events only serve to infer durations). */
export function buildSlowQueries(events: readonly AppEvent[], notes: NormaliseNotes, options: SlowQueriesOptions = {}): SlowQueriesModel {
  const by = options.by ?? "total";
  const { executions: all, untimed } = sqlExecutions(events);
  const executions = options.route === undefined ? all : all.filter((execution) => execution.event.route === options.route);
  const totalMs = executions.reduce((sum, execution) => sum + execution.ms, 0);
  const waits = executions.flatMap((execution) => (execution.event.poolWaitMs === undefined ? [] : [execution.event.poolWaitMs]));
  const window = options.window ?? spanOf(executions);
  const groups = groupByFingerprint(executions);
  const ranked = [...groups.entries()]
    .map(([sql, group]) => statementStats(sql, group, totalMs, options.binMs, window))
    .sort((a, b) => rankValue(b, by) - rankValue(a, by) || b.totalMs - a.totalMs);
  return {
    ...(window ? { window } : {}),
    by,
    ...(options.route !== undefined ? { route: options.route } : {}),
    ...(options.binMs !== undefined ? { binMs: options.binMs } : {}),
    statements: ranked.slice(0, options.top ?? 10),
    distinctStatements: ranked.length,
    totalCalls: executions.length,
    totalMs: roundMs(totalMs),
    ...(waits.length > 0 ? { poolWaitMs: roundMs(waits.reduce((sum, ms) => sum + ms, 0)) } : {}),
    untimed,
    inferred: executions.some((execution) => execution.inferred),
    nPlusOne: findNPlusOne(executions),
    notes,
  };
}

function groupByFingerprint(executions: readonly SqlExecution[]): Map<string, SqlExecution[]> {
  const groups = new Map<string, SqlExecution[]>();
  for (const execution of executions) {
    const key = sqlFingerprint(execution.sql);
    const group = groups.get(key);
    if (group) group.push(execution);
    else groups.set(key, [execution]);
  }
  return groups;
}

function statementStats(sql: string, group: SqlExecution[], allMs: number, binMs: number | undefined, window: TimeWindow | undefined): StatementStats {
  const durations = group.map((execution) => execution.ms).sort((a, b) => a - b);
  const total = durations.reduce((sum, ms) => sum + ms, 0);
  const slowest = group.reduce((worst, execution) => (execution.ms > worst.ms ? execution : worst));
  const rows = group.map((execution) => execution.event.rows).filter((value): value is number => value !== undefined);
  const waits = group.flatMap((execution) => (execution.event.poolWaitMs === undefined ? [] : [execution.event.poolWaitMs])).sort((a, b) => a - b);
  const waited = waits.reduce((sum, ms) => sum + ms, 0);
  return {
    sql,
    calls: group.length,
    totalMs: roundMs(total),
    avgMs: roundMs(total / group.length),
    p50Ms: roundMs(percentileOfSorted(durations, 50)!),
    p95Ms: roundMs(percentileOfSorted(durations, 95)!),
    maxMs: roundMs(durations[durations.length - 1]),
    ...(waits.length > 0
      ? { poolWait: { totalMs: roundMs(waited), avgMs: roundMs(waited / waits.length), p95Ms: roundMs(percentileOfSorted(waits, 95)!), maxMs: roundMs(waits[waits.length - 1]) } }
      : {}),
    withoutPoolWait: group.length - waits.length,
    ...(rows.length > 0 ? { rowsAvg: roundMs(rows.reduce((sum, n) => sum + n, 0) / rows.length) } : {}),
    share: allMs > 0 ? total / allMs : 0,
    ...(slowest.event.requestId !== undefined ? { slowestRequestId: slowest.event.requestId } : {}),
    inferred: group.some((execution) => execution.inferred),
    ...(binMs !== undefined && window ? { series: p95Series(group, binMs, window) } : {}),
  };
}

function p95Series(group: readonly SqlExecution[], binMs: number, window: TimeWindow): (number | undefined)[] {
  const origin = Math.floor(window.start / binMs) * binMs;
  const bins: number[][] = Array.from({ length: Math.floor((window.end - origin) / binMs) + 1 }, () => []);
  for (const execution of group) {
    const index = Math.floor((execution.event.timestamp - origin) / binMs);
    if (index >= 0 && index < bins.length) bins[index].push(execution.ms);
  }
  return bins.map((bin) => (bin.length === 0 ? undefined : roundMs(percentileOfSorted(bin.sort((a, b) => a - b), 95)!)));
}

function rankValue(stats: StatementStats, by: RankBy): number {
  switch (by) {
    case "total": return stats.totalMs;
    case "p95": return stats.p95Ms;
    case "avg": return stats.avgMs;
    case "max": return stats.maxMs;
    case "calls": return stats.calls;
  }
}

function findNPlusOne(executions: readonly SqlExecution[]): NPlusOneFinding[] {
  const findings = new Map<string, NPlusOneFinding>();
  // findRepeatedStatements returns the worst request first, so the first one seen is the worst
  for (const repeat of findRepeatedStatements(executions.map((execution) => execution.event))) {
    const finding = findings.get(repeat.sql);
    if (finding) finding.requests++;
    else findings.set(repeat.sql, { sql: repeat.sql, requests: 1, maxCallsInOneRequest: repeat.calls, worstRequestId: repeat.requestId });
  }
  return [...findings.values()];
}

function spanOf(executions: readonly SqlExecution[]): TimeWindow | undefined {
  if (executions.length === 0) return undefined;
  let start = Infinity;
  let end = -Infinity;
  for (const { event } of executions) {
    start = Math.min(start, event.timestamp);
    end = Math.max(end, event.timestamp);
  }
  return { start: Math.floor(start), end: Math.ceil(end) };
}
