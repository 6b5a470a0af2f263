import type { AppEvent } from "../events.js";
import { Records, type SavedRecords } from "../records.js";

/** What one request did to the todo table, as far as its lines tell. */
export interface TodoRequest {
  requestId: string;
  method: string;
  url: string;
  route?: string;
  startedAt: number;
  /** The finish or abort line, else the request's last line. */
  endedAt: number;
  /** Its finish or abort line is in the range: else it was still running when the range ended (or its process died). */
  finished: boolean;
  status?: number;
  durationMs?: number;
  aborted: boolean;
  /** `todo_created` / `todo_deleted` id. */
  todoId?: string;
  /** A row was inserted (todo_created, or an INSERT INTO todos statement). */
  inserted: boolean;
  /** When the row was inserted (the todo_created line or the INSERT statement). */
  insertedAt?: number;
  /** A row was deleted (todo_deleted found=true, or a DELETE FROM todos statement). */
  deleted: boolean;
  /** todo_deleted said no row was found. */
  notFound: boolean;
  listed: boolean;
  title?: string;
}

/** One record per request id, from the lines `queries/races.insights` returns (in any order). */
export function collectRequests(events: readonly AppEvent[]): TodoRequest[] {
  const fold = new TodoRequestFold();
  events.forEach((event, order) => fold.push(event, order));
  return fold.requests();
}

// A request's fields in its record (records.ts). Each "first" is the earliest line, the first
// handed over on a tie (lines come in order of `order`, so a later line of the same time never replaces it).
const FIRST_AT = 0;
/** The order of the earliest line: requests starting at the same instant keep the order of their first lines. */
const FIRST_ORDER = 1;
const LAST_AT = 2;
/** The earliest line with both a method and a URL (Infinity: none); its method, URL and route are kept beside. */
const CALL_AT = 3;
const ROUTE_AT = 4;
/** The first finish or abort line (Infinity: none) and its duration (NaN: not logged). */
const END_AT = 5;
const END_DURATION = 6;
/** The first request_started line (Infinity: none). */
const STARTED_AT = 7;
/** The first todo_created line or INSERT statement (Infinity: none). */
const CREATED_AT = 8;
/** The first todo_deleted line (Infinity: none) and its `found` (1, 0, NaN: not logged). */
const DELETION_AT = 9;
const DELETION_FOUND = 10;
const DELETE_SQL = 11;
const STATUS_AT = 12;
const STATUS = 13;
const ABORTED = 14;
const LISTED = 15;
const REQUEST_FIELDS = 16;

/** The strings of a request: its call's, its first route, its created and deleted todo's. */
interface RequestStrings {
  method?: string;
  url?: string;
  callRoute?: string;
  route?: string;
  createdId?: string;
  title?: string;
  deletedId?: string;
}

/** A TodoRequestFold as plain data (`TodoRequestFold.save`). */
export interface SavedTodoRequests {
  ids: string[];
  strings: (RequestStrings | undefined)[];
  records: SavedRecords;
}

/**
 * Folds the races query's lines into one small record per request as they stream (no line is
 * kept), then gives the same TodoRequests, in the same order, as grouping every line would.
 */
export class TodoRequestFold {
  private slots = new Map<string, number>();
  private ids: string[] = [];
  private strings: (RequestStrings | undefined)[] = [];
  private records = new Records(REQUEST_FIELDS);
  /** Each request as last worked out (null: not a call), until a line of it comes (--follow answers again and again). */
  private made: (TodoRequest | null | undefined)[] = [];

  /** An independent copy of everything folded so far. */
  clone(): TodoRequestFold {
    const copy = new TodoRequestFold();
    copy.slots = new Map(this.slots);
    copy.ids = [...this.ids];
    copy.strings = this.strings.map((strings) => (strings ? { ...strings } : undefined));
    copy.records = this.records.clone();
    copy.made = [...this.made];
    return copy;
  }

