import { parseJsonExact } from "../engine/exact-number.js";
import type { ResultRow } from "../engine/api.js";
import { isPracticalLine, practicalEventName, routeOfUrl } from "./course-practical.js";
import { parseLooseTime, parseResultTimestamp } from "./timestamps.js";

/** Which program wrote an event; the analyses are written once over both. */
export type Producer = "taskoverflow" | "course-practical";

/**
 * One log event in the shape every analysis reads, whichever producer wrote it (the
 * TaskOverflow schema, log-schema.md, or the course practical's StructuredFormatter).
 */
export interface AppEvent {
  /** Epoch ms; may carry a fraction when the producer logs finer times. */
  timestamp: number;
  producer: Producer;
  /** Stable machine name: the schema's `event`, or derived for the practical (course-practical.ts). */
  event: string;
  level: string;
  location: string;
  message: string;
  requestId?: string;
  method?: string;
  url?: string;
  route?: string;
  status?: number;
  /** A request's own duration (`request_finished` / `request_aborted`). */
  durationMs?: number;
  /** The statement of a `db_query` event. */
  sql?: string;
  /** The statement's measured execution time; absent when the producer does not log one. */
  sqlMs?: number;
  /** How long the statement waited for a pooled connection before it ran (`db_query.pool_wait_ms`). */
  poolWaitMs?: number;
  rows?: number;
  todoId?: string;
  /** `todo_deleted`: whether a row was deleted. */
  found?: boolean;
  instance?: string;
  logGroup?: string;
  logStream?: string;
  /** Every field of the event as logged (flat), for JSON output. */
  fields: Record<string, unknown>;
}

/**
 * The fields events read only as numbers (`num`, and the folds' `numeric` for `count` and
 * `delay_ms`), which may come as numbers instead of their text (RunOptions.numberColumns): `num`
 * of a finite number is that number, and of its text (the shortest that reads back) the same.
 * Not `timestamp` (its text and its number are read differently), nor anything read as text.
 */
export const NUMBER_FIELDS: readonly string[] = ["status", "duration_ms", "pool_wait_ms", "rows", "count", "delay_ms"];

/** What normalising skipped, so that a renderer can say so. */
export interface NormaliseNotes {
  /** Nested `message.message` copies of practical lines, dropped as duplicates. */
  nestedDuplicates: number;
}

export interface NormalisedEvents {
  events: AppEvent[];
  notes: NormaliseNotes;
}

/**
 * Turns query result rows (which carry `@message`, and ideally `@timestamp`, `@logStream`,
 * `@log`) into events sorted by time. Rows whose message is not JSON fall back to their own
 * fields, so a query that projects fields instead of `@message` still works.
 */
export function normaliseRows(rows: readonly ResultRow[]): NormalisedEvents {
  const list = new EventList();
  const stream = new EventStream((event) => list.push(event), { keepFields: true });
  stream.push(rows);
  const notes = stream.finish();
  return { events: list.sorted(), notes };
}

/** Events kept whole (for trace: one request's), for a fold that needs every line. */
export class EventList {
  private events: AppEvent[] = [];

  push(event: AppEvent): void {
    this.events.push(withoutUndefined(event));
  }

  /** In time order; stable: events of one instant stay in the order they were handed over. */
  sorted(): AppEvent[] {
    return [...this.events].sort((a, b) => a.timestamp - b.timestamp);
  }

  clone(): EventList {
    const copy = new EventList();
    copy.events = [...this.events];
    return copy;
  }
}

/**
 * Receives each event once, in no particular time order. `order` counts the events handed over:
 * sorting by (timestamp, order) gives the order `normaliseRows` sorts them in, so a model that
 * folds events as they come can take "the first line with a status" exactly as one that sorts
 * them first (the first to arrive wins a tie).
 */
export type EventSink = (event: AppEvent, order: number) => void;

/**
 * Rows into events as they stream, each handed to `sink` and let go. The course practical writes
 * every record twice, the second copy nested in `message`: a nested copy is dropped when a plain
 * line with the same time, logger, message and request was seen (its plain twin comes first in
 * the practical's files; a copy met before its twin waits until the end). Plain lines are
 * remembered for this only for the practical, the one producer that nests its copies.
 */
