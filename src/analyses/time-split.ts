import type { AppEvent } from "./events.js";
import { roundMs } from "./percentile.js";
import { sqlExecutions } from "./sql-executions.js";

/**
 * What a request's lines do not tell, as a stable code (JSON) with a sentence (tables):
 * - `finish`: no request_finished / request_aborted line: the total ends at the last line.
 * - `start`: no request_started line and no logged duration: the total starts at the first line.
 * - `duration`: the producer logs no request duration: the total is first to last line.
 * - `pool_wait`: no statement logged pool_wait_ms: waiting for a connection is inside "other".
 * - `pool_wait_partly`: some statements logged no pool_wait_ms: their wait is inside "other".
 */
export type MissingPart = "finish" | "start" | "duration" | "pool_wait" | "pool_wait_partly";

export const MISSING_SENTENCES: Record<MissingPart, string> = {
  finish: "no request_finished line: the time is counted to the request's last line (a lower bound)",
  start: "no request_started line: the time is counted from the request's first line (a lower bound)",
  duration: "no request duration is logged: the time is the span from the request's first line to its last",
  pool_wait: "no pool_wait_ms on its statements: time spent waiting for a DB connection cannot be told apart and is inside \"other\"",
  pool_wait_partly: "some statements have no pool_wait_ms (an older log?): their wait for a DB connection is inside \"other\"",
};

/**
 * Where the time of one request went. Every millisecond of `totalMs` is in exactly one part:
 * `poolWaitMs + sqlMs + beforeFirstLineMs + otherMs = totalMs` (rounding aside).
 */
export interface TimeSplit {
  totalMs: number;
  /** `logged`: the finish or abort line's duration_ms; `lines`: first to last line. */
  totalFrom: "logged" | "lines";
  /** Waiting for a pooled connection; undefined when none of its statements logged it. */
  poolWaitMs?: number;
  /** Executing SQL (statement durations; inferred ones are upper bounds). */
  sqlMs: number;
  sqlInferred: boolean;
  /**
   * From the logged start of the request to its first line or statement, when it has no
   * request_started line (which is written where the duration starts) and the gap is at least
   * the log's timestamp resolution (1 ms); else 0 and inside `otherMs`.
   */
  beforeFirstLineMs: number;
  /** The rest: application code, serialisation, and any unlogged wait (see `missing`). */
  otherMs: number;
  statements: number;
  statementsWithoutPoolWait: number;
  /** Statements overlapped in time (run concurrently): the split is by wall clock, not by sums. */
  overlapping: boolean;
  /**
   * Statements ran partly outside the request's time (after an abort: the server went on after
   * the client left): only their part inside it counts, by wall clock.
   */
  clipped: boolean;
  missing: MissingPart[];
}

/** One statement placed in time: waiting for its connection, then running. */
export interface StatementSpan extends SpanTimes {
  event: AppEvent;
}

/** Where a statement sits in time, epoch ms. */
export interface SpanTimes {
  sqlStart: number;
  sqlEnd: number;
  sqlMs: number;
  waitMs?: number;
  /** The duration is the gap to the next line (course practical), not a measurement. */
  inferred: boolean;
}

/** Log timestamps are whole milliseconds: a smaller gap before the first line is no evidence. */
const CLOCK_RESOLUTION_MS = 1;
/**
 * A statement that ends this much after an aborted request is past it: its line and the end line
 * are each cut to the whole ms, so placements are off by up to 2 ms.
 */
const PLACEMENT_TOLERANCE_MS = 2 * CLOCK_RESOLUTION_MS;
/** Sums past the total by more than this mean statements overlapped (or outlived an abort). */
const OVERLAP_TOLERANCE_MS = 0.5;

/**
 * The statements of one request in time. A measured `db_query` line is written when the
 * statement completes (TaskOverflow), so it ran before its line, and waited before that; an
 * inferred one (the practical) is written before it runs.
 */
export function statementSpans(requestEvents: readonly AppEvent[]): StatementSpan[] {
  return sqlExecutions(requestEvents).executions.map(({ event, ms, inferred }) => ({ event, ...spanOf(event.timestamp, ms, event.poolWaitMs, inferred) }));
}

/** A statement whose line is at `at`, run for `ms` after waiting `waitMs` (see statementSpans). */
export function spanOf(at: number, ms: number, waitMs: number | undefined, inferred: boolean): SpanTimes {
  const sqlStart = inferred ? at : at - ms;
  return { sqlStart, sqlEnd: sqlStart + ms, sqlMs: ms, ...(waitMs !== undefined ? { waitMs } : {}), inferred };
}

