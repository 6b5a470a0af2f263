import type { AppEvent, NormaliseNotes } from "../events.js";
import { roundMs } from "../percentile.js";
import { MISSING_SENTENCES, splitRequestTime, statementSpans, type TimeSplit } from "../time-split.js";
import { findRepeatedStatements, type RepeatedStatement } from "../n-plus-one.js";
import { formatMs } from "../format.js";

/** One line of a request, placed in time. */
export interface TraceStep {
  timestamp: number;
  /** ms since the request's first event. */
  offsetMs: number;
  /** ms since the previous event of the request (0 for the first). */
  gapMs: number;
  event: string;
  level: string;
  location: string;
  message: string;
  sql?: string;
  sqlMs?: number;
  /** The SQL duration was inferred from the gap to the next event (course practical). */
  sqlInferred?: boolean;
  /** How long the statement waited for a DB connection before it ran (`pool_wait_ms`). */
  waitMs?: number;
  status?: number;
  logGroup?: string;
  logStream?: string;
  isError: boolean;
  /** Among the largest gaps of the request (where the time went between lines). */
  largestGap: boolean;
  /** Among the slowest statements of the request. */
  slowestSql: boolean;
  fields: Record<string, unknown>;
}

export interface TraceSummary {
  requestId: string;
  method?: string;
  url?: string;
  route?: string;
  status?: number;
  /** The request's logged duration, else first to last event. */
  durationMs: number;
  /** First to last event: longer than durationMs when lines follow an abort. */
  spanMs: number;
  instances: string[];
  logGroups: string[];
  logStreams: string[];
  dbQueries: number;
  dbMs: number;
  /** dbMs / durationMs (0..1), undefined for a zero-length request. */
  dbShare?: number;
  /** Some SQL durations are inferred, not measured. */
  dbMsInferred: boolean;
  /** Where the request's time went: pool wait, SQL, before its first line, the rest. */
  time: TimeSplit;
  aborted: boolean;
  finished: boolean;
  events: number;
  errors: number;
  repeated: RepeatedStatement[];
  warnings: string[];
}

export interface TraceModel {
  summary: TraceSummary;
  steps: TraceStep[];
  notes: NormaliseNotes;
}

/** How many gaps and statements are highlighted. */
const HIGHLIGHTS = 3;

/** Builds the trace of one request from its events (any order; other requests' are ignored). */
export function buildTrace(requestId: string, allEvents: readonly AppEvent[], notes: NormaliseNotes): TraceModel {
  const events = allEvents.filter((event) => event.requestId === requestId).sort((a, b) => a.timestamp - b.timestamp);
  const spans = statementSpans(events);
  const executions = new Map(spans.map((span) => [span.event, span]));
  const first = events[0]?.timestamp ?? 0;
  const steps = events.map((event, index): TraceStep => {
    const execution = executions.get(event);
    return {
      timestamp: event.timestamp,
      offsetMs: roundMs(event.timestamp - first),
      gapMs: index === 0 ? 0 : roundMs(event.timestamp - events[index - 1].timestamp),
      event: event.event,
      level: event.level,
      location: event.location,
      message: event.message,
      ...(event.sql !== undefined ? { sql: event.sql } : {}),
      ...(execution ? { sqlMs: roundMs(execution.sqlMs), sqlInferred: execution.inferred } : {}),
      ...(execution?.waitMs !== undefined ? { waitMs: roundMs(execution.waitMs) } : {}),
      ...(event.status !== undefined ? { status: event.status } : {}),
      ...(event.logGroup !== undefined ? { logGroup: event.logGroup } : {}),
      ...(event.logStream !== undefined ? { logStream: event.logStream } : {}),
      isError: isError(event),
      largestGap: false,
      slowestSql: false,
      fields: event.fields,
    };
  });
  markTop(steps, (step) => step.gapMs, "largestGap");
  markTop(steps.filter((step) => step.sqlMs !== undefined), (step) => step.sqlMs ?? 0, "slowestSql");
  return { summary: summarise(requestId, events, steps, splitRequestTime(events, spans)), steps, notes };
}

