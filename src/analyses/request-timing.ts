import type { AppEvent, Producer } from "./events.js";
import { nextLineAfter, NONE, Records } from "./records.js";
import { DELAYS, DELAY_FIELDS, FINISH_ABORTED, FINISH_AT, FINISH_DURATION, FINISH_STATUS, FIRST_AT, FIRST_ORDER, LAST_AT, LINES, LINE_FIELDS, LISTED, METHOD_AT, PRACTICAL, REQUEST_FIELDS, ROUTE_AT, STARTED_AT, STATEMENTS, STATEMENT_FIELDS, STATUS, STATUS_AT, URL_AT } from "./request-fields.js";
import { mergeTimings, saveTimings, type SavedRequestTimings } from "./request-timing-parts.js";
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
  const fold = new RequestTimingFold();
  const slot = fold.open(requestId);
  events.forEach((event, order) => fold.add(slot, event, order));
  return fold.timingOf(slot);
}

/**
 * The latency query's lines folded per request as they stream: each request keeps the few
 * figures its timing reads (its first and last line, its finish and start lines, its status,
 * method, URL and route, list size, injected delays) and its statements (time, duration, pool
 * wait), plus its lines' times for statements timed by the gap to the next line. No line is
 * kept, and no object per request (records.ts).
 */
export class RequestTimingFold {
  /** Also written by request-timing-parts.ts, merging parts. */
  slots = new Map<string, number>();
  /** Also written by request-timing-parts.ts, merging parts. */
  ids: string[] = [];
  /** Also written by request-timing-parts.ts, merging parts. */
  methods: (string | undefined)[] = [];
  /** Also written by request-timing-parts.ts, merging parts. */
  urls: (string | undefined)[] = [];
  /** Also written by request-timing-parts.ts, merging parts. */
  routes: (string | undefined)[] = [];
  /** Also written by request-timing-parts.ts, merging parts. */
  requests = new Records(REQUEST_FIELDS);
  /** Also written by request-timing-parts.ts, merging parts. */
  statements = new Records(STATEMENT_FIELDS);
  /** Also written by request-timing-parts.ts, merging parts. */
  lines = new Records(LINE_FIELDS);
  /** Also written by request-timing-parts.ts, merging parts. */
  delays = new Records(DELAY_FIELDS);
  /** Each request's timing as last worked out, until a line of it comes (--follow answers again and again). */
  /** Also written by request-timing-parts.ts, merging parts. */
  timed: (RequestTiming | undefined)[] = [];

  /** An independent copy of everything folded so far. */
  clone(): RequestTimingFold {
    const copy = new RequestTimingFold();
    copy.slots = new Map(this.slots);
    copy.ids = [...this.ids];
    copy.methods = [...this.methods];
    copy.urls = [...this.urls];
    copy.routes = [...this.routes];
    copy.requests = this.requests.clone();
    copy.statements = this.statements.clone();
    copy.lines = this.lines.clone();
    copy.delays = this.delays.clone();
    copy.timed = [...this.timed];
    return copy;
  }

  push(event: AppEvent, order: number): void {
    const id = event.requestId;
    if (id === undefined) return;
    this.add(this.slots.get(id) ?? this.open(id), event, order);
  }

  /** A new request, with no line yet. */
  open(requestId: string): number {
    const slot = this.requests.add(Infinity, Infinity, -Infinity, 0, Infinity, 0, NaN, NaN, Infinity, Infinity, NaN, Infinity, Infinity, Infinity, NaN, NONE, NONE, NONE);
    this.slots.set(requestId, slot);
    this.ids.push(requestId);
    this.methods.push(undefined);
    this.urls.push(undefined);
    this.routes.push(undefined);
    return slot;
  }

  add(slot: number, event: AppEvent, order: number): void {
    this.timed[slot] = undefined;
    const r = this.requests;
    const at = event.timestamp;
    const firstAt = r.get(slot, FIRST_AT);
    if (at < firstAt || (at === firstAt && order < r.get(slot, FIRST_ORDER))) {
      r.set(slot, FIRST_AT, at);
      r.set(slot, FIRST_ORDER, order);
      r.set(slot, PRACTICAL, event.producer === "course-practical" ? 1 : 0);
    }
    if (at > r.get(slot, LAST_AT)) r.set(slot, LAST_AT, at);
    const name = event.event;
    if (name !== "db_params") r.set(slot, LINES, this.lines.add(at, order, r.get(slot, LINES)));
    if ((name === "request_finished" || name === "request_aborted") && at < r.get(slot, FINISH_AT)) {
      r.set(slot, FINISH_AT, at);
      r.set(slot, FINISH_ABORTED, name === "request_aborted" ? 1 : 0);
      r.set(slot, FINISH_DURATION, event.durationMs ?? NaN);
      r.set(slot, FINISH_STATUS, event.status ?? NaN);
    }
    if (name === "request_started" && at < r.get(slot, STARTED_AT)) r.set(slot, STARTED_AT, at);
    if (event.status !== undefined && at < r.get(slot, STATUS_AT)) {
      r.set(slot, STATUS_AT, at);
      r.set(slot, STATUS, event.status);
    }
    if (event.method !== undefined && at < r.get(slot, METHOD_AT)) {
      r.set(slot, METHOD_AT, at);
      this.methods[slot] = event.method;
    }
    if (event.url !== undefined && at < r.get(slot, URL_AT)) {
      r.set(slot, URL_AT, at);
      this.urls[slot] = event.url;
    }
    if (event.route !== undefined && at < r.get(slot, ROUTE_AT)) {
      r.set(slot, ROUTE_AT, at);
      this.routes[slot] = event.route;
    }
    if (name === "todos_listed") {
      const count = numeric(event.fields.count);
      const listed = r.get(slot, LISTED);
      if (count !== undefined && (Number.isNaN(listed) || count > listed)) r.set(slot, LISTED, count);
    }
    if (name === "chaos_latency") r.set(slot, DELAYS, this.delays.add(at, order, numeric(event.fields.delay_ms) ?? 0, r.get(slot, DELAYS)));
    if (name === "db_query" && event.sql !== undefined) {
      r.set(slot, STATEMENTS, this.statements.add(at, order, event.sqlMs ?? NaN, event.poolWaitMs ?? NaN, r.get(slot, STATEMENTS)));
    }
  }

