import type { AppEvent, NormaliseNotes } from "../events.js";
import { percentileOfSorted, roundMs } from "../percentile.js";
import { StatementFold, type Repeat, type StatementFoldResult, type StatementTally } from "./fold.js";
import type { TimeWindow } from "../time-slices.js";
import { MAX_BINS, TooManyBinsError } from "../bin-duration.js";

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
  /** `--route` given and no statement on it: the route templates the lines in the range have. */
  routesSeen?: string[];
  binMs?: number;
  /** Where the statements' series start (`binMs` given): the bin of the first statement found. */
  seriesStart?: number;
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
  const fold = new StatementFold(foldOptions(options));
  events.forEach((event, order) => fold.push(event, order));
  return slowQueriesOf(fold.finish(), notes, options);
}

/** What the fold needs to know before the first line (the route, whether to keep times for a series). */
export function foldOptions(options: SlowQueriesOptions): { route?: string; series: boolean } {
  return { ...(options.route !== undefined ? { route: options.route } : {}), series: options.binMs !== undefined };
}

/** The ranked statements from their tallies (slow-queries/fold.ts). */
export function slowQueriesOf(found: StatementFoldResult, notes: NormaliseNotes, options: SlowQueriesOptions = {}): SlowQueriesModel {
  const by = options.by ?? "total";
  const window = options.window ?? found.span;
  const bins = seriesBins(options.binMs, found.span);
  const ranked = [...found.tallies]
    .sort((a, b) => a.firstAt - b.firstAt || a.firstOrder - b.firstOrder)
    .map((tally) => statementStats(tally, found.totalMs, bins))
    .sort((a, b) => rankValue(b, by) - rankValue(a, by) || b.totalMs - a.totalMs);
  return {
    ...(window ? { window } : {}),
    by,
    ...(options.route !== undefined ? { route: options.route } : {}),
    // A route no statement ran on (a typo, a path where a template was meant): the ones there are.
    ...(options.route !== undefined && found.totalCalls === 0 && !found.routes.includes(options.route) ? { routesSeen: found.routes } : {}),
    ...(options.binMs !== undefined ? { binMs: options.binMs } : {}),
    ...(bins ? { seriesStart: bins.origin } : {}),
    statements: ranked.slice(0, options.top ?? 10),
    distinctStatements: ranked.length,
    totalCalls: found.totalCalls,
    totalMs: roundMs(found.totalMs),
    ...(found.poolWaitMs !== undefined ? { poolWaitMs: roundMs(found.poolWaitMs) } : {}),
    untimed: found.untimed,
    inferred: found.inferred,
    nPlusOne: findNPlusOne(found.repeats),
    notes,
  };
}

function statementStats(tally: StatementTally, allMs: number, bins: SeriesBins | undefined): StatementStats {
  const durations = tally.durations.sorted();
  const calls = durations.length;
  const total = sum(durations);
  const waits = tally.waits.sorted();
  const waited = sum(waits);
  return {
    sql: tally.sql,
    calls,
    totalMs: roundMs(total),
    avgMs: roundMs(total / calls),
    p50Ms: roundMs(percentileOfSorted(durations, 50)!),
    p95Ms: roundMs(percentileOfSorted(durations, 95)!),
    maxMs: roundMs(durations[calls - 1]),
    ...(waits.length > 0
      ? { poolWait: { totalMs: roundMs(waited), avgMs: roundMs(waited / waits.length), p95Ms: roundMs(percentileOfSorted(waits, 95)!), maxMs: roundMs(waits[waits.length - 1]) } }
      : {}),
    withoutPoolWait: calls - waits.length,
    ...(tally.rowsCount > 0 ? { rowsAvg: roundMs(tally.rowsTotal / tally.rowsCount) } : {}),
    share: allMs > 0 ? total / allMs : 0,
    ...(tally.slowest.requestId !== undefined ? { slowestRequestId: tally.slowest.requestId } : {}),
    inferred: tally.inferred,
    ...(bins && tally.timed ? { series: p95Series(tally.timed.view(), bins) } : {}),
  };
}

/** Every statement's series has these bins: from the first statement's bin to the last's. */
interface SeriesBins {
  origin: number;
  binMs: number;
  count: number;
}

/**
 * The bins over the statements' own span, not the range asked for: `--since 30d` around a
 * minute of data made 2.6 million empty bins a statement at 1s (1.6 GB), and ran out of memory
 * at `--since 52w`. Too many bins even so: `TooManyBinsError`.
 */
function seriesBins(binMs: number | undefined, span: TimeWindow | undefined): SeriesBins | undefined {
  if (binMs === undefined || span === undefined) return undefined;
  const origin = Math.floor(span.start / binMs) * binMs;
  const count = Math.floor((span.end - origin) / binMs) + 1;
  if (count > MAX_BINS) throw new TooManyBinsError(count);
  return { origin, binMs, count };
}

/** The p95 of each bin from (time, ms) pairs. */
function p95Series(timed: Float64Array, { origin, binMs, count }: SeriesBins): (number | undefined)[] {
  const bins: number[][] = Array.from({ length: count }, () => []);
  for (let i = 0; i < timed.length; i += 2) {
    const index = Math.floor((timed[i] - origin) / binMs);
    if (index >= 0 && index < count) bins[index].push(timed[i + 1]);
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

/** One finding per statement; the repeats come worst first, so the first one of each is its worst request. */
function findNPlusOne(repeats: readonly Repeat[]): NPlusOneFinding[] {
  const findings = new Map<string, NPlusOneFinding>();
  for (const repeat of repeats) {
    const finding = findings.get(repeat.sql);
    if (finding) finding.requests++;
    else findings.set(repeat.sql, { sql: repeat.sql, requests: 1, maxCallsInOneRequest: repeat.calls, worstRequestId: repeat.requestId });
  }
  return [...findings.values()];
}

function sum(values: Float64Array): number {
  let total = 0;
  for (const value of values) total += value;
  return total;
}
