import { describe, expect, it } from "vitest";
import { normaliseRows } from "../events.js";
import { BASE_TIME, toLine } from "../testing/rows.js";
import { buildLatency } from "./model.js";

interface Request {
  id: string;
  method?: string;
  /** null: no route matched (the service logs none). */
  route?: string | null;
  at: number;
  duration: number;
  status?: number;
  /** [pool wait, sql] per statement, in order; each line is written when the statement completes. */
  statements?: [number | undefined, number][];
  end?: "finished" | "aborted" | "none";
  listed?: number;
}

/** The lines TaskOverflow writes for one request. */
function lines(r: Request) {
  const req = { request_id: r.id, method: r.method ?? "GET", url: r.route ?? "/nowhere", ...(r.route === null ? {} : { route: r.route ?? "/api/v1/todos" }) };
  const rows = [toLine(r.at, { ...req, location: "requests", event: "request_started", message: "request started" })];
  let t = r.at;
  for (const [wait, sql] of r.statements ?? []) {
    t += (wait ?? 0) + sql;
    rows.push(toLine(t, { ...req, location: "db", event: "db_query", message: "q", sql: "SELECT 1", duration_ms: sql, ...(wait !== undefined ? { pool_wait_ms: wait } : {}) }));
  }
  if (r.listed !== undefined) rows.push(toLine(t, { ...req, location: "todos", event: "todos_listed", message: "listed", count: r.listed }));
  const end = r.end ?? "finished";
  if (end === "finished") {
    rows.push(toLine(r.at + r.duration, { ...req, location: "requests", event: "request_finished", message: "done", status: r.status ?? 200, duration_ms: r.duration }));
  } else if (end === "aborted") {
    rows.push(toLine(r.at + r.duration, { ...req, location: "requests", event: "request_aborted", level: "warn", message: "aborted", duration_ms: r.duration }));
  }
  return rows;
}

function model(requests: Request[], binMs?: number) {
  return buildLatency(normaliseRows(requests.flatMap(lines)).events, binMs === undefined ? {} : { binMs });
}

describe("buildLatency", () => {
  // 10 list requests of 100 ms, 80 of them waiting for a connection, 10 SQL; 2 creates of 50 ms, 40 SQL
  const lists = Array.from({ length: 10 }, (_, i): Request => ({ id: `l${i}`, at: i * 1000, duration: 100, statements: [[80, 10]], status: i === 9 ? 503 : 200, listed: 10 + i }));
  const creates: Request[] = [0, 1].map((i) => ({ id: `c${i}`, method: "POST", at: 500 + i * 1000, duration: 50, statements: [[0, 40]], status: 201 }));

  it("gives each route its requests, errors, percentiles and time split, the busiest route first", () => {
    const { routes, overall } = model([...creates, ...lists]);
    expect(routes.map((route) => route.key)).toEqual(["GET /api/v1/todos", "POST /api/v1/todos"]);
    expect(routes[0]).toMatchObject({ requests: 10, errors: 1, clientErrors: 0, aborted: 0, unfinished: 0, p50Ms: 100, p95Ms: 100, maxMs: 100 });
    expect(routes[0].time).toMatchObject({ totalMs: 1000, poolWaitMs: 800, sqlMs: 100, otherMs: 100 });
    expect(routes[1].time).toMatchObject({ totalMs: 100, poolWaitMs: 0, sqlMs: 80, otherMs: 20 });
    expect(overall).toMatchObject({ key: "all routes", requests: 12, errors: 1 });
  });

  it("says where the time goes in one line", () => {
    expect(model([...creates, ...lists]).headline).toBe(
      "GET /api/v1/todos spends 80% of its time waiting for a DB connection, 10% running SQL and 10% elsewhere (application, serialisation) (91% of all request time is on this route).",
    );
  });

  it("takes percentiles over the requests' durations (nearest rank, as pct() on CloudWatch)", () => {
    const requests = Array.from({ length: 20 }, (_, i): Request => ({ id: `r${i}`, at: i * 10, duration: i + 1 }));
    expect(model(requests).routes[0]).toMatchObject({ p50Ms: 10, p95Ms: 19, p99Ms: 20, maxMs: 20 });
  });

  it("keeps aborted requests in the figures, and counts unfinished ones apart", () => {
    const { routes, notes } = model([
      { id: "a", at: 0, duration: 500, end: "aborted", statements: [[100, 10]] },
      { id: "b", at: 0, duration: 300, end: "none", statements: [[100, 10]] },
      { id: "c", at: 0, duration: 10 },
    ]);
    expect(routes[0]).toMatchObject({ requests: 2, aborted: 1, unfinished: 1, maxMs: 500, errors: 0 });
    expect(routes[0].time.totalMs).toBe(510);
    expect(notes[0]).toMatch(/^1 request\(s\) have no request_finished or request_aborted line/);
  });

  it("says pool wait is not logged instead of 0, when no statement has pool_wait_ms", () => {
    const { routes, headline, notes } = model([{ id: "a", at: 0, duration: 100, statements: [[undefined, 30]] }]);
    expect(routes[0].time.poolWaitMs).toBeUndefined();
    expect(headline).toContain("waiting for a DB connection is not logged");
    expect(notes.some((note) => note.startsWith("no statement logs pool_wait_ms"))).toBe(true);
  });

  it("groups requests that matched no route apart", () => {
    const { routes } = model([{ id: "x", at: 0, duration: 1, status: 404, route: null }, { id: "y", at: 0, duration: 1 }]);
    const rows = routes.map((route) => [route.key, route.requests, route.clientErrors]);
    expect(rows).toHaveLength(2);
    expect(rows).toEqual(expect.arrayContaining([["GET /api/v1/todos", 1, 0], ["GET (no route)", 1, 1]]));
  });
});

