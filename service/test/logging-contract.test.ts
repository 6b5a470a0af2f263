import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningService } from "../src/server.js";
import { type TestDb, captureOutput, eventually, startTestDb, startTestService } from "./helpers.js";

// Log schema v1 (service/README.md): every line parses, carries the common keys, one request id
// per request across every line (SQL ones included), SQL without values, no secrets.

let db: TestDb;
let service: RunningService;
let out: ReturnType<typeof captureOutput>;

const COMMON = ["timestamp", "level", "service", "instance", "version", "location", "event", "message"];
const LOCATIONS = new Set(["app", "requests", "db", "todos"]);
const LEVELS = new Set(["debug", "info", "warn", "error"]);
const TITLE = "CSSE6400 Clout Assignment 7f3a";

beforeAll(async () => {
  db = await startTestDb();
  ({ service, out } = await startTestService(db));
  const base = `${service.url}/api/v1`;
  const headers = { "content-type": "application/json" };
  // A representative mix: success, validation failures, bad JSON, unknown routes, a given id.
  const created = (await (await fetch(`${base}/todos`, { method: "POST", headers, body: JSON.stringify({ title: TITLE, description: "secret-ish 42" }) })).json()) as { id: number };
  await fetch(`${base}/todos`);
  await fetch(`${base}/todos?completed=true&window=3&limit=5&offset=0`);
  await fetch(`${base}/todos/${created.id}`);
  await fetch(`${base}/todos/${created.id}`, { method: "PUT", headers, body: JSON.stringify({ completed: true }) });
  await fetch(`${base}/todos`, { method: "POST", headers, body: "{oops" });
  await fetch(`${base}/todos`, { method: "POST", headers, body: JSON.stringify({ nope: 1 }) });
  await fetch(`${base}/todos/undefined`, { method: "DELETE" });
  await fetch(`${base}/todos/${created.id}`, { method: "DELETE" });
  await fetch(`${base}/todos/${created.id}`, { method: "DELETE" });
  await fetch(`${base}/missing`);
  await fetch(`${base}/health`, { headers: { "x-request-id": "client-chosen.id:1" } });
  await fetch(`${base}/health`, { headers: { "x-request-id": "bad id with spaces" } });
  // request_finished is written after the response; wait until the last one is in.
  await eventually(() => (out.records().filter((r) => r.event === "request_finished").length >= 13 ? true : undefined), "13 finished requests");
});

afterAll(async () => {
  await service?.stop("tests done");
  await db?.close();
});

