import { normaliseRows } from "../events.js";
import { buildRaces } from "../races/model.js";
import { buildSlowQueries } from "../slow-queries/model.js";
import { buildTrace } from "../trace/model.js";
import { createTodo, deleteTodo, listTodos } from "./requests.js";
import { toLine } from "./rows.js";

const LIST_SQL = "SELECT id, title, description, completed, deadline_at, created_at, updated_at FROM todos ORDER BY created_at DESC";
const BY_ID_SQL = "SELECT * FROM todos WHERE id = $1";

function db(sql: string, ms: number, rows = 1, poolWaitMs?: number) {
  return { location: "db", event: "db_query", message: "query", sql, operation: "SELECT", table: "todos", duration_ms: ms, rows, ...(poolWaitMs !== undefined ? { pool_wait_ms: poolWaitMs } : {}) };
}

/**
 * Test support: one list request with a slow list query, an N+1 and a slow error statement:
 * 180 ms = 6 ms waiting for connections + 160 ms SQL + 14 ms other.
 */
export function sampleTrace() {
  const req = { request_id: "req-1", method: "GET", url: "/api/v1/todos?completed=false", route: "/api/v1/todos" };
  // the service logs a db_query line when the statement completes
  const rows = [
    toLine(0, { ...req, location: "requests", event: "request_started", message: "request started", client_ip: "127.0.0.1" }),
    toLine(125, { ...req, ...db(LIST_SQL, 120, 40, 4) }),
    ...[128, 131, 134, 137, 140].map((at) => toLine(at, { ...req, ...db(BY_ID_SQL, 2, 1, 0.2) })),
    toLine(172, { ...req, ...db("SELECT pg_sleep($1)", 30, 1, 1), level: "error", error_code: "57014" }),
    toLine(180, { ...req, location: "requests", event: "request_finished", message: "request finished", status: 200, duration_ms: 180, db_queries: 7, db_ms: 160 }),
  ];
  const { events, notes } = normaliseRows(rows);
  return buildTrace("req-1", events, notes);
}

/** Test support: statements of several requests over two minutes. */
export function sampleSlowQueries(binMs?: number) {
  const rows = [0, 1, 2, 3].flatMap((i) => [
    toLine(i * 40_000, { request_id: `l${i}`, route: "/api/v1/todos", ...db(LIST_SQL, 20 + i * 10, 10 + i) }),
    ...Array.from({ length: 6 }, (_, j) => toLine(i * 40_000 + 100 + j, { request_id: `g${i}`, route: "/api/v1/todos/:id", ...db(BY_ID_SQL, 1 + j * 0.5) })),
  ]);
  const { events, notes } = normaliseRows(rows);
  return buildSlowQueries(events, notes, binMs === undefined ? {} : { binMs });
}

/** Test support: a planner run where one DELETE got through and the rest never arrived. */
export function sampleRaces() {
  const rows = [
    ...listTodos("l1", 5_000),
    ...createTodo("c1", 1, 0),
    ...createTodo("c2", 2, 1_000),
    ...createTodo("c3", 3, 2_000, 20, { aborted: true }),
    ...deleteTodo("d1", "1", 10_020),
    ...listTodos("l2", 30_000),
    ...createTodo("c4", 4, 65_000),
  ];
  return buildRaces(normaliseRows(rows).events);
}
