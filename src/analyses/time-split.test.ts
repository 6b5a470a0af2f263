import { describe, expect, it } from "vitest";
import { normaliseRows } from "./events.js";
import { toLine } from "./testing/rows.js";
import { splitRequestTime, type TimeSplit } from "./time-split.js";
import { splitBar, splitSentence } from "./time-split-text.js";

const req = { request_id: "r-1", method: "GET", url: "/api/v1/todos", route: "/api/v1/todos" };
const started = (ms: number) => toLine(ms, { ...req, location: "requests", event: "request_started", message: "request started" });
const finished = (ms: number, duration: number, extra: Record<string, unknown> = {}) =>
  toLine(ms, { ...req, location: "requests", event: "request_finished", message: "done", status: 200, duration_ms: duration, ...extra });
/** A db_query line as the service writes it: when the statement completes. */
const query = (ms: number, duration: number, poolWait?: number) =>
  toLine(ms, { ...req, location: "db", event: "db_query", message: "SELECT todos", sql: "SELECT 1", duration_ms: duration, ...(poolWait !== undefined ? { pool_wait_ms: poolWait } : {}) });

function split(rows: ReturnType<typeof toLine>[]): TimeSplit {
  return splitRequestTime(normaliseRows(rows).events);
}

/** Every millisecond is in exactly one part. */
function expectWhole(time: TimeSplit) {
  expect((time.poolWaitMs ?? 0) + time.sqlMs + time.beforeFirstLineMs + time.otherMs).toBeCloseTo(time.totalMs, 2);
}