describe("log schema v1", () => {
  it("writes one JSON object per line with the common keys", () => {
    expect(out.lines.length).toBeGreaterThan(30);
    for (const line of out.lines) {
      const r = JSON.parse(line) as Record<string, unknown>;
      for (const key of COMMON) expect(r, `${key} in ${line}`).toHaveProperty(key);
      expect(r.timestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
      expect(LEVELS.has(r.level as string), line).toBe(true);
      expect(r.service).toBe("taskoverflow");
      expect(LOCATIONS.has(r.location as string), line).toBe(true);
      // flat: no nested objects
      for (const v of Object.values(r)) expect(typeof v === "object" && v !== null, line).toBe(false);
    }
  });

  it("gives every line of a request the same request id, method, url and route", () => {
    const byId = new Map<string, Record<string, unknown>[]>();
    for (const r of out.records()) {
      if (typeof r.request_id !== "string") continue;
      byId.set(r.request_id, [...(byId.get(r.request_id) ?? []), r]);
    }
    expect(byId.size).toBe(13);
    for (const [id, lines] of byId) {
      expect(lines[0].event, id).toBe("request_started");
      expect(lines.at(-1)?.event, id).toBe("request_finished");
      expect(lines.filter((l) => l.event === "request_started")).toHaveLength(1);
      for (const l of lines) {
        expect(l.method).toBe(lines[0].method);
        expect(l.url).toBe(lines[0].url);
        expect(l.route).toBe(lines[0].route);
      }
    }
    // SQL lines belong to their request.
    const sqlInRequests = out.records().filter((r) => r.event === "db_query" && r.request_id);
    expect(sqlInRequests.length).toBeGreaterThanOrEqual(6);
  });

  it("keeps a well-formed incoming X-Request-ID and replaces a malformed one", async () => {
    const ids = new Set(out.records().map((r) => r.request_id));
    expect(ids.has("client-chosen.id:1")).toBe(true);
    expect(ids.has("bad id with spaces")).toBe(false);
    const res = await fetch(`${service.url}/api/v1/health`, { headers: { "x-request-id": "echo-me" } });
    expect(res.headers.get("x-request-id")).toBe("echo-me");
    const fresh = await fetch(`${service.url}/api/v1/health`);
    expect(fresh.headers.get("x-request-id")).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it("finishes each request with status, duration, db tally and size; the route is absent when none matched", () => {
    const finished = out.records().filter((r) => r.event === "request_finished");
    for (const f of finished) {
      expect(typeof f.status).toBe("number");
      expect(typeof f.duration_ms).toBe("number");
      expect(typeof f.db_queries).toBe("number");
      expect(typeof f.db_ms).toBe("number");
      expect(typeof f.response_bytes).toBe("number");
    }
    const unknown = finished.find((f) => f.url === "/api/v1/missing");
    expect(unknown).toBeDefined();
    expect(unknown).not.toHaveProperty("route");
    const list = finished.find((f) => f.url === "/api/v1/todos" && f.method === "GET");
    expect(list?.db_queries).toBe(1);
  });

  it("logs SQL as parameterised text, never with the values", () => {
    const sql = out.records().filter((r) => r.event === "db_query");
    expect(sql.length).toBeGreaterThan(0);
    for (const r of sql) {
      expect(typeof r.sql).toBe("string");
      expect(["SELECT", "INSERT", "UPDATE", "DELETE", "CREATE"]).toContain(r.operation);
      for (const key of ["duration_ms", "rows", "pool_wait_ms"]) expect(typeof r[key]).toBe("number");
      if (!r.request_id) continue; // migrations at start have DDL constants
      const text = r.sql as string;
      expect(text).not.toContain(TITLE);
      expect(text).not.toContain("'");
      // the only digits are placeholders (and the health check's constant)
      if (text !== "SELECT 1") expect(text.replace(/\$\d+/g, "")).not.toMatch(/\d/);
    }
  });

  it("names the events of the schema with their keys", () => {
    const records = out.records();
    const of = (e: string) => records.filter((r) => r.event === e);
    expect(of("service_started")[0]).toMatchObject({ location: "app", db_pool_max: 10 });
    expect(of("todo_created")[0]).toMatchObject({ location: "todos", title: TITLE });
    expect(of("todo_updated")[0]).toMatchObject({ fields: "completed" });
    expect(of("todo_deleted").map((r) => r.found)).toEqual([true, false]);
    expect(of("todos_listed")[1]).toMatchObject({ completed: "true", window: 3, limit: 5 });
    const reasons = of("request_rejected").map((r) => `${r.status} ${r.reason}`);
    expect(reasons).toContain("400 extra fields");
    expect(reasons).toContain("404 id is not an integer");
    expect(reasons).toContain("404 unknown route");
    expect(reasons.some((r) => r.startsWith("400 Body is not valid JSON"))).toBe(true);
  });

  it("never writes the database password or a connection string", () => {
    const all = out.lines.join("\n");
    expect(all).not.toContain(db.secret);
    expect(all).not.toMatch(/postgres(ql)?:\/\//);
    expect(all.toLowerCase()).not.toContain("password");
  });
});

describe("aborts and chaos", () => {
  it("logs request_aborted when the client leaves, and the work it left behind", async () => {
    const chaotic = await startTestService(db, { CHAOS_MODE: "on", CHAOS_LATENCY_RATE: "1", CHAOS_LATENCY_MS: "800", CHAOS_FAILURE_RATE: "0" });
    try {
      const ctl = new AbortController();
      const pending = fetch(`${chaotic.service.url}/api/v1/todos`, {
        method: "POST",
        headers: { "content-type": "application/json", "x-request-id": "gave-up-1" },
        body: JSON.stringify({ title: "abandoned" }),
        signal: ctl.signal,
      });
      // Abort once the server has started delaying it (the chaos line is written before the wait).
      await eventually(() => chaotic.out.records().find((r) => r.event === "chaos_latency" && r.request_id === "gave-up-1"), "chaos_latency");
      ctl.abort();
      await expect(pending).rejects.toThrow();
      const mine = () => chaotic.out.records().filter((r) => r.request_id === "gave-up-1");
      await eventually(() => mine().find((r) => r.event === "todo_created"), "todo_created after abort", 200);
      const events = mine().map((r) => r.event);
      expect(events).toContain("request_aborted");
      // The server finished the work after the client had gone: that is what `tolog races` shows.
      expect(events.indexOf("request_aborted")).toBeLessThan(events.indexOf("todo_created"));
      expect(events).not.toContain("request_finished");
    } finally {
      await chaotic.service.stop("test done");
    }
  });

  it("logs every chaos failure as its own event and answers 500 with a JSON body", async () => {
    const chaotic = await startTestService(db, { CHAOS_MODE: "on", CHAOS_LATENCY_RATE: "0", CHAOS_FAILURE_RATE: "1" });
    try {
      const res = await fetch(`${chaotic.service.url}/api/v1/todos`, { headers: { "x-request-id": "chaos-1" } });
      expect(res.status).toBe(500);
      expect(await res.json()).toEqual({ error: "Internal Server Error" });
      const health = await fetch(`${chaotic.service.url}/api/v1/health`);
      expect(health.status).toBe(200);
      const events = chaotic.out.records().filter((r) => r.request_id === "chaos-1").map((r) => r.event);
      expect(events).toContain("chaos_failure");
      expect(events).not.toContain("db_query");
    } finally {
      await chaotic.service.stop("test done");
    }
  });
});