/** What the time split reads of a request's lines (its statements aside). */
export interface RequestShape {
  /** The times of its first and last lines, epoch ms. */
  firstAt: number;
  lastAt: number;
  /** Its first request_finished or request_aborted line. */
  finish?: { at: number; aborted: boolean; durationMs?: number };
  /** Its first request_started line. */
  startedAt?: number;
}

/** The shape of a request from its lines, oldest first. */
export function shapeOf(events: readonly AppEvent[]): RequestShape {
  const finish = events.find((event) => event.event === "request_finished" || event.event === "request_aborted");
  const started = events.find((event) => event.event === "request_started");
  return {
    firstAt: events[0]?.timestamp ?? NaN,
    lastAt: events[events.length - 1]?.timestamp ?? NaN,
    ...(finish ? { finish: { at: finish.timestamp, aborted: finish.event === "request_aborted", ...(finish.durationMs !== undefined ? { durationMs: finish.durationMs } : {}) } } : {}),
    ...(started ? { startedAt: started.timestamp } : {}),
  };
}

/** The request's bounds, epoch ms, and where they come from. */
export interface RequestBounds {
  start: number;
  end: number;
  /** It ended with request_aborted: the server may have gone on after the client left. */
  aborted: boolean;
  totalFrom: "logged" | "lines";
  missing: MissingPart[];
}

/** Where a request starts and ends, from its shape and statements. */
export function requestBounds(shape: RequestShape, spans: readonly SpanTimes[]): RequestBounds {
  // Loops, not spreads into Math.min and max: this runs for every request of an analysis.
  // Math.min and max taken pairwise give what they give over all the values at once (NaN, -0).
  const { finish } = shape;
  if (finish?.durationMs !== undefined) {
    return { start: finish.at - finish.durationMs, end: finish.at, aborted: finish.aborted, totalFrom: "logged", missing: [] };
  }
  const missing: MissingPart[] = [finish ? "duration" : "finish"];
  if (shape.startedAt === undefined) missing.push("start");
  let start = shape.startedAt;
  if (start === undefined) {
    start = Number.isNaN(shape.firstAt) ? Infinity : shape.firstAt;
    for (let i = 0; i < spans.length; i++) start = Math.min(start, spans[i].sqlStart - (spans[i].waitMs ?? 0));
  }
  let end = finish?.at;
  if (end === undefined) {
    let lastActivity = Number.isNaN(shape.lastAt) ? -Infinity : shape.lastAt;
    for (let i = 0; i < spans.length; i++) lastActivity = Math.max(lastActivity, spans[i].sqlEnd);
    end = Math.max(start, lastActivity);
  }
  return { start, end, aborted: finish?.aborted === true, totalFrom: "lines", missing };
}

/** Splits one request's time (its lines oldest first) into pool wait, SQL, before its first line and the rest. */
export function splitRequestTime(events: readonly AppEvent[], spans: readonly SpanTimes[] = statementSpans(events)): TimeSplit {
  return splitShape(shapeOf(events), spans);
}

/** The same from the request's shape and its statements in time order (as request-timing.ts folds them). */
export function splitShape(shape: RequestShape, spans: readonly SpanTimes[], bounds: RequestBounds = requestBounds(shape, spans)): TimeSplit {
  const missing = bounds.missing.slice();
  const totalMs = Math.max(0, bounds.end - bounds.start);
  // One pass over the statements, each sum added up in their order as before.
  let withWait = 0;
  let poolWaitMs = 0;
  let sqlMs = 0;
  let sqlInferred = false;
  let firstActivity = Number.isNaN(shape.firstAt) ? bounds.start : shape.firstAt;
  for (let i = 0; i < spans.length; i++) {
    const span = spans[i];
    if (span.waitMs !== undefined) {
      withWait++;
      poolWaitMs += span.waitMs;
    }
    sqlMs += span.sqlMs;
    if (span.inferred) sqlInferred = true;
    firstActivity = Math.min(firstActivity, span.sqlStart - (span.waitMs ?? 0));
  }
  if (spans.length > 0 && withWait === 0) missing.push("pool_wait");
  else if (withWait < spans.length) missing.push("pool_wait_partly");
  const gapBefore = Math.max(0, Math.min(totalMs, firstActivity - bounds.start));
  // A request_started line is written where the logged duration starts: anything before it is
  // clock noise (the wall clock of the lines against the monotonic one of the durations).
  const hasStartLine = shape.startedAt !== undefined;
  const beforeFirstLineMs = bounds.totalFrom === "logged" && !hasStartLine && gapBefore >= CLOCK_RESOLUTION_MS ? gapBefore : 0;
  const end = bounds.start + totalMs;
  const exceeds = poolWaitMs + sqlMs + beforeFirstLineMs > totalMs + OVERLAP_TOLERANCE_MS;
  // Only after an abort does the server go on without the request (a finished handler has run
  // its statements): then statements that do not fit, or end after it, are cut to its end.
  const clipped = bounds.aborted && (exceeds || spans.some((span) => span.sqlEnd > end + PLACEMENT_TOLERANCE_MS));
  const overlapping = !clipped && exceeds;
  if (overlapping || clipped) ({ poolWaitMs, sqlMs } = wallClockSplit(spans, bounds.start, end));
  else if (poolWaitMs + sqlMs + beforeFirstLineMs > totalMs) {
    // Within the tolerance: the statements' timers against the request's (24.8 ms of SQL in a
    // request of 24.6 ms). The parts are cut to the request's time, wait first, then SQL.
    let excess = poolWaitMs + sqlMs + beforeFirstLineMs - totalMs;
    const fromWait = Math.min(excess, poolWaitMs);
    poolWaitMs -= fromWait;
    excess -= fromWait;
    sqlMs = Math.max(0, sqlMs - excess);
  }
  const split: TimeSplit = { totalMs: roundMs(totalMs), totalFrom: bounds.totalFrom } as TimeSplit;
  if (withWait > 0 || spans.length === 0) split.poolWaitMs = roundMs(poolWaitMs);
  split.sqlMs = roundMs(sqlMs);
  split.sqlInferred = sqlInferred;
  split.beforeFirstLineMs = roundMs(beforeFirstLineMs);
  split.otherMs = roundMs(Math.max(0, totalMs - poolWaitMs - sqlMs - beforeFirstLineMs));
  split.statements = spans.length;
  split.statementsWithoutPoolWait = spans.length - withWait;
  split.overlapping = overlapping;
  split.clipped = clipped;
  split.missing = missing;
  return split;
}

