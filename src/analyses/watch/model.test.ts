import { Chalk } from "chalk";
import { describe, expect, it } from "vitest";
import { normaliseRows } from "../events.js";
import { WatchModel } from "./model.js";
import { renderWatch } from "./render.js";

const T0 = Date.UTC(2026, 10, 21, 10);
let seq = 0;
function row(fields: Record<string, unknown>, atMs: number): Record<string, string> {
  return { "@timestamp": new Date(T0 + atMs).toISOString().replace("T", " ").replace("Z", ""), "@message": JSON.stringify({ timestamp: new Date(T0 + atMs).toISOString(), level: "info", ...fields }), "@ptr": String(seq++) };
}

/** A request on `route` ending at `end` ms after T0 that took `ms`, with `waitMs` of pool wait in one statement. */
function request(id: string, route: string, end: number, ms: number, waitMs: number, status = 200) {
  const method = route.includes(":id") ? "DELETE" : "GET";
  return [
    row({ event: "request_started", request_id: id, method, route, url: route }, end - ms),
    row({ event: "db_query", request_id: id, sql: "SELECT 1", duration_ms: 5, pool_wait_ms: waitMs }, end - 1),
    row({ event: "request_finished", request_id: id, method, route, url: route, status, duration_ms: ms }, end),
  ];
}

describe("WatchModel", () => {
  it("figures of the last window per route, totals since the start, orphans so far and the slowest request", () => {
    const model = new WatchModel({ windowMs: 10_000, binMs: 5_000 });
    const rows = [
      ...request("a", "/api/v1/todos", 1_000, 100, 50),
      ...request("b", "/api/v1/todos", 2_000, 300, 250, 500),
      row({ event: "todo_created", todo_id: "1" }, 2_500),
      row({ event: "todo_created", todo_id: "2" }, 2_600),
      row({ event: "todo_deleted", todo_id: "1", found: true }, 2_700),
      ...request("e", "/api/v1/todos", 30_000, 40, 0),
      row({ event: "request_started", request_id: "f", method: "GET", route: "/api/v1/todos" }, 30_500),
    ];
    // In two batches, the second in another order: lines of one request may arrive apart.
    model.push(normaliseRows(rows.slice(0, 5)).events);
    model.push(normaliseRows(rows.slice(5).reverse()).events);
    const snapshot = model.snapshot();
    expect(snapshot.now).toBe(T0 + 30_500);
    // Only request e ended in the last 10 s.
    expect(snapshot.window.requests).toBe(1);
    expect(snapshot.window.routes.map((r) => [r.key, r.requests, r.p95Ms])).toEqual([["GET /api/v1/todos", 1, 40]]);
    expect(snapshot.total).toMatchObject({ requests: 3, errors: 1, aborted: 0, poolWaitMs: 300 });
    expect(snapshot.inFlight).toBe(1);
    expect(snapshot.todos).toEqual({ created: 2, deleted: 1, orphans: 1 });
    expect(snapshot.slowest?.requestId).toBe("b");
    expect(snapshot.slowest?.split.poolWaitMs).toBe(250);
    // Bins 0-5 s closed with their p95; the 30 s bin still open is shown too.
    expect(snapshot.chart.bins.map((bin) => [bin.start - T0, bin.p95ByRoute["GET /api/v1/todos"]])).toEqual([
      [0, 300],
      [30_000, 40],
    ]);

    const text = renderWatch(snapshot, { chalk: new Chalk({ level: 0 }), width: 80, command: (words) => ["npx", "tolog", ...words].join(" ") });
    expect(text).toMatch(/^last 10\.00 s to 10:00:30 UTC: 1 requests \(0\.1\/s\), 0 5xx \(0%\), 0 aborted$/m);
    expect(text).toContain("orphans so far: 1 todo(s) created and not deleted (2 created, 1 deleted)");
    expect(text.replace(/\n +/g, " ")).toMatch(/slowest so far: GET \/api\/v1\/todos 300\.0 ms: 250\.0 ms waiting for a DB connection \(83%\), 5\.00 ms SQL/);
    for (const line of text.split("\n")) expect(line.length).toBeLessThanOrEqual(80);
    expect(text).toContain("next: npx tolog trace b");
  });

  it("keeps a bounded window and chart however long it runs", () => {
    const model = new WatchModel({ windowMs: 1_000, binMs: 1_000, bins: 5 });
    for (let i = 0; i < 2_000; i++) model.push(normaliseRows(request(`r${i}`, "/api/v1/todos", i * 50 + 10, 10, 1)).events);
    const snapshot = model.snapshot();
    expect(snapshot.window.requests).toBeLessThanOrEqual(21);
    expect(snapshot.chart.bins.length).toBe(5);
    expect(snapshot.total.requests).toBe(2_000);
    expect(snapshot.inFlight).toBe(0);
  });

  it("says so before any request is seen", () => {
    expect(renderWatch(new WatchModel().snapshot(), { chalk: new Chalk({ level: 0 }) })).toMatch(/No request seen yet/);
  });
});
