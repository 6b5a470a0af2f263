import { describe, expect, it } from "vitest";
import { normaliseRows } from "../events.js";
import { BASE_TIME, toLine } from "../testing/rows.js";
import { buildSlowQueries } from "./model.js";
import { TooManyBinsError } from "../bin-duration.js";

function query(at: number, requestId: string, sql: string, ms: number, extra: Record<string, unknown> = {}) {
  return toLine(at, { request_id: requestId, route: "/api/v1/todos", location: "db", event: "db_query", message: "query", sql, duration_ms: ms, rows: 2, ...extra });
}

const LIST = "SELECT * FROM todos ORDER BY created_at DESC";
const ONE = "SELECT * FROM todos WHERE id = $1";

function sample() {
  return [
    query(0, "a", LIST, 10),
    query(1, "b", LIST, 30),
    query(2, "c", LIST, 20),
    ...Array.from({ length: 5 }, (_, i) => query(100 + i, "d", ONE, 1, { route: "/api/v1/todos/:id" })),
    query(60_000, "e", ONE, 50, { route: "/api/v1/todos/:id" }),
  ];
}

describe("buildSlowQueries", () => {
  it("ranks statements by total time with their figures", () => {
    const { events, notes } = normaliseRows(sample());
    const model = buildSlowQueries(events, notes);
    expect(model.statements.map((statement) => statement.sql)).toEqual([LIST, ONE]);
    expect(model.statements[0]).toMatchObject({
      calls: 3, totalMs: 60, avgMs: 20, p50Ms: 20, p95Ms: 30, maxMs: 30, rowsAvg: 2, slowestRequestId: "b", inferred: false,
    });
    expect(model.statements[0].share).toBeCloseTo(60 / 115);
    expect(model).toMatchObject({ totalCalls: 9, totalMs: 115, distinctStatements: 2, window: { start: BASE_TIME, end: BASE_TIME + 60_000 } });
  });

  it("puts each statement's wait for a DB connection beside its execution time, and says where it is not logged", () => {
    const rows = [query(0, "a", LIST, 10, { pool_wait_ms: 100 }), query(1, "b", LIST, 30, { pool_wait_ms: 300 }), query(2, "c", LIST, 20), query(3, "d", ONE, 5)];
    const { events, notes } = normaliseRows(rows);
    const model = buildSlowQueries(events, notes);
    expect(model.poolWaitMs).toBe(400);
    expect(model.statements[0]).toMatchObject({ totalMs: 60, poolWait: { totalMs: 400, avgMs: 200, p95Ms: 300, maxMs: 300 }, withoutPoolWait: 1 });
    expect(model.statements[1].poolWait).toBeUndefined();
    expect(model.statements[1].withoutPoolWait).toBe(1);
  });

  it("ranks by another figure, keeps the top N and narrows to a route", () => {
    const { events, notes } = normaliseRows(sample());
    expect(buildSlowQueries(events, notes, { by: "max", top: 1 }).statements.map((s) => s.sql)).toEqual([ONE]);
    expect(buildSlowQueries(events, notes, { by: "calls" }).statements.map((s) => s.calls)).toEqual([6, 3]);
    expect(buildSlowQueries(events, notes, { route: "/api/v1/todos" }).statements.map((s) => s.sql)).toEqual([LIST]);
  });

  it("names the routes there are when --route matches no request, as latency does", () => {
    const { events, notes } = normaliseRows(sample());
    const none = buildSlowQueries(events, notes, { route: "/api/v1/todos/7" });
    expect(none.statements).toEqual([]);
    expect(none.routesSeen).toEqual(["/api/v1/todos", "/api/v1/todos/:id"]);
    expect(buildSlowQueries(events, notes, { route: "/api/v1/todos" }).routesSeen).toBeUndefined();
    expect(buildSlowQueries(events, notes).routesSeen).toBeUndefined();
  });

  it("finds statements repeated within single requests (N+1)", () => {
    const { events, notes } = normaliseRows(sample());
    expect(buildSlowQueries(events, notes).nPlusOne).toEqual([{ sql: ONE, requests: 1, maxCallsInOneRequest: 5, worstRequestId: "d" }]);
  });

  it("groups literal SQL by fingerprint", () => {
    const rows = [query(0, "a", "SELECT * FROM t WHERE id = 1", 5), query(1, "b", "SELECT * FROM t WHERE id = 2", 7)];
    const { events, notes } = normaliseRows(rows);
    expect(buildSlowQueries(events, notes).statements).toEqual([expect.objectContaining({ sql: "SELECT * FROM t WHERE id = ?", calls: 2, totalMs: 12 })]);
  });

  it("adds a p95 per time bin", () => {
    const { events, notes } = normaliseRows(sample());
    const model = buildSlowQueries(events, notes, { binMs: 60_000 });
    expect(model.statements.find((s) => s.sql === ONE)?.series).toEqual([1, 50]);
    expect(model.statements.find((s) => s.sql === LIST)?.series).toEqual([30, undefined]);
  });

  it("bins the statements' own minutes, not a range that reaches far beyond them", () => {
    const { events, notes } = normaliseRows(sample());
    const window = { start: BASE_TIME - 30 * 86_400_000, end: BASE_TIME + 86_400_000 };
    const model = buildSlowQueries(events, notes, { binMs: 1000, window });
    expect(model.seriesStart).toBe(BASE_TIME);
    expect(model.statements.find((s) => s.sql === ONE)?.series).toHaveLength(61);
    expect(model.window).toEqual(window);
  });

  it("refuses a bin so narrow that the statements' span would make more bins than a series holds", () => {
    const { events, notes } = normaliseRows([query(0, "a", LIST, 10), query(400 * 86_400_000, "b", LIST, 30)]);
    expect(() => buildSlowQueries(events, notes, { binMs: 1 })).toThrow(TooManyBinsError);
  });
});