  push(event: AppEvent, order: number): void {
    const id = event.requestId;
    if (id === undefined) return;
    const r = this.records;
    const at = event.timestamp;
    let slot = this.slots.get(id);
    if (slot === undefined) {
      slot = r.add(at, order, at, Infinity, Infinity, Infinity, NaN, Infinity, Infinity, Infinity, NaN, 0, Infinity, NaN, 0, 0);
      this.slots.set(id, slot);
      this.ids.push(id);
      this.strings.push(undefined);
    } else {
      if (at < r.get(slot, FIRST_AT)) {
        r.set(slot, FIRST_AT, at);
        r.set(slot, FIRST_ORDER, order);
      }
      if (at > r.get(slot, LAST_AT)) r.set(slot, LAST_AT, at);
    }
    this.made[slot] = undefined;
    if (event.method !== undefined && event.url !== undefined && at < r.get(slot, CALL_AT)) {
      r.set(slot, CALL_AT, at);
      const strings = this.stringsOf(slot);
      strings.method = event.method;
      strings.url = event.url;
      strings.callRoute = event.route;
    }
    if (event.route !== undefined && at < r.get(slot, ROUTE_AT)) {
      r.set(slot, ROUTE_AT, at);
      this.stringsOf(slot).route = event.route;
    }
    if (event.status !== undefined && at < r.get(slot, STATUS_AT)) {
      r.set(slot, STATUS_AT, at);
      r.set(slot, STATUS, event.status);
    }
    const name = event.event;
    if ((name === "request_finished" || name === "request_aborted") && at < r.get(slot, END_AT)) {
      r.set(slot, END_AT, at);
      r.set(slot, END_DURATION, event.durationMs ?? NaN);
    }
    if (name === "request_aborted") r.set(slot, ABORTED, 1);
    if (name === "request_started" && at < r.get(slot, STARTED_AT)) r.set(slot, STARTED_AT, at);
    if (name === "todos_listed") r.set(slot, LISTED, 1);
    const sql = event.sql;
    if ((name === "todo_created" || (sql !== undefined && INSERT_TODO.test(sql))) && at < r.get(slot, CREATED_AT)) {
      r.set(slot, CREATED_AT, at);
      const title = event.fields.title;
      const strings = this.stringsOf(slot);
      strings.createdId = event.todoId;
      strings.title = typeof title === "string" ? title : undefined;
    }
    if (name === "todo_deleted" && at < r.get(slot, DELETION_AT)) {
      r.set(slot, DELETION_AT, at);
      r.set(slot, DELETION_FOUND, event.found === undefined ? NaN : event.found ? 1 : 0);
      this.stringsOf(slot).deletedId = event.todoId;
    }
    if (sql !== undefined && DELETE_TODO.test(sql)) r.set(slot, DELETE_SQL, 1);
  }

  /** Everything folded so far as plain data, for a part folded on another thread (part-folds.ts). */
  save(): SavedTodoRequests {
    return { ids: this.ids, strings: this.strings, records: this.records.save() };
  }

  /**
   * Folds in what a later part of the lines gave (`save` of a fold over them alone), as if its
   * lines had been pushed here: they all come after the lines folded so far, `offset` of them,
   * so each of its "firsts" wins only when strictly earlier, and its orders move up by `offset`.
   */
  merge(saved: SavedTodoRequests, offset: number): void {
    // Straight-line code, no closure or array per request: a part brings tens of thousands.
    const r = this.records;
    const o = Records.restore(saved.records);
    for (let from = 0; from < saved.ids.length; from++) {
      const id = saved.ids[from];
      // The saved part is this fold's to keep (posted to this thread, or let go by its own part).
      const theirs = saved.strings[from];
      let slot = this.slots.get(id);
      if (slot === undefined) {
        slot = r.addCopy(o, from);
        r.set(slot, FIRST_ORDER, o.get(from, FIRST_ORDER) + offset);
        this.slots.set(id, slot);
        this.ids.push(id);
        this.strings.push(theirs);
        continue;
      }
      this.made[slot] = undefined;
      if (o.get(from, FIRST_AT) < r.get(slot, FIRST_AT)) {
        r.set(slot, FIRST_AT, o.get(from, FIRST_AT));
        r.set(slot, FIRST_ORDER, o.get(from, FIRST_ORDER) + offset);
      }
      if (o.get(from, LAST_AT) > r.get(slot, LAST_AT)) r.set(slot, LAST_AT, o.get(from, LAST_AT));
      if (o.get(from, CALL_AT) < r.get(slot, CALL_AT)) {
        r.set(slot, CALL_AT, o.get(from, CALL_AT));
        const strings = this.stringsOf(slot);
        strings.method = theirs!.method;
        strings.url = theirs!.url;
        strings.callRoute = theirs!.callRoute;
      }
      if (o.get(from, ROUTE_AT) < r.get(slot, ROUTE_AT)) {
        r.set(slot, ROUTE_AT, o.get(from, ROUTE_AT));
        this.stringsOf(slot).route = theirs!.route;
      }
      if (o.get(from, STATUS_AT) < r.get(slot, STATUS_AT)) {
        r.set(slot, STATUS_AT, o.get(from, STATUS_AT));
        r.set(slot, STATUS, o.get(from, STATUS));
      }
      if (o.get(from, END_AT) < r.get(slot, END_AT)) {
        r.set(slot, END_AT, o.get(from, END_AT));
        r.set(slot, END_DURATION, o.get(from, END_DURATION));
      }
      if (o.get(from, STARTED_AT) < r.get(slot, STARTED_AT)) r.set(slot, STARTED_AT, o.get(from, STARTED_AT));
      if (o.get(from, CREATED_AT) < r.get(slot, CREATED_AT)) {
        r.set(slot, CREATED_AT, o.get(from, CREATED_AT));
        const strings = this.stringsOf(slot);
        strings.createdId = theirs!.createdId;
        strings.title = theirs!.title;
      }
      if (o.get(from, DELETION_AT) < r.get(slot, DELETION_AT)) {
        r.set(slot, DELETION_AT, o.get(from, DELETION_AT));
        r.set(slot, DELETION_FOUND, o.get(from, DELETION_FOUND));
        this.stringsOf(slot).deletedId = theirs!.deletedId;
      }
      if (o.get(from, ABORTED) === 1) r.set(slot, ABORTED, 1);
      if (o.get(from, LISTED) === 1) r.set(slot, LISTED, 1);
      if (o.get(from, DELETE_SQL) === 1) r.set(slot, DELETE_SQL, 1);
    }
  }