/**
 * Pool wait and SQL by wall clock, within [from, to]: an instant in which any statement runs is
 * SQL; else one in which any statement waits for a connection is pool wait.
 */
export function wallClockSplit(spans: readonly SpanTimes[], from: number, to: number): { poolWaitMs: number; sqlMs: number } {
  const marks: { at: number; sql: number; wait: number }[] = [];
  const add = (start: number, end: number, kind: "sql" | "wait") => {
    const a = Math.max(from, start);
    const b = Math.min(to, end);
    if (b <= a) return;
    marks.push({ at: a, sql: kind === "sql" ? 1 : 0, wait: kind === "wait" ? 1 : 0 });
    marks.push({ at: b, sql: kind === "sql" ? -1 : 0, wait: kind === "wait" ? -1 : 0 });
  };
  for (const span of spans) {
    add(span.sqlStart, span.sqlEnd, "sql");
    if (span.waitMs !== undefined) add(span.sqlStart - span.waitMs, span.sqlStart, "wait");
  }
  marks.sort((a, b) => a.at - b.at);
  let sqlRunning = 0;
  let waiting = 0;
  let poolWaitMs = 0;
  let sqlMs = 0;
  for (let i = 0; i < marks.length; i++) {
    sqlRunning += marks[i].sql;
    waiting += marks[i].wait;
    const next = marks[i + 1];
    if (!next) break;
    const length = next.at - marks[i].at;
    if (sqlRunning > 0) sqlMs += length;
    else if (waiting > 0) poolWaitMs += length;
  }
  return { poolWaitMs, sqlMs };
}

/** Splits of many requests added up (a route, a time bin, a whole run). */
export interface TimeTotals {
  requests: number;
  totalMs: number;
  /** Undefined when no statement in them logged pool_wait_ms. */
  poolWaitMs?: number;
  sqlMs: number;
  sqlInferred: boolean;
  beforeFirstLineMs: number;
  otherMs: number;
  statements: number;
  statementsWithoutPoolWait: number;
  overlappingRequests: number;
  clippedRequests: number;
  /** How many requests lack each part. */
  missing: Partial<Record<MissingPart, number>>;
}

export function emptyTotals(): TimeTotals {
  return { requests: 0, totalMs: 0, poolWaitMs: 0, sqlMs: 0, sqlInferred: false, beforeFirstLineMs: 0, otherMs: 0, statements: 0, statementsWithoutPoolWait: 0, overlappingRequests: 0, clippedRequests: 0, missing: {} };
}

/** Each part's share of the total (0..1); undefined parts stay undefined, a zero total gives zeros. */
export function shares(parts: { totalMs: number; poolWaitMs?: number; sqlMs: number; beforeFirstLineMs: number; otherMs: number }) {
  const of = (ms: number) => (parts.totalMs > 0 ? ms / parts.totalMs : 0);
  return {
    ...(parts.poolWaitMs !== undefined ? { poolWait: of(parts.poolWaitMs) } : {}),
    sql: of(parts.sqlMs),
    beforeFirstLine: of(parts.beforeFirstLineMs),
    other: of(parts.otherMs),
  };
}
