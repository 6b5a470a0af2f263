import type { AppEvent } from "../events.js";

/** What one request did to the todo table, as far as its lines tell. */
export interface TodoRequest {
  requestId: string;
  method: string;
  url: string;
  route?: string;
  startedAt: number;
  /** The finish or abort line, else the request's last line. */
  endedAt: number;
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

/** What a request's lines told so far: each "first" is the earliest line (the first handed over on a tie). */
interface RequestLines {
  requestId: string;
  firstAt: number;
  /** The order of the earliest line: requests starting at the same instant keep the order of their first lines. */
  firstOrder: number;
  lastAt: number;
  /** The earliest line with both a method and a URL. */
  call?: { at: number; method: string; url: string; route?: string };
  routeAt: number;
  route?: string;
  end?: { at: number; durationMs?: number };
  startedAt?: number;
  created?: { at: number; todoId?: string; title?: string };
  deletion?: { at: number; found?: boolean; todoId?: string };
  deleteSql: boolean;
  statusAt: number;
  status?: number;
  aborted: boolean;
  listed: boolean;
}

/**
 * Folds the races query's lines into one small record per request as they stream (no line is
 * kept), then gives the same TodoRequests, in the same order, as grouping every line would.
 */
export class TodoRequestFold {
  private readonly byId = new Map<string, RequestLines>();

  push(event: AppEvent, order: number): void {
    const id = event.requestId;
    if (id === undefined) return;
    const at = event.timestamp;
    let lines = this.byId.get(id);
    if (!lines) {
      lines = { requestId: id, firstAt: at, firstOrder: order, lastAt: at, routeAt: Infinity, deleteSql: false, statusAt: Infinity, aborted: false, listed: false };
      this.byId.set(id, lines);
    } else {
      if (at < lines.firstAt) {
        lines.firstAt = at;
        lines.firstOrder = order;
      }
      if (at > lines.lastAt) lines.lastAt = at;
    }
    if (event.method !== undefined && event.url !== undefined && (!lines.call || at < lines.call.at)) {
      lines.call = { at, method: event.method, url: event.url, ...(event.route !== undefined ? { route: event.route } : {}) };
    }
    if (event.route !== undefined && at < lines.routeAt) {
      lines.routeAt = at;
      lines.route = event.route;
    }
    if (event.status !== undefined && at < lines.statusAt) {
      lines.statusAt = at;
      lines.status = event.status;
    }
    const name = event.event;
    if ((name === "request_finished" || name === "request_aborted") && (!lines.end || at < lines.end.at)) {
      lines.end = { at, ...(event.durationMs !== undefined ? { durationMs: event.durationMs } : {}) };
    }
    if (name === "request_aborted") lines.aborted = true;
    if (name === "request_started" && (lines.startedAt === undefined || at < lines.startedAt)) lines.startedAt = at;
    if (name === "todos_listed") lines.listed = true;
    const sql = event.sql;
    if ((name === "todo_created" || (sql !== undefined && INSERT_TODO.test(sql))) && (!lines.created || at < lines.created.at)) {
      const title = event.fields.title;
      lines.created = { at, ...(event.todoId !== undefined ? { todoId: event.todoId } : {}), ...(typeof title === "string" ? { title } : {}) };
    }
    if (name === "todo_deleted" && (!lines.deletion || at < lines.deletion.at)) {
      lines.deletion = { at, ...(event.found !== undefined ? { found: event.found } : {}), ...(event.todoId !== undefined ? { todoId: event.todoId } : {}) };
    }
    if (sql !== undefined && DELETE_TODO.test(sql)) lines.deleteSql = true;
  }

  /** Every request with a method and a URL, by start time (then by their first lines' order). */
  requests(): TodoRequest[] {
    const ordered = [...this.byId.values()].sort((a, b) => a.firstAt - b.firstAt || a.firstOrder - b.firstOrder);
    const requests: TodoRequest[] = [];
    for (const lines of ordered) {
      const request = toRequest(lines);
      if (request) requests.push(request);
    }
    return requests.sort((a, b) => a.startedAt - b.startedAt);
  }
}

const INSERT_TODO = /^INSERT INTO todos\b/i;
const DELETE_TODO = /^DELETE FROM todos\b/i;

function toRequest(lines: RequestLines): TodoRequest | undefined {
  const { call, end, created, deletion } = lines;
  if (!call) return undefined;
  const request: TodoRequest = {
    requestId: lines.requestId,
    method: call.method,
    url: call.url,
    startedAt: lines.startedAt ?? lines.firstAt,
    endedAt: end?.at ?? lines.lastAt,
    aborted: lines.aborted,
    inserted: created !== undefined,
    deleted: deletion?.found === true || (deletion === undefined && lines.deleteSql),
    notFound: deletion?.found === false,
    listed: lines.listed,
  };
  const route = call.route ?? lines.route;
  if (route !== undefined) request.route = route;
  if (lines.status !== undefined) request.status = lines.status;
  if (end?.durationMs !== undefined) request.durationMs = end.durationMs;
  const todoId = created?.todoId ?? deletion?.todoId;
  if (todoId !== undefined) request.todoId = todoId;
  if (created) request.insertedAt = created.at;
  if (created?.title !== undefined) request.title = created.title;
  return request;
}

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