describe("the time series (--by-time)", () => {
  it("bins requests by the time they ended, every bin from the first to the last", () => {
    const requests: Request[] = [
      { id: "a", at: 1_000, duration: 100, statements: [[50, 10]], listed: 5 },
      { id: "b", at: 2_000, duration: 300, statements: [[200, 10]], listed: 7, status: 500 },
      { id: "c", at: 25_000, duration: 100, method: "POST", statements: [[0, 10]], status: 201 },
    ];
    const { series } = model(requests, 10_000);
    expect(series?.binMs).toBe(10_000);
    expect(series?.routes).toEqual(["GET /api/v1/todos", "POST /api/v1/todos"]);
    expect(series?.bins.map((bin) => bin.start - BASE_TIME)).toEqual([0, 10_000, 20_000]);
    const [first, empty, last] = series!.bins;
    expect(first).toMatchObject({ requests: 2, errors: 1, p95Ms: 300, throughputPerS: 0.2, poolWaitMs: 250, sqlMs: 20, tableSize: 7 });
    expect(first.poolWaitShare).toBeCloseTo(250 / 400);
    expect(first.byRoute["GET /api/v1/todos"]).toEqual({ requests: 2, errors: 1, p50Ms: 100, p95Ms: 300, maxMs: 300 });
    expect(empty).toMatchObject({ requests: 0, p95Ms: null, errors: null, tableSize: null, inFlightMax: 0, byRoute: {} });
    expect(last).toMatchObject({ requests: 1, tableSize: null, byRoute: { "POST /api/v1/todos": { requests: 1 } } });
  });

  it("counts requests in flight: the average over the bin and the most at once", () => {
    // two requests overlapping for 1 s in a 10 s bin, one of them 4 s long
    const { series } = model([
      { id: "a", at: 0, duration: 4_000 },
      { id: "b", at: 3_000, duration: 2_000 },
    ], 10_000);
    expect(series!.bins[0]).toMatchObject({ inFlightMax: 2, inFlightAvg: 0.6 });
  });

  it("gives a bin the range cuts its rates over the part of it the range holds", () => {
    // 10 requests a second from 0 to 20 s; a range from 5 s to 20 s; 30 s bins.
    const requests = Array.from({ length: 200 }, (_, i): Request => ({ id: `r${i}`, at: i * 100, duration: 50 }));
    const inRange = requests.filter((r) => r.at >= 5_000);
    const window = { start: BASE_TIME + 5_000, end: BASE_TIME + 19_999 };
    const { series } = buildLatency(normaliseRows(inRange.flatMap(lines)).events, { binMs: 30_000, window });
    expect(series!.bins).toHaveLength(1);
    expect(series!.bins[0].throughputPerS).toBeCloseTo(10, 1);
    expect(series!.bins[0].inFlightAvg).toBeCloseTo(0.5, 1);
  });

  it("names the routes there are when --route matches no request", () => {
    const requests: Request[] = [{ id: "a", at: 0, duration: 10 }, { id: "b", at: 5, duration: 10, route: "/api/v1/todos/:id" }];
    const found = buildLatency(normaliseRows(requests.flatMap(lines)).events, { route: "/api/v1/todos/7" });
    expect(found.routesSeen).toEqual(["/api/v1/todos", "/api/v1/todos/:id"]);
    expect(buildLatency(normaliseRows(requests.flatMap(lines)).events, { route: "/api/v1/todos" }).routesSeen).toBeUndefined();
  });
});