  private stringsOf(slot: number): RequestStrings {
    return (this.strings[slot] ??= {});
  }

  /** Every request with a method and a URL, by start time (then by their first lines' order). */
  requests(): TodoRequest[] {
    const r = this.records;
    const slots = Array.from({ length: r.length }, (_, slot) => slot);
    slots.sort((a, b) => r.get(a, FIRST_AT) - r.get(b, FIRST_AT) || r.get(a, FIRST_ORDER) - r.get(b, FIRST_ORDER));
    const requests: TodoRequest[] = [];
    for (const slot of slots) {
      const request = (this.made[slot] ??= this.toRequest(slot) ?? null);
      if (request) requests.push(request);
    }
    return requests.sort((a, b) => a.startedAt - b.startedAt);
  }

  private toRequest(slot: number): TodoRequest | undefined {
    const r = this.records;
    const strings = this.strings[slot];
    if (r.get(slot, CALL_AT) === Infinity || !strings) return undefined;
    const endAt = r.get(slot, END_AT);
    const startedAt = r.get(slot, STARTED_AT);
    const createdAt = r.get(slot, CREATED_AT);
    const created = createdAt !== Infinity;
    const deletion = r.get(slot, DELETION_AT) !== Infinity;
    const found = r.get(slot, DELETION_FOUND);
    const request: TodoRequest = {
      requestId: this.ids[slot],
      method: strings.method!,
      url: strings.url!,
      startedAt: startedAt !== Infinity ? startedAt : r.get(slot, FIRST_AT),
      endedAt: endAt !== Infinity ? endAt : r.get(slot, LAST_AT),
      finished: endAt !== Infinity,
      aborted: r.get(slot, ABORTED) === 1,
      inserted: created,
      deleted: found === 1 || (!deletion && r.get(slot, DELETE_SQL) === 1),
      notFound: found === 0,
      listed: r.get(slot, LISTED) === 1,
    };
    const route = strings.callRoute ?? strings.route;
    if (route !== undefined) request.route = route;
    const status = r.get(slot, STATUS);
    if (!Number.isNaN(status)) request.status = status;
    const durationMs = r.get(slot, END_DURATION);
    if (endAt !== Infinity && !Number.isNaN(durationMs)) request.durationMs = durationMs;
    const todoId = (created ? strings.createdId : undefined) ?? (deletion ? strings.deletedId : undefined);
    if (todoId !== undefined) request.todoId = todoId;
    if (created) request.insertedAt = createdAt;
    if (created && strings.title !== undefined) request.title = strings.title;
    return request;
  }
}

const INSERT_TODO = /^INSERT INTO todos\b/i;
const DELETE_TODO = /^DELETE FROM todos\b/i;

const TODOS_PATH = "/api/v1/todos";

export function isList(request: TodoRequest): boolean {
  return request.method === "GET" && pathOf(request.url) === TODOS_PATH;
}

export function isCreate(request: TodoRequest): boolean {
  return request.method === "POST" && pathOf(request.url) === TODOS_PATH;
}

/** The id segment a DELETE aims at (`5`, `undefined`, ``), or undefined for another request. */
export function deleteTarget(request: TodoRequest): string | undefined {
  if (request.method !== "DELETE") return undefined;
  const path = pathOf(request.url);
  if (!path.startsWith(`${TODOS_PATH}/`)) return undefined;
  const segment = path.slice(TODOS_PATH.length + 1);
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** A todo id the service could have issued (a positive integer). */
export function isWellFormedId(id: string): boolean {
  return /^[1-9]\d*$/.test(id);
}

function pathOf(url: string): string {
  const path = url.split("?")[0];
  return path.length > 1 ? path.replace(/\/$/, "") : path;
}