describe("splitRequestTime", () => {
  it("splits a request into pool wait, SQL and the rest, as the issue's slowest request", () => {
    const time = split([started(0), query(2077, 118.9, 1957.792), finished(2080, 2080)]);
    expect(time).toMatchObject({ totalMs: 2080, totalFrom: "logged", poolWaitMs: 1957.792, sqlMs: 118.9, beforeFirstLineMs: 0, overlapping: false, missing: [] });
    expect(time.otherMs).toBeCloseTo(3.308, 3);
    expectWhole(time);
    expect(splitSentence(time)).toBe("2.08 s: 1.96 s waiting for a DB connection (94%), 0.12 s SQL (6%), 0.00 s other (<1%)");
  });

  it("adds up sequential statements", () => {
    const time = split([started(0), query(30, 10, 20), query(45, 5, 5), query(100, 40, 0), finished(120, 120)]);
    expect(time).toMatchObject({ poolWaitMs: 25, sqlMs: 55, otherMs: 40, statements: 3, statementsWithoutPoolWait: 0 });
    expectWhole(time);
  });

  it("says pool wait is not logged (older logs) instead of printing 0", () => {
    const time = split([started(0), query(50, 30), finished(60, 60)]);
    expect(time.poolWaitMs).toBeUndefined();
    expect(time).toMatchObject({ sqlMs: 30, otherMs: 30, missing: ["pool_wait"] });
    expect(splitSentence(time)).toBe("60.0 ms: DB connection wait not logged, 30.0 ms SQL (50%), 30.0 ms other (50%)");
  });

  it("keeps the pool wait that is logged when some statements lack it", () => {
    const time = split([started(0), query(50, 10, 30), query(80, 10), finished(100, 100)]);
    expect(time).toMatchObject({ poolWaitMs: 30, sqlMs: 20, otherMs: 50, statementsWithoutPoolWait: 1, missing: ["pool_wait_partly"] });
  });

  it("counts a request without request_finished to its last line, and says so", () => {
    const time = split([started(0), query(70, 20, 40)]);
    expect(time).toMatchObject({ totalMs: 70, totalFrom: "lines", poolWaitMs: 40, sqlMs: 20, otherMs: 10, missing: ["finish"] });
    expectWhole(time);
  });

  it("places a lone statement line (no start, no finish) by its own wait and duration", () => {
    const time = split([query(1000, 100, 400)]);
    expect(time).toMatchObject({ totalMs: 500, poolWaitMs: 400, sqlMs: 100, otherMs: 0, missing: ["finish", "start"] });
  });

  it("times a request without lines of its own start from its logged duration", () => {
    const time = split([query(100, 50, 20), finished(110, 110)]);
    expect(time).toMatchObject({ totalMs: 110, poolWaitMs: 20, sqlMs: 50, missing: [] });
    // the logged start (0) is 30 ms before the statement's wait began (30): before its first line
    expect(time.beforeFirstLineMs).toBe(30);
    expect(time.otherMs).toBe(10);
  });

  it("counts concurrent statements by wall clock, not twice", () => {
    // two statements, each waiting 0-50 and running 50-100: 200 ms of sums in a 100 ms request
    const time = split([started(0), query(100, 50, 50), query(100, 50, 50), finished(100, 100)]);
    expect(time).toMatchObject({ overlapping: true, poolWaitMs: 50, sqlMs: 50, otherMs: 0 });
    expectWhole(time);
  });

  it("clips statements that outlive an abort to the request's time", () => {
    const aborted = toLine(100, { ...req, location: "requests", event: "request_aborted", level: "warn", message: "aborted", duration_ms: 100 });
    const time = split([started(0), aborted, query(300, 100, 150)]);
    // the statement waited 50-200 and ran 200-300: only 50-100 is inside the request
    expect(time).toMatchObject({ totalMs: 100, clipped: true, poolWaitMs: 50, sqlMs: 0, otherMs: 50 });
  });

  it("adds up to the request's time when a statement's logged duration passes it by the clocks' noise", () => {
    // The statement's own timer says 24.8 ms in a request whose timer says 24.6 ms.
    const time = split([started(0), query(24, 24.8, 0.04), finished(25, 24.6)]);
    expect(time.totalMs).toBe(24.6);
    expectWhole(time);
    expect(time.sqlMs).toBeLessThanOrEqual(time.totalMs);
    expect(time.otherMs).toBe(0);
  });

  it("leaves a statement run wholly after an abort out of the request's time", () => {
    const aborted = toLine(2410, { ...req, location: "requests", event: "request_aborted", level: "warn", message: "aborted", duration_ms: 2410 });
    const time = split([started(0), aborted, query(3790, 58, 0.04)]);
    expect(time).toMatchObject({ totalMs: 2410, clipped: true, poolWaitMs: 0, sqlMs: 0, otherMs: 2410 });
  });

  it("infers SQL for the course practical and says what it cannot attribute", () => {
    const line = (ms: number, location: string, message: string) => toLine(ms, { location, message, request_id: "p-1", url: "/api/v1/todos", method: "GET" });
    const rows = [line(0, "requests", "Request started"), line(2, "sqlalchemy.engine.Engine", "SELECT todos.id FROM todos"), line(3, "sqlalchemy.engine.Engine", "[%s] %r"), line(9, "requests", "Request finished")];
    const time = split(rows);
    expect(time).toMatchObject({ totalMs: 9, totalFrom: "lines", sqlMs: 7, sqlInferred: true, otherMs: 2, missing: ["duration", "pool_wait"] });
    expect(time.poolWaitMs).toBeUndefined();
    expect(splitSentence(time)).toBe("9.00 ms: DB connection wait not logged, ~7.00 ms SQL (inferred, 78%), 2.00 ms other (22%)");
  });
});

describe("splitBar", () => {
  it("fills the width exactly, in proportion", () => {
    const bar = splitBar({ totalMs: 100, poolWaitMs: 50, sqlMs: 25, sqlInferred: false, beforeFirstLineMs: 0, otherMs: 25 }, 8);
    expect(bar).toBe("░░░░██··");
    expect(splitBar({ totalMs: 3, poolWaitMs: 1, sqlMs: 1, sqlInferred: false, beforeFirstLineMs: 0, otherMs: 1 }, 10)).toHaveLength(10);
  });
});
