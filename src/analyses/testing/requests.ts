import type { ResultRow } from "../../engine/api.js";
import { toLine } from "./rows.js";

/** Test support: the TaskOverflow lines of one request, started at `at` ms and lasting `ms`. */
export function request(
  id: string,
  method: string,
  url: string,
  at: number,
  ms: number,
  options: { status?: number; aborted?: boolean; route?: string; extra?: Record<string, unknown>[] } = {},
): ResultRow[] {
  const base = { request_id: id, method, url, ...(options.route ? { route: options.route } : {}) };
  const end = options.aborted
    ? { event: "request_aborted", duration_ms: ms }
    : { event: "request_finished", status: options.status ?? 200, duration_ms: ms };
  return [
    toLine(at, { ...base, location: "requests", event: "request_started", message: "request started" }),
    ...(options.extra ?? []).map((fields, index) => toLine(at + 1 + index, { ...base, ...fields })),
    toLine(at + ms, { ...base, location: "requests", message: "request finished", ...end }),
  ];
}

export function createTodo(id: string, todoId: number, at: number, ms = 20, options: { aborted?: boolean } = {}): ResultRow[] {
  return request(id, "POST", "/api/v1/todos", at, ms, {
    status: 201,
    route: "/api/v1/todos",
    aborted: options.aborted,
    extra: [{ location: "todos", event: "todo_created", message: "todo created", todo_id: todoId, title: "CSSE6400 Clout Assignment" }],
  });
}

export function deleteTodo(id: string, target: string, at: number, result: { found?: boolean; status?: number } = {}): ResultRow[] {
  const found = result.found ?? true;
  const extra = /^\d+$/.test(target) && result.status === undefined ? [{ location: "todos", event: "todo_deleted", message: "todo deleted", todo_id: Number(target), found }] : [];
  return request(id, "DELETE", `/api/v1/todos/${target}`, at, 10, { status: result.status ?? 200, extra });
}

export function listTodos(id: string, at: number, ms = 50): ResultRow[] {
  return request(id, "GET", "/api/v1/todos", at, ms, {
    route: "/api/v1/todos",
    extra: [{ location: "todos", event: "todos_listed", message: "todos listed", count: 3 }],
  });
}