function summarise(requestId: string, events: readonly AppEvent[], steps: readonly TraceStep[], time: TimeSplit): TraceSummary {
  const end = events.find((event) => event.event === "request_finished" || event.event === "request_aborted");
  const withRequest = events.find((event) => event.method !== undefined) ?? events[0];
  const span = events.length === 0 ? 0 : events[events.length - 1].timestamp - events[0].timestamp;
  const durationMs = time.totalMs;
  const timed = steps.filter((step) => step.sqlMs !== undefined);
  const loggedDbMs = num(end?.fields.db_ms);
  const dbMs = roundMs(loggedDbMs ?? timed.reduce((sum, step) => sum + (step.sqlMs ?? 0), 0));
  const dbQueries = num(end?.fields.db_queries) ?? steps.filter((step) => step.event === "db_query").length;
  const repeated = findRepeatedStatements(events);
  const summary: TraceSummary = {
    requestId,
    ...(withRequest?.method !== undefined ? { method: withRequest.method } : {}),
    ...(withRequest?.url !== undefined ? { url: withRequest.url } : {}),
    ...(firstDefined(events, (event) => event.route) !== undefined ? { route: firstDefined(events, (event) => event.route) } : {}),
    ...(firstDefined(events, (event) => event.status) !== undefined ? { status: firstDefined(events, (event) => event.status) } : {}),
    durationMs,
    spanMs: roundMs(span),
    instances: distinct(events.map((event) => event.instance)),
    logGroups: distinct(events.map((event) => event.logGroup)),
    logStreams: distinct(events.map((event) => event.logStream)),
    dbQueries,
    dbMs,
    ...(durationMs > 0 ? { dbShare: Math.min(1, dbMs / durationMs) } : {}),
    dbMsInferred: loggedDbMs === undefined && timed.some((step) => step.sqlInferred),
    time,
    aborted: events.some((event) => event.event === "request_aborted"),
    finished: end !== undefined,
    events: events.length,
    errors: steps.filter((step) => step.isError).length,
    repeated,
    warnings: [],
  };
  summary.warnings = warningsOf(summary);
  const unseen = unseenStartMs(events, end, time);
  if (unseen !== undefined) {
    summary.warnings.push(`no request_started line: the request began ${formatMs(unseen)} before its first line here; its earlier lines are outside the range read (widen --start) or were not logged`);
  }
  return summary;
}

/**
 * How long the request ran before its first line in hand, when its start line is not among them:
 * a range whose --start cuts the request shows its later lines alone, with offsets from the
 * first of them. Under the log's clock resolution it is noise (time-split.ts).
 */
function unseenStartMs(events: readonly AppEvent[], end: AppEvent | undefined, time: TimeSplit): number | undefined {
  if (end === undefined || time.totalFrom !== "logged" || events.some((event) => event.event === "request_started")) return undefined;
  const unseen = events[0].timestamp - (end.timestamp - time.totalMs);
  return unseen >= UNSEEN_START_MS ? unseen : undefined;
}

const UNSEEN_START_MS = 5;

function warningsOf(summary: TraceSummary): string[] {
  const warnings: string[] = [];
  for (const repeat of summary.repeated) {
    warnings.push(`N+1: the same statement ran ${repeat.calls} times in this request: ${repeat.sql}`);
  }
  if (summary.aborted) warnings.push("the client closed the connection before the response was written");
  for (const part of summary.time.missing) warnings.push(MISSING_SENTENCES[part]);
  if (summary.time.overlapping) warnings.push("statements overlapped in time: pool wait and SQL are counted by wall clock, not summed");
  if (summary.time.clipped) warnings.push("statements ran after the request ended (the server went on after the client left): only their part before the end is in the time split");
  if (summary.errors > 0) warnings.push(`${summary.errors} error event(s)`);
  return warnings;
}

function isError(event: AppEvent): boolean {
  return (
    event.level === "error" ||
    event.event === "error" ||
    (event.status !== undefined && event.status >= 500) ||
    event.fields.error_code !== undefined
  );
}

function markTop(steps: TraceStep[], score: (step: TraceStep) => number, flag: "largestGap" | "slowestSql"): void {
  const ranked = steps.filter((step) => score(step) > 0).sort((a, b) => score(b) - score(a));
  for (const step of ranked.slice(0, HIGHLIGHTS)) step[flag] = true;
}

function firstDefined<T>(events: readonly AppEvent[], pick: (event: AppEvent) => T | undefined): T | undefined {
  for (const event of events) {
    const value = pick(event);
    if (value !== undefined) return value;
  }
  return undefined;
}

function distinct(values: readonly (string | undefined)[]): string[] {
  return [...new Set(values.filter((value): value is string => value !== undefined))];
}

function num(value: unknown): number | undefined {
  const n = typeof value === "string" ? Number(value) : value;
  return typeof n === "number" && Number.isFinite(n) ? n : undefined;
}
