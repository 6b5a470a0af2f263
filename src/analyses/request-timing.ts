import type { AppEvent, Producer } from "./events.js";
import { LineTimes } from "./line-times.js";
import { requestBounds, spanOf, splitShape, type RequestShape, type SpanTimes, type TimeSplit } from "./time-split.js";

/** One request as the latency view sees it: where it went, how it ended, where its time went. */
export interface RequestTiming {
  requestId: string;
  producer: Producer;
  method?: string;
  url?: string;
  route?: string;
  /** Undefined when the producer logs none (the course practical) or the request did not finish. */
  status?: number;
  /** Epoch ms: the logged start (finish time minus duration), else the first line. */
  startedAt: number;
  /** Epoch ms: the finish or abort line, else the last line. */
  endedAt: number;
  end: "finished" | "aborted" | "unfinished";
  split: TimeSplit;
  /** Largest `todos_listed.count` the request logged (the list endpoint's result size). */
  listed?: number;
  /** Delay injected on purpose by TaskOverflow's chaos mode (`chaos_latency.delay_ms`): part of `split.otherMs`. */
  injectedDelayMs?: number;
}

/** Every request id among `events` (any order), each timed; lines without a request id are ignored. */
export function requestTimings(events: readonly AppEvent[]): RequestTiming[] {
  const fold = new RequestTimingFold();
  events.forEach((event, order) => fold.push(event, order));
  return fold.timings();
}

/** One request from its events (any order; all of them its own). */
export function timeRequest(requestId: string, events: readonly AppEvent[]): RequestTiming {
  const lines = newLines(requestId, events[0]);
  events.forEach((event, order) => addLine(lines, event, order));
  return timingOf(lines);
}

/**
 * The latency query's lines folded per request as they stream: each request keeps the few
 * figures its timing reads (its first and last line, its finish and start lines, its status,
 * method, URL and route, list size, injected delays) and its statements (time, duration, pool
 * wait), plus its lines' times for statements timed by the gap to the next line. No line is kept.
 */
export class RequestTimingFold {
  private readonly byId = new Map<string, RequestLines>();

  push(event: AppEvent, order: number): void {
    const id = event.requestId;
    if (id === undefined) return;
    let lines = this.byId.get(id);
    if (!lines) this.byId.set(id, (lines = newLines(id, event)));
    addLine(lines, event, order);
  }

  /** Every request timed, by end time (then by their first lines' order), as requestTimings orders them. */
  timings(): RequestTiming[] {
    const ordered = [...this.byId.values()].sort((a, b) => a.firstAt - b.firstAt || a.firstOrder - b.firstOrder);
    return ordered.map(timingOf).sort((a, b) => a.endedAt - b.endedAt);
  }
}

/** A request's lines as far as its timing needs them; each "first" is the earliest line (the first handed over on a tie). */
interface RequestLines {
  requestId: string;
  producer: Producer;
  firstAt: number;
  firstOrder: number;
  lastAt: number;
  finish?: { at: number; aborted: boolean; durationMs?: number; status?: number };
  startedAt?: number;
  statusAt: number;
  status?: number;
  methodAt: number;
  method?: string;
  urlAt: number;
  url?: string;
  routeAt: number;
  route?: string;
  listed?: number;
  /** chaos_latency delays: [time, order, ms], flat, added up in time order at the end. */
  delays?: number[];
  /** db_query lines with a statement: [time, order, duration (NaN: not logged), pool wait (NaN: not logged)], flat. */
  statements: number[];
  lines: LineTimes;
}

function newLines(requestId: string, first: AppEvent | undefined): RequestLines {
  const at = first?.timestamp ?? NaN;
  return { requestId, producer: first?.producer ?? "taskoverflow", firstAt: at, firstOrder: Infinity, lastAt: at, statusAt: Infinity, methodAt: Infinity, urlAt: Infinity, routeAt: Infinity, statements: [], lines: new LineTimes() };
}