export class EventStream {
  private order = 0;
  private readonly plainKeys = new Set<string>();
  private readonly waiting: AppEvent[] = [];
  private nestedDuplicates = 0;

  constructor(
    private readonly sink: EventSink,
    private readonly options: { keepFields?: boolean } = {},
  ) {}

  push(rows: readonly ResultRow[]): void {
    for (const row of rows) {
      const parsed = parseRow(row, this.options.keepFields ?? false);
      if (!parsed) continue;
      const { event } = parsed;
      if (!parsed.nested) {
        if (event.producer === "course-practical") this.plainKeys.add(identity(event));
        this.sink(event, this.order++);
      } else if (this.plainKeys.has(identity(event))) this.nestedDuplicates++;
      else this.waiting.push(event);
    }
  }

  /** What the stream holds, as plain data, for a part of the rows streamed on another thread (part-folds.ts). */
  save(): SavedStream {
    return { order: this.order, plainKeys: [...this.plainKeys], waiting: this.waiting, nestedDuplicates: this.nestedDuplicates };
  }

  /**
   * Takes in a later part's stream (`save` of a stream over those rows alone), as if its rows had
   * been pushed here; returns how many events were handed over before them, by which the part's
   * orders move up. A nested copy the part held back is a duplicate when an earlier part had its
   * plain twin (as it would have been on arrival here); else it waits, after those held so far.
   */
  merge(saved: SavedStream): number {
    const offset = this.order;
    for (const event of saved.waiting) {
      if (this.plainKeys.has(identity(event))) this.nestedDuplicates++;
      else this.waiting.push(event);
    }
    for (const key of saved.plainKeys) this.plainKeys.add(key);
    this.nestedDuplicates += saved.nestedDuplicates;
    this.order += saved.order;
    return offset;
  }

  /** Hands over the nested copies that had no plain twin (after every plain line, as normaliseRows orders them). */
  finish(): NormaliseNotes {
    return this.settle(this.sink, true);
  }

  /**
   * What `finish` would hand over (to `late`, not to the sink) and say, leaving the stream as it
   * is so that more rows may follow: the answer of a fold followed live (analysis-fold.ts).
   */
  peek(late: EventSink): NormaliseNotes {
    return this.settle(late, false);
  }

  private settle(sink: EventSink, final: boolean): NormaliseNotes {
    const keys = final ? this.plainKeys : new Set<string>();
    let duplicates = this.nestedDuplicates;
    let order = this.order;
    for (const event of this.waiting) {
      const key = identity(event);
      if (this.plainKeys.has(key) || keys.has(key)) duplicates++;
      else {
        keys.add(key);
        sink(event, order++);
      }
    }
    if (final) {
      this.waiting.length = 0;
      this.nestedDuplicates = duplicates;
      this.order = order;
    }
    return { nestedDuplicates: duplicates };
  }
}

/** An EventStream as plain data (`EventStream.save`). */
export interface SavedStream {
  order: number;
  plainKeys: string[];
  waiting: AppEvent[];
  nestedDuplicates: number;
}

function identity(event: AppEvent): string {
  return `${event.timestamp}\u0000${event.location}\u0000${event.message}\u0000${event.requestId ?? ""}`;
}

/**
 * One row as an event. A row's `@message` is read when it is JSON; otherwise its own fields are
 * (a query that names the fields it needs, as the analyses' saved queries do: the engine then
 * takes only those out of each line). A JSON object in `message` is a nested copy: from
 * `@message` it is an object, from named fields it comes flattened (`message.message`, ...), as
 * Logs Insights flattens JSON. Without `keepFields`, `fields` is whatever was at hand (the
 * parsed message or the row itself, system fields included): for models that read a few of
 * them and let the event go.
 */
