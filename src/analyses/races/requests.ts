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

/** One record per request id, from the lines `queries/races.insights` returns. */
export function collectRequests(events: readonly AppEvent[]): TodoRequest[] {
  const byId = new Map<string, AppEvent[]>();
  for (const event of events) {
    if (event.requestId === undefined) continue;
    const group = byId.get(event.requestId);
    if (group) group.push(event);
    else byId.set(event.requestId, [event]);
  }
  const requests: TodoRequest[] = [];
  for (const [requestId, group] of byId) {
    const request = toRequest(requestId, group);
    if (request) requests.push(request);
  }
  return requests.sort((a, b) => a.startedAt - b.startedAt);
}

function toRequest(requestId: string, group: AppEvent[]): TodoRequest | undefined {
  const first = group.find((event) => event.method !== undefined && event.url !== undefined);
  if (!first) return undefined;
  const end = group.find((event) => ["request_finished", "request_aborted"].includes(event.event));
  const started = group.find((event) => event.event === "request_started");
  const created = group.find((event) => event.event === "todo_created" || /^INSERT INTO todos\b/i.test(event.sql ?? ""));
  const deletion = group.find((event) => event.event === "todo_deleted");
  const deleteSql = group.some((event) => /^DELETE FROM todos\b/i.test(event.sql ?? ""));
  const status = group.find((event) => event.status !== undefined)?.status;
  const request: TodoRequest = {
    requestId,
    method: first.method!,
    url: first.url!,
    startedAt: started?.timestamp ?? group[0].timestamp,
    endedAt: end?.timestamp ?? group[group.length - 1].timestamp,
    aborted: group.some((event) => event.event === "request_aborted"),
    inserted: created !== undefined,
    deleted: deletion?.found === true || (deletion === undefined && deleteSql),
    notFound: deletion?.found === false,
    listed: group.some((event) => event.event === "todos_listed"),
  };
  const route = first.route ?? group.find((event) => event.route !== undefined)?.route;
  if (route !== undefined) request.route = route;
  if (status !== undefined) request.status = status;
  if (end?.durationMs !== undefined) request.durationMs = end.durationMs;
  const todoId = created?.todoId ?? deletion?.todoId;
  if (todoId !== undefined) request.todoId = todoId;
  if (created) request.insertedAt = created.timestamp;
  const title = created?.fields.title;
  if (typeof title === "string") request.title = title;
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