  /** Everything folded so far as plain data, for a part folded on another thread (part-folds.ts, request-timing-parts.ts). */
  save(): SavedRequestTimings {
    return saveTimings(this);
  }

  /** Folds in what a later part of the lines gave (request-timing-parts.ts). */
  merge(saved: SavedRequestTimings, offset: number): void {
    mergeTimings(this, saved, offset);
  }

  /** Every request timed, by end time (then by their first lines' order), as requestTimings orders them. */
  timings(): RequestTiming[] {
    const r = this.requests;
    const slots = Array.from({ length: r.length }, (_, slot) => slot);
    slots.sort((a, b) => r.get(a, FIRST_AT) - r.get(b, FIRST_AT) || r.get(a, FIRST_ORDER) - r.get(b, FIRST_ORDER));
    return slots.map((slot) => (this.timed[slot] ??= this.timingOf(slot))).sort((a, b) => a.endedAt - b.endedAt);
  }

  timingOf(slot: number): RequestTiming {
    const r = this.requests;
    const spans = this.spansOf(slot);
    const seen = r.get(slot, FIRST_ORDER) !== Infinity;
    const finishAt = r.get(slot, FINISH_AT);
    const startedAt = r.get(slot, STARTED_AT);
    // Built field by field, in the order the spreads gave (JSON output keeps it): for every request of the range.
    let finish: RequestShape["finish"];
    if (finishAt !== Infinity) {
      finish = { at: finishAt, aborted: r.get(slot, FINISH_ABORTED) === 1 };
      const durationMs = r.get(slot, FINISH_DURATION);
      if (!Number.isNaN(durationMs)) finish.durationMs = durationMs;
    }
    const shape: RequestShape = { firstAt: seen ? r.get(slot, FIRST_AT) : NaN, lastAt: seen ? r.get(slot, LAST_AT) : NaN };
    if (finish) shape.finish = finish;
    if (startedAt !== Infinity) shape.startedAt = startedAt;
    const bounds = requestBounds(shape, spans);
    const finishStatus = r.get(slot, FINISH_STATUS);
    const status = finish ? (Number.isNaN(finishStatus) ? r.get(slot, STATUS) : finishStatus) : r.get(slot, STATUS);
    const method = this.methods[slot];
    const url = this.urls[slot];
    const route = this.routes[slot];
    const timing = { requestId: this.ids[slot], producer: r.get(slot, PRACTICAL) === 1 ? "course-practical" : "taskoverflow" } as RequestTiming;
    if (method !== undefined) timing.method = method;
    if (url !== undefined) timing.url = url;
    if (route !== undefined) timing.route = route;
    if (!Number.isNaN(status)) timing.status = status;
    timing.startedAt = bounds.start;
    timing.endedAt = bounds.end;
    timing.end = finish === undefined ? "unfinished" : finish.aborted ? "aborted" : "finished";
    timing.split = splitShape(shape, spans, bounds);
    const listed = r.get(slot, LISTED);
    if (!Number.isNaN(listed)) timing.listed = listed;
    if (r.get(slot, DELAYS) !== NONE) timing.injectedDelayMs = this.delaySum(slot);
    return timing;
  }

  /** The statements in time order, each placed (sql-executions.ts: one without a duration runs to the request's next line). */
  private spansOf(slot: number): SpanTimes[] {
    const s = this.statements;
    const chain = inTimeOrder(s, this.requests.get(slot, STATEMENTS), STATEMENT_FIELDS - 1);
    const spans: SpanTimes[] = [];
    for (const i of chain) {
      const [at, order, ms, wait] = [s.get(i, 0), s.get(i, 1), s.get(i, 2), s.get(i, 3)];
      const waitMs = Number.isNaN(wait) ? undefined : wait;
      if (!Number.isNaN(ms)) spans.push(spanOf(at, ms, waitMs, false));
      else {
        const next = nextLineAfter(this.lines, this.requests.get(slot, LINES), at, order);
        if (next !== undefined) spans.push(spanOf(at, next - at, waitMs, true));
      }
    }
    return spans;
  }

  /** chaos_latency delays added up in time order. */
  private delaySum(slot: number): number {
    const d = this.delays;
    return inTimeOrder(d, this.requests.get(slot, DELAYS), DELAY_FIELDS - 1).reduce((sum, i) => sum + d.get(i, 2), 0);
  }
}

/** The records of a chain (time and order in their first two fields, the link in `next`), oldest first. */
function inTimeOrder(records: Records, head: number, next: number): number[] {
  const chain: number[] = [];
  for (let i = head; i !== NONE; i = records.get(i, next)) chain.push(i);
  return chain.sort((a, b) => records.get(a, 0) - records.get(b, 0) || records.get(a, 1) - records.get(b, 1));
}

/** `GET /api/v1/todos`, or `GET (no route)` when the request matched none. */
export function routeKey(timing: Pick<RequestTiming, "method" | "route">): string {
  return `${timing.method ?? "?"} ${timing.route ?? "(no route)"}`;
}

function numeric(value: unknown): number | undefined {
  const n = typeof value === "string" && value.trim() !== "" ? Number(value) : value;
  return typeof n === "number" && Number.isFinite(n) ? n : undefined;
}