function addLine(lines: RequestLines, event: AppEvent, order: number): void {
  const at = event.timestamp;
  if (at < lines.firstAt || (at === lines.firstAt && order < lines.firstOrder)) {
    lines.firstAt = at;
    lines.firstOrder = order;
    lines.producer = event.producer;
  }
  if (at > lines.lastAt) lines.lastAt = at;
  const name = event.event;
  if (name !== "db_params") lines.lines.add(at, order);
  if ((name === "request_finished" || name === "request_aborted") && (!lines.finish || at < lines.finish.at)) {
    lines.finish = { at, aborted: name === "request_aborted", ...(event.durationMs !== undefined ? { durationMs: event.durationMs } : {}), ...(event.status !== undefined ? { status: event.status } : {}) };
  }
  if (name === "request_started" && (lines.startedAt === undefined || at < lines.startedAt)) lines.startedAt = at;
  if (event.status !== undefined && at < lines.statusAt) {
    lines.statusAt = at;
    lines.status = event.status;
  }
  if (event.method !== undefined && at < lines.methodAt) {
    lines.methodAt = at;
    lines.method = event.method;
  }
  if (event.url !== undefined && at < lines.urlAt) {
    lines.urlAt = at;
    lines.url = event.url;
  }
  if (event.route !== undefined && at < lines.routeAt) {
    lines.routeAt = at;
    lines.route = event.route;
  }
  if (name === "todos_listed") {
    const count = numeric(event.fields.count);
    if (count !== undefined && (lines.listed === undefined || count > lines.listed)) lines.listed = count;
  }
  if (name === "chaos_latency") (lines.delays ??= []).push(at, order, numeric(event.fields.delay_ms) ?? 0);
  if (name === "db_query" && event.sql !== undefined) lines.statements.push(at, order, event.sqlMs ?? NaN, event.poolWaitMs ?? NaN);
}

/** The statements in time order, each placed (sql-executions.ts: one without a duration runs to the request's next line). */
function spansOf(lines: RequestLines): SpanTimes[] {
  const { statements } = lines;
  const indexes: number[] = [];
  for (let i = 0; i < statements.length; i += 4) indexes.push(i);
  indexes.sort((a, b) => statements[a] - statements[b] || statements[a + 1] - statements[b + 1]);
  const spans: SpanTimes[] = [];
  for (const i of indexes) {
    const [at, order, ms, wait] = [statements[i], statements[i + 1], statements[i + 2], statements[i + 3]];
    const waitMs = Number.isNaN(wait) ? undefined : wait;
    if (!Number.isNaN(ms)) spans.push(spanOf(at, ms, waitMs, false));
    else {
      const next = lines.lines.nextAfter(at, order);
      if (next !== undefined) spans.push(spanOf(at, next - at, waitMs, true));
    }
  }
  return spans;
}

function timingOf(lines: RequestLines): RequestTiming {
  const spans = spansOf(lines);
  const shape: RequestShape = {
    firstAt: lines.firstAt,
    lastAt: lines.lastAt,
    ...(lines.finish ? { finish: lines.finish } : {}),
    ...(lines.startedAt !== undefined ? { startedAt: lines.startedAt } : {}),
  };
  const bounds = requestBounds(shape, spans);
  const { finish } = lines;
  const status = finish?.status ?? lines.status;
  return {
    requestId: lines.requestId,
    producer: lines.producer,
    ...(lines.method !== undefined ? { method: lines.method } : {}),
    ...(lines.url !== undefined ? { url: lines.url } : {}),
    ...(lines.route !== undefined ? { route: lines.route } : {}),
    ...(status !== undefined ? { status } : {}),
    startedAt: bounds.start,
    endedAt: bounds.end,
    end: finish === undefined ? "unfinished" : finish.aborted ? "aborted" : "finished",
    split: splitShape(shape, spans),
    ...(lines.listed !== undefined ? { listed: lines.listed } : {}),
    ...(lines.delays ? { injectedDelayMs: delaySum(lines.delays) } : {}),
  };
}

/** chaos_latency delays added up in time order. */
function delaySum(delays: number[]): number {
  const indexes: number[] = [];
  for (let i = 0; i < delays.length; i += 3) indexes.push(i);
  indexes.sort((a, b) => delays[a] - delays[b] || delays[a + 1] - delays[b + 1]);
  return indexes.reduce((sum, i) => sum + delays[i + 2], 0);
}

/** `GET /api/v1/todos`, or `GET (no route)` when the request matched none. */
export function routeKey(timing: Pick<RequestTiming, "method" | "route">): string {
  return `${timing.method ?? "?"} ${timing.route ?? "(no route)"}`;
}

function numeric(value: unknown): number | undefined {
  const n = typeof value === "string" && value.trim() !== "" ? Number(value) : value;
  return typeof n === "number" && Number.isFinite(n) ? n : undefined;
}
