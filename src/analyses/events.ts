import type { ResultRow } from "../engine/api.js";
import type { QueryParams, SavedQueryRunner } from "./saved-query-runner.js";
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
  const normaliser = new RowNormaliser();
  normaliser.push(rows);
  return normaliser.finish();
}

/**
 * `normaliseRows` a batch at a time, so that rows streamed out of a query can be let go as they
 * are turned into events (a local analysis holds the events, not the rows as well).
 */
export class RowNormaliser {
  private readonly flat: AppEvent[] = [];
  private readonly nested: AppEvent[] = [];

  push(rows: readonly ResultRow[]): void {
    for (const row of rows) {
      const parsed = parseRow(row);
      if (parsed) (parsed.nested ? this.nested : this.flat).push(parsed.event);
    }
  }

  finish(): NormalisedEvents {
    return dedupeAndSort(this.flat, this.nested);
  }
}

/** The events of a saved query's rows: streamed into events where the runner can stream them. */
export async function runNormalised(run: SavedQueryRunner, name: string, params?: QueryParams): Promise<NormalisedEvents> {
  if (!run.each) return normaliseRows(await run(name, params));
  const normaliser = new RowNormaliser();
  await run.each(name, params ?? {}, (rows) => normaliser.push(rows));
  return normaliser.finish();
}

function dedupeAndSort(flat: AppEvent[], nested: AppEvent[]): NormalisedEvents {
  // The practical attaches one watchtower handler to a logger and to root, so each record is
  // written twice, the second time wrapped as `message.message`: keep only one copy.
  const seen = new Set(nested.length > 0 ? flat.map(identity) : []);
  let nestedDuplicates = 0;
  for (const event of nested) {
    const key = identity(event);
    if (seen.has(key)) nestedDuplicates++;
    else {
      seen.add(key);
      flat.push(event);
    }
  }
  flat.sort((a, b) => a.timestamp - b.timestamp);
  return { events: flat, notes: { nestedDuplicates } };
}

function identity(event: AppEvent): string {
  return `${event.timestamp}\u0000${event.location}\u0000${event.message}\u0000${event.requestId ?? ""}`;
}

function parseRow(row: ResultRow): { event: AppEvent; nested: boolean } | undefined {
  let obj = parseJsonObject(row["@message"]) ?? fieldsOf(row);
  let nested = false;
  while (isObject(obj.message)) {
    obj = { ...obj, ...obj.message };
    nested = true;
  }
  const timestamp = parseLooseTime(obj.timestamp) ?? parseResultTimestamp(row["@timestamp"]);
  if (timestamp === undefined) return undefined;
  const place = { logGroup: groupName(row["@log"]), logStream: row["@logStream"] };
  const event = isPracticalLine(obj) ? fromPractical(obj, timestamp) : fromTaskOverflow(obj, timestamp);
  return { event: { ...event, ...withoutUndefined(place) }, nested };
}

function fromTaskOverflow(obj: Record<string, unknown>, timestamp: number): AppEvent {
  const event = str(obj.event) ?? "log";
  const duration = num(obj.duration_ms);
  return withoutUndefined({
    timestamp,
    producer: "taskoverflow" as const,
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
    fields: obj,
  });
}

function fromPractical(obj: Record<string, unknown>, timestamp: number): AppEvent {
  const location = str(obj.location) ?? "";
  const message = str(obj.message) ?? "";
  const event = practicalEventName(location, message);
  const url = str(obj.url);
  return withoutUndefined({
    timestamp,
    producer: "course-practical" as const,
    event,
    level: "info",
    location,
    message,
    requestId: str(obj.request_id),
    method: str(obj.method),
    url,
    route: routeOfUrl(url),
    sql: event === "db_query" ? message : undefined,
    fields: obj,
  });
}

function parseJsonObject(text: string | undefined): Record<string, unknown> | undefined {
  if (text === undefined || !text.trimStart().startsWith("{")) return undefined;
  try {
    const value: unknown = JSON.parse(text);
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
