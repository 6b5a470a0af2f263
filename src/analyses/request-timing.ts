import type { AppEvent, Producer } from "./events.js";
import { requestBounds, splitRequestTime, statementSpans, type TimeSplit } from "./time-split.js";

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
  const byId = new Map<string, AppEvent[]>();
  for (const event of events) {
    if (event.requestId === undefined) continue;
    const group = byId.get(event.requestId);
    if (group) group.push(event);
    else byId.set(event.requestId, [event]);
  }
  const timings: RequestTiming[] = [];
  for (const [requestId, group] of byId) {
    group.sort((a, b) => a.timestamp - b.timestamp);
    timings.push(timeRequest(requestId, group));
  }
  return timings.sort((a, b) => a.endedAt - b.endedAt);
}

/** One request from its events, oldest first. */
export function timeRequest(requestId: string, events: readonly AppEvent[]): RequestTiming {
  const spans = statementSpans(events);
  const bounds = requestBounds(events, spans);
  const ending = events.find((event) => event.event === "request_finished" || event.event === "request_aborted");
  const status = ending?.status ?? events.find((event) => event.status !== undefined)?.status;
  const method = firstOf(events, (event) => event.method);
  const url = firstOf(events, (event) => event.url);
  const route = firstOf(events, (event) => event.route);
  const listed = maxOf(events, (event) => (event.event === "todos_listed" ? numeric(event.fields.count) : undefined));
  const delays = events.filter((event) => event.event === "chaos_latency").map((event) => numeric(event.fields.delay_ms) ?? 0);
  return {
    requestId,
    producer: events[0]?.producer ?? "taskoverflow",
    ...(method !== undefined ? { method } : {}),
    ...(url !== undefined ? { url } : {}),
    ...(route !== undefined ? { route } : {}),
    ...(status !== undefined ? { status } : {}),
    startedAt: bounds.start,
    endedAt: bounds.end,
    end: ending === undefined ? "unfinished" : ending.event === "request_aborted" ? "aborted" : "finished",
    split: splitRequestTime(events, spans),
    ...(listed !== undefined ? { listed } : {}),
    ...(delays.length > 0 ? { injectedDelayMs: delays.reduce((a, b) => a + b, 0) } : {}),
  };
}

/** `GET /api/v1/todos`, or `GET (no route)` when the request matched none. */
export function routeKey(timing: Pick<RequestTiming, "method" | "route">): string {
  return `${timing.method ?? "?"} ${timing.route ?? "(no route)"}`;
}

function firstOf<T>(events: readonly AppEvent[], pick: (event: AppEvent) => T | undefined): T | undefined {
  for (const event of events) {
    const value = pick(event);
    if (value !== undefined) return value;
  }
  return undefined;
}

function maxOf(events: readonly AppEvent[], pick: (event: AppEvent) => number | undefined): number | undefined {
  let max: number | undefined;
  for (const event of events) {
    const value = pick(event);
    if (value !== undefined && (max === undefined || value > max)) max = value;
  }
  return max;
}

function numeric(value: unknown): number | undefined {
  const n = typeof value === "string" && value.trim() !== "" ? Number(value) : value;
  return typeof n === "number" && Number.isFinite(n) ? n : undefined;
}
