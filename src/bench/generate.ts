/**
 * Deterministic bench data: TaskOverflow request logs in the schema of log-schema v1, written as
 * several stream files of one log group directory (the store layout), until a size is reached.
 */
import { closeSync, mkdirSync, openSync, writeFileSync, writeSync } from "node:fs";
import path from "node:path";
import { Prng } from "../prng.js";

export const GENERATOR_VERSION = 1;
/** The seed of the bench's data, both kinds. */
export const SEED = 20261121;
export const GROUP = "taskoverflow";
const INSTANCES = ["ip-10-0-1-17", "ip-10-0-1-42", "ip-10-0-2-8", "ip-10-0-2-91"];
/** The files `generate` writes in the group directory. */
export const STREAM_FILES = INSTANCES.map((instance) => `${instance}.jsonl`);
const START = Date.parse("2026-11-21T08:00:00.000Z");
const VERSION = "0.4.2+3f9c2a1";
const COLUMNS = "id, title, completed, created_at, updated_at";

export interface Manifest {
  generator: number;
  seed: number;
  targetBytes: number;
  bytes: number;
  events: number;
  requests: number;
  /** A request id from the middle of the data, for the needle query. */
  needleRequestId: string;
  /** The log group directory to query. */
  groupDir: string;
}

interface Route {
  method: string;
  route: string;
  url: (rng: Prng, id: number) => string;
  weight: number;
  queries: { sql: string; operation: string; rows: (rng: Prng) => number }[];
  todoEvent?: string;
}

const ROUTES: Route[] = [
  {
    method: "GET", route: "/api/v1/todos", weight: 40, url: (r) => (r.chance(0.3) ? `/api/v1/todos?completed=${r.chance(0.5)}&limit=50` : "/api/v1/todos"),
    queries: [
      { sql: `SELECT ${COLUMNS} FROM todos ORDER BY created_at DESC LIMIT $1 OFFSET $2`, operation: "SELECT", rows: (r) => r.int(50) },
      { sql: "SELECT count(*) FROM todos WHERE completed = $1", operation: "SELECT", rows: () => 1 },
    ],
    todoEvent: "todos_listed",
  },
  {
    method: "GET", route: "/api/v1/todos/:id", weight: 25, url: (_r, id) => `/api/v1/todos/${id}`,
    queries: [{ sql: `SELECT ${COLUMNS} FROM todos WHERE id = $1`, operation: "SELECT", rows: (r) => (r.chance(0.95) ? 1 : 0) }],
  },
  {
    method: "POST", route: "/api/v1/todos", weight: 15, url: () => "/api/v1/todos",
    queries: [{ sql: `INSERT INTO todos (title, completed) VALUES ($1, $2) RETURNING ${COLUMNS}`, operation: "INSERT", rows: () => 1 }],
    todoEvent: "todo_created",
  },
  {
    method: "PATCH", route: "/api/v1/todos/:id", weight: 10, url: (_r, id) => `/api/v1/todos/${id}`,
    queries: [
      { sql: `SELECT ${COLUMNS} FROM todos WHERE id = $1`, operation: "SELECT", rows: () => 1 },
      { sql: `UPDATE todos SET title = COALESCE($2, title), completed = COALESCE($3, completed), updated_at = now() WHERE id = $1 RETURNING ${COLUMNS}`, operation: "UPDATE", rows: () => 1 },
    ],
    todoEvent: "todo_updated",
  },
  {
    method: "DELETE", route: "/api/v1/todos/:id", weight: 5, url: (_r, id) => `/api/v1/todos/${id}`,
    queries: [{ sql: "DELETE FROM todos WHERE id = $1", operation: "DELETE", rows: (r) => (r.chance(0.9) ? 1 : 0) }],
    todoEvent: "todo_deleted",
  },
  { method: "GET", route: "/health", weight: 5, url: () => "/health", queries: [{ sql: "SELECT 1", operation: "SELECT", rows: () => 1 }] },
];
const TOTAL_WEIGHT = ROUTES.reduce((s, r) => s + r.weight, 0);
const WORDS = ["buy", "milk", "write", "report", "call", "alice", "fix", "bug", "review", "pull", "request", "plan", "sprint", "book", "flight"];
const AGENTS = ["curl/8.5.0", "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36", "k6/0.49.0 (https://k6.io/)", "python-requests/2.31.0"];

function pickRoute(rng: Prng): Route {
  let x = rng.int(TOTAL_WEIGHT);
  for (const route of ROUTES) {
    if ((x -= route.weight) < 0) return route;
  }
  return ROUTES[0];
}

const ms3 = (x: number) => Math.round(x * 1000) / 1000;

