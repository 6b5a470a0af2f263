import { Chalk } from "chalk";
import { describe, expect, it } from "vitest";
import { racesJson } from "./races/render-json.js";
import { renderRacesTable } from "./races/render-table.js";
import { slowQueriesJson } from "./slow-queries/render-json.js";
import { renderSlowQueriesTable } from "./slow-queries/render-table.js";
import { sampleRaces, sampleSlowQueries, sampleTrace } from "./testing/samples.js";
import { traceJson } from "./trace/render-json.js";
import { renderTraceTable } from "./trace/render-table.js";

const plain = { chalk: new Chalk({ level: 0 }), width: 100 };

describe("table output (colour off)", () => {
  it("trace", () => {
    expect(renderTraceTable(sampleTrace(), plain)).toMatchSnapshot();
  });

  it("slow-queries, with a p95 sparkline per bin", () => {
    expect(renderSlowQueriesTable(sampleSlowQueries(60_000), plain)).toMatchSnapshot();
  });

  it("races", () => {
    expect(renderRacesTable(sampleRaces(), plain)).toMatchSnapshot();
  });

  it("carries no ANSI codes with colour off, and some with colour on", () => {
    const text = renderTraceTable(sampleTrace(), plain);
    expect(text).not.toMatch(/\u001b\[/);
    expect(renderTraceTable(sampleTrace(), { ...plain, chalk: new Chalk({ level: 1 }) })).toMatch(/\u001b\[31m/);
  });
});

describe("json output", () => {
  it("trace has the documented shape, every field of each event kept", () => {
    const json = traceJson(sampleTrace()) as { request_id: string; summary: object; events: Record<string, unknown>[] };
    expect(json.request_id).toBe("req-1");
    expect(json.summary).toMatchObject({ method: "GET", url: "/api/v1/todos?completed=false", route: "/api/v1/todos", status: 200, duration_ms: 180, db_queries: 7, db_ms: 160, events: 9 });
    expect(json.events[1]).toMatchObject({ "@timestamp": "2026-11-21 10:00:00.125", offset_ms: 125, event: "db_query", level: "info", location: "db", message: "query", sql_ms: 120, rows: 40, table: "todos" });
  });

  it("slow-queries has the documented shape", () => {
    const json = slowQueriesJson(sampleSlowQueries()) as { window: object; statements: Record<string, unknown>[] };
    expect(json.window).toEqual({ start: "2026-11-21 10:00:00.000", end: "2026-11-21 10:02:00.105" });
    expect(Object.keys(json.statements[0])).toEqual([
      "sql", "calls", "total_ms", "avg_ms", "p50_ms", "p95_ms", "max_ms", "pool_wait_total_ms", "pool_wait_avg_ms", "pool_wait_p95_ms", "pool_wait_max_ms",
      "without_pool_wait", "rows_avg", "share", "slowest_request_id", "inferred",
    ]);
    expect(json.statements[0]).toMatchObject({ pool_wait_total_ms: null, without_pool_wait: 4 });
    expect(json.statements[0]).toMatchObject({ calls: 4, total_ms: 140, max_ms: 50, slowest_request_id: "l3", inferred: false });
  });

  it("races has the documented shape", () => {
    const json = racesJson(sampleRaces()) as { summary: Record<string, unknown>; todos: Record<string, unknown>[] };
    expect(json.summary).toMatchObject({ created: 4, deleted: 1, orphaned: 3, orphaned_by_reason: { no_delete: 2, client_gave_up: 1 } });
    expect(json.todos[0]).toEqual({
      todo_id: "1", title: "CSSE6400 Clout Assignment", created_at: "2026-11-21 10:00:00.001", create_request_id: "c1", client_gave_up: false,
      deletes: [{ request_id: "d1", status: 200, at: "2026-11-21 10:00:10.020", target: "1", result: "deleted", matched_by_timing: false }],
      seen_by_lists: 1, outcome: "deleted", reason: "deleted",
    });
  });
});
