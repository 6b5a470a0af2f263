import { describe, expect, it } from "vitest";
import { normaliseRows } from "../events.js";
import { toLine } from "../testing/rows.js";
import { buildTrace } from "./model.js";

const req = { request_id: "r-1", method: "GET", url: "/api/v1/todos", route: "/api/v1/todos" };

function sampleRows() {
  return [
    toLine(0, { ...req, location: "requests", event: "request_started", message: "request started" }),
    ...Array.from({ length: 6 }, (_, i) =>
      toLine(10 + i * 10, {
        ...req, location: "db", event: "db_query", message: "query",
        sql: "SELECT * FROM tags WHERE todo_id = $1", duration_ms: 2 + i, rows: 1,
      }),
    ),
    toLine(200, { ...req, location: "db", event: "db_query", message: "query", sql: "SELECT 1", duration_ms: 90, level: "error", error_code: "57014" }),
    toLine(400, { ...req, location: "requests", event: "request_finished", message: "done", status: 200, duration_ms: 400, db_queries: 7, db_ms: 117 }),
    toLine(5, { request_id: "other", location: "requests", event: "request_started", message: "x" }),
  ];
}

describe("buildTrace", () => {
  it("orders the request's events and measures offsets and gaps", () => {
    const { events, notes } = normaliseRows(sampleRows());
    const model = buildTrace("r-1", events, notes);
    expect(model.steps.map((step) => step.offsetMs)).toEqual([0, 10, 20, 30, 40, 50, 60, 200, 400]);
    expect(model.steps.map((step) => step.gapMs)).toEqual([0, 10, 10, 10, 10, 10, 10, 140, 200]);
    expect(model.steps.filter((step) => step.largestGap).map((step) => step.gapMs)).toEqual([10, 140, 200]);
  });

  it("summarises the request from its finish line", () => {
    const { events, notes } = normaliseRows(sampleRows());
    const { summary } = buildTrace("r-1", events, notes);
    expect(summary).toMatchObject({
      method: "GET", url: "/api/v1/todos", route: "/api/v1/todos", status: 200,
      durationMs: 400, dbQueries: 7, dbMs: 117, dbShare: 117 / 400, aborted: false, finished: true, events: 9, errors: 1,
    });
    expect(summary.instances).toEqual(["host-a"]);
    expect(summary.logGroups).toEqual(["taskoverflow"]);
  });

  it("warns about a statement repeated within the request (N+1)", () => {
    const { events, notes } = normaliseRows(sampleRows());
    const { summary } = buildTrace("r-1", events, notes);
    expect(summary.repeated).toEqual([{ sql: "SELECT * FROM tags WHERE todo_id = $1", calls: 6, requestId: "r-1" }]);
    expect(summary.warnings.some((warning) => warning.startsWith("N+1"))).toBe(true);
  });

  it("marks the slowest statements and error lines", () => {
    const { events, notes } = normaliseRows(sampleRows());
    const { steps } = buildTrace("r-1", events, notes);
    expect(steps.filter((step) => step.slowestSql).map((step) => step.sqlMs)).toEqual([6, 7, 90]);
    expect(steps.filter((step) => step.isError).map((step) => step.sql)).toEqual(["SELECT 1"]);
  });

  it("falls back to the span of the lines when no finish line exists", () => {
    const rows = sampleRows().slice(0, 3);
    const { events, notes } = normaliseRows(rows);
    const { summary } = buildTrace("r-1", events, notes);
    expect(summary).toMatchObject({ durationMs: 20, finished: false, dbMs: 5 });
    expect(summary.warnings).toContain("no request_finished line: the time is counted to the request's last line (a lower bound)");
    expect(summary.time.missing).toEqual(["finish", "pool_wait"]);
  });

  it("says that the request began before its first line in hand when a range cut its start", () => {
    // The range read starts at 150 ms: the start line and the first six statements are outside it.
    const rows = sampleRows().slice(7, 9);
    const { events, notes } = normaliseRows(rows);
    const { summary } = buildTrace("r-1", events, notes);
    expect(summary.durationMs).toBe(400);
    expect(summary.warnings).toContainEqual(expect.stringMatching(/^no request_started line: the request began 200\.0 ms before its first line here; .*widen --start/));
    const whole = buildTrace("r-1", normaliseRows(sampleRows()).events, notes).summary;
    expect(whole.warnings.some((w) => w.startsWith("no request_started line"))).toBe(false);
  });
});