/** The lines of one request handled by `instance`, starting at `t` (epoch ms). */
function requestLines(rng: Prng, instance: string, t: number, requestId: string): { lines: string[]; end: number } {
  const route = pickRoute(rng);
  const todoId = 1 + rng.int(200_000);
  const url = route.url(rng, todoId);
  const common = { service: "taskoverflow", instance, version: VERSION };
  const req = { request_id: requestId, method: route.method, url, route: route.route };
  const lines: string[] = [];
  let now = t;
  const at = () => new Date(now).toISOString();
  lines.push(JSON.stringify({ timestamp: at(), level: "info", ...common, location: "requests", event: "request_started", message: "request started", ...req, client_ip: `10.0.${rng.int(4)}.${rng.int(255)}`, user_agent: rng.pick(AGENTS) }));
  const rejected = route.method !== "GET" && rng.chance(0.03);
  let dbMs = 0;
  let dbQueries = 0;
  let failed = false;
  if (!rejected) {
    for (const q of route.queries) {
      const duration = ms3(rng.logNormal(q.operation === "SELECT" ? 1.2 : 2.5, 0.8));
      now += duration + rng.next();
      dbMs += duration;
      dbQueries++;
      const failure = rng.chance(0.002);
      const db = { location: "db", event: "db_query", message: failure ? "query failed" : "query", ...req, sql: q.sql, operation: q.operation, table: "todos", duration_ms: duration, rows: failure ? 0 : q.rows(rng), pool_wait_ms: ms3(rng.chance(0.9) ? 0 : rng.logNormal(3, 1)) };
      lines.push(JSON.stringify(failure ? { timestamp: at(), level: "error", ...common, ...db, error_code: "57014", error: "canceling statement due to statement timeout" } : { timestamp: at(), level: "debug", ...common, ...db }));
      if (failure) {
        failed = true;
        break;
      }
    }
  }
  if (!rejected && !failed && route.todoEvent) {
    const todo =
      route.todoEvent === "todos_listed" ? { count: rng.int(50), completed: rng.int(20) }
      : route.todoEvent === "todo_created" ? { todo_id: todoId, title: `${rng.pick(WORDS)} ${rng.pick(WORDS)} ${rng.pick(WORDS)}` }
      : route.todoEvent === "todo_updated" ? { todo_id: todoId, fields: rng.chance(0.5) ? "completed" : "title,completed" }
      : { todo_id: todoId, found: rng.chance(0.9) };
    lines.push(JSON.stringify({ timestamp: at(), level: "info", ...common, location: "todos", event: route.todoEvent, message: route.todoEvent.replace("_", " "), ...req, ...todo }));
  }
  const status = rejected ? 400 : failed ? 500 : route.method === "POST" ? 201 : route.todoEvent === "todo_deleted" ? 204 : 200;
  if (failed) {
    lines.push(JSON.stringify({ timestamp: at(), level: "error", ...common, location: "app", event: "error", message: "request failed", ...req, error_type: "DatabaseError", error: "canceling statement due to statement timeout", stack: "DatabaseError: canceling statement due to statement timeout\n    at Parser.parseErrorMessage (node_modules/pg-protocol/dist/parser.js:287:98)\n    at TodoRepository.find (src/todos/repository.ts:41:19)" }));
  }
  if (rejected) {
    lines.push(JSON.stringify({ timestamp: at(), level: "warn", ...common, location: "requests", event: "request_rejected", message: "request rejected", ...req, status, reason: "body/title must NOT have fewer than 1 characters" }));
  }
  const duration = ms3(now - t + rng.logNormal(0.8, 0.5));
  now = t + duration;
  lines.push(JSON.stringify({ timestamp: at(), level: status >= 500 ? "error" : "info", ...common, location: "requests", event: "request_finished", message: "request finished", ...req, status, duration_ms: duration, db_queries: dbQueries, db_ms: ms3(dbMs), response_bytes: status === 204 ? 0 : 120 + rng.int(4000) }));
  return { lines, end: now };
}

/** Writes about `targetBytes` of logs under `dir`; returns what it wrote. */
export function generate(dir: string, targetBytes: number, seed = SEED): Manifest {
  return drain(generating(dir, targetBytes, seed));
}

/** `generate`, pausing after each megabyte written, so that its caller can handle a signal between. */
export function* generating(dir: string, targetBytes: number, seed = SEED): Generator<void, Manifest> {
  const rng = new Prng(seed);
  const groupDir = path.join(dir, GROUP);
  mkdirSync(groupDir, { recursive: true });
  const fds = STREAM_FILES.map((name) => openSync(path.join(groupDir, name), "w"));
  const pending = INSTANCES.map(() => [] as string[]);
  const pendingBytes = INSTANCES.map(() => 0);
  const clocks = INSTANCES.map((_, i) => START + i * 7);
  let bytes = 0;
  let events = 0;
  let requests = 0;
  let needleRequestId = "";
  const flush = (i: number) => {
    writeSync(fds[i], pending[i].join(""));
    pending[i] = [];
    pendingBytes[i] = 0;
  };
  try {
    while (bytes < targetBytes) {
      const i = requests % INSTANCES.length;
      const requestId = rng.uuid();
      if (!needleRequestId && bytes >= targetBytes * 0.6) needleRequestId = requestId;
      const { lines, end } = requestLines(rng, INSTANCES[i], clocks[i], requestId);
      // Each instance serves about 25 requests a second.
      clocks[i] = Math.max(end, clocks[i] + rng.logNormal(30, 0.7));
      for (const line of lines) {
        const text = line + "\n";
        pending[i].push(text);
        pendingBytes[i] += text.length;
        bytes += text.length;
      }
      events += lines.length;
      requests++;
      if (pendingBytes[i] > 1 << 20) {
        flush(i);
        yield;
      }
    }
    INSTANCES.forEach((_, i) => flush(i));
  } finally {
    fds.forEach((fd) => closeSync(fd));
  }
  const manifest: Manifest = { generator: GENERATOR_VERSION, seed, targetBytes, bytes, events, requests, needleRequestId, groupDir: GROUP };
  writeFileSync(path.join(dir, "manifest.json"), JSON.stringify(manifest, null, 2) + "\n");
  return manifest;
}

/** Runs steps to their end at once. */
export function drain<T>(steps: Generator<void, T>): T {
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}