function parseRow(row: ResultRow, keepFields: boolean): { event: AppEvent; nested: boolean } | undefined {
  const message = parseJsonObject(row["@message"]);
  let obj: Record<string, unknown> = message ?? (keepFields ? fieldsOf(row) : row);
  let nested = false;
  while (isObject(obj.message)) {
    obj = { ...obj, ...obj.message };
    nested = true;
  }
  while (obj.message === undefined && obj["message.message"] !== undefined) {
    obj = unnested(obj);
    nested = true;
  }
  const timestamp = parseLooseTime(obj.timestamp) ?? parseResultTimestamp(row["@timestamp"]);
  if (timestamp === undefined) return undefined;
  const event = isPracticalLine(obj) ? fromPractical(obj, timestamp) : fromTaskOverflow(obj, timestamp);
  event.logGroup = groupName(row["@log"]);
  event.logStream = row["@logStream"];
  return { event, nested };
}

/** `message.x` fields over the outer ones, one level of nesting taken off. */
function unnested(obj: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key in obj) if (!key.startsWith(NESTED)) out[key] = obj[key];
  for (const key in obj) if (key.startsWith(NESTED)) out[key.slice(NESTED.length)] = obj[key];
  return out;
}

const NESTED = "message.";

function fromTaskOverflow(obj: Record<string, unknown>, timestamp: number): AppEvent {
  const event = str(obj.event) ?? "log";
  const duration = num(obj.duration_ms);
  return {
    timestamp,
    producer: "taskoverflow",
    event,
    level: str(obj.level) ?? "info",
    location: str(obj.location) ?? "",
    message: str(obj.message) ?? "",
    requestId: str(obj.request_id),
    method: str(obj.method),
    url: str(obj.url),
    route: str(obj.route),
    status: num(obj.status),
    durationMs: event === "db_query" ? undefined : duration,
    sql: str(obj.sql),
    sqlMs: event === "db_query" ? duration : undefined,
    poolWaitMs: event === "db_query" ? num(obj.pool_wait_ms) : undefined,
    rows: num(obj.rows),
    todoId: str(obj.todo_id),
    found: bool(obj.found),
    instance: str(obj.instance),
    logGroup: undefined,
    logStream: undefined,
    fields: obj,
  };
}

function fromPractical(obj: Record<string, unknown>, timestamp: number): AppEvent {
  const location = str(obj.location) ?? "";
  const message = str(obj.message) ?? "";
  const event = practicalEventName(location, message);
  const url = str(obj.url);
  return {
    timestamp,
    producer: "course-practical",
    event,
    level: "info",
    location,
    message,
    requestId: str(obj.request_id),
    method: str(obj.method),
    url,
    route: routeOfUrl(url),
    status: undefined,
    durationMs: undefined,
    sql: event === "db_query" ? message : undefined,
    sqlMs: undefined,
    poolWaitMs: undefined,
    rows: undefined,
    todoId: undefined,
    found: undefined,
    instance: undefined,
    logGroup: undefined,
    logStream: undefined,
    fields: obj,
  };
}

function parseJsonObject(text: string | undefined): Record<string, unknown> | undefined {
  if (text === undefined || !text.trimStart().startsWith("{")) return undefined;
  try {
    // Exact: a numeric request id beyond 2^53 keeps its digits, as the engine that found its line read it.
    const value: unknown = parseJsonExact(text);
    return isObject(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

function fieldsOf(row: ResultRow): Record<string, unknown> {
  return Object.fromEntries(Object.entries(row).filter(([key]) => !key.startsWith("@")));
}

/** `@log` is `accountId:logGroupName` on CloudWatch. */
function groupName(log: string | undefined): string | undefined {
  return log?.replace(/^\d{12}:/, "");
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function str(value: unknown): string | undefined {
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return undefined;
}

function num(value: unknown): number | undefined {
  if (typeof value === "number" && Number.isFinite(value)) return value;
  if (typeof value === "string" && value.trim() !== "" && Number.isFinite(Number(value))) return Number(value);
  return undefined;
}

function bool(value: unknown): boolean | undefined {
  if (typeof value === "boolean") return value;
  if (value === "true" || value === "1" || value === 1) return true;
  if (value === "false" || value === "0" || value === 0) return false;
  return undefined;
}

function withoutUndefined<T extends object>(value: T): T {
  // A plain loop: entries/fromEntries made two arrays per event, a third of normalising's time.
  const out: Record<string, unknown> = {};
  for (const key in value) {
    const v = value[key];
    if (v !== undefined) out[key] = v;
  }
  return out as T;
}
