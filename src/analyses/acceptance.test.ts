import { describe, expect, it } from "vitest";
import { runQuery } from "../engine/index.js";
import { openLocalSource } from "../sources/local/index.js";
import { routeOfUrl } from "./course-practical.js";
import { latency } from "./latency/query.js";
import { routeKey } from "./request-timing.js";
import { races } from "./races/query.js";
import { slowQueries } from "./slow-queries/query.js";
import { fixtureRuns, rawLinesOf, runnerFor, type FixtureRun } from "./testing/fixture-runs.js";
import { expectationsOf } from "./testing/manifest.js";
import { traceRequest } from "./trace/query.js";

// Every recorded run in fixtures/ (the service's runs and the course practical's format),
// checked against its own manifest through the saved queries and the embedded engine.
const runs = fixtureRuns();

describe.each(runs.map((run) => [run.name, run] as [string, FixtureRun]))("on %s", (_name, run) => {
  const expected = expectationsOf(run.manifest);

  it("races: the orphans are the todos left in the table, for the scenario's cause", async () => {
    const model = await races(runnerFor(run));
    expect(model.summary.created).toBe(expected.created);
    expect(model.summary.orphaned).toBe(expected.left);
    expect(model.summary.deleted).toBe(expected.created - expected.left);
    if (expected.cause) expect(model.summary.dominant?.reason).toBe(expected.cause);
    if (expected.cause === "no_delete") {
      expect(model.todos.every((todo) => todo.deletes.length === 0)).toBe(true);
    }
    if (expected.left === 0) expect(model.summary.dominant).toBeUndefined();
  });

  it("trace: the trace of each example request lists every line of it", async () => {
    const run_ = runnerFor(run);
    expect(expected.exampleRequestIds.length).toBeGreaterThan(0);
    for (const { id, lines } of expected.exampleRequestIds) {
      const model = await traceRequest(run_, id);
      const raw = rawLinesOf(run, id);
      expect(model?.steps.length, id).toBe(raw.length);
      if (lines !== undefined) expect(model?.steps.length, id).toBe(lines);
      expect(model?.steps.map((step) => step.message)).toEqual(raw.map((line) => line.message));
    }
  });

  it("slow-queries: the top statement is the list query", async () => {
    const model = await slowQueries(runnerFor(run));
    const top = model.statements[0];
    expect(top.sql).toMatch(/^SELECT\b[\s\S]*\bFROM todos\b/i);
    const slowest = rawLinesOf(run, top.slowestRequestId!);
    expect(slowest[0]).toMatchObject({ method: "GET" });
    expect(String(slowest[0].url).split("?")[0]).toBe("/api/v1/todos");
    if (expected.producer === "course-practical") expect(top.inferred).toBe(true);
  });

  it("latency: per route, the requests the clients sent; pool wait and SQL as the statements sum them", async () => {
    const model = await latency(runnerFor(run));
    const byKey = new Map(model.routes.map((route) => [route.key, route]));
    const requests = (run.manifest.requests ?? {}) as Record<string, number>;
    if (expected.producer === "course-practical") {
      for (const [entry, count] of Object.entries(requests)) {
        // `DELETE /api/v1/todos/undefined` matches no Flask route: it is grouped as `DELETE (no route)`
        const [method, path] = entry.split(" ");
        expect(byKey.get(routeKey({ method, route: path.includes(":") ? path : routeOfUrl(path) }))?.requests, entry).toBe(count);
      }
      expect(model.overall.errors).toBeUndefined();
      expect(model.overall.time.poolWaitMs).toBeUndefined();
      return;
    }
    const client = clientCounts(run.manifest);
    for (const [key, { answered, unanswered, errors }] of client) {
      const route = byKey.get(key);
      // a request the client gave up on (status 0) may still have reached the server
      if (unanswered === 0) expect(route && route.requests - route.aborted, key).toBe(answered);
      else expect(route?.requests ?? 0, key).toBeGreaterThanOrEqual(answered);
      if (unanswered === 0) expect(route?.errors, key).toBe(errors);
    }
    // statements that outlive an abort are cut to it, concurrent ones counted by wall clock
    if (model.overall.time.overlappingRequests + model.overall.time.clippedRequests > 0) return;
    const sums = await runQuery('filter event = "db_query" and ispresent(request_id) | stats sum(pool_wait_ms) as wait, sum(duration_ms) as sql, count(*) as n', openLocalSource([run.dir]), {});
    const { wait, sql, n } = sums.rows[0];
    expect(Math.abs(model.overall.time.poolWaitMs! - Number(wait))).toBeLessThan(0.001 * Number(n) + 0.01);
    expect(Math.abs(model.overall.time.sqlMs - Number(sql))).toBeLessThan(0.001 * Number(n) + 0.01);
  });

  it("fetches in time slices past the row cap without losing or repeating rows", async () => {
    const whole = await slowQueries(runnerFor(run));
    // a cap well below the run's size, so that several slices are needed
    const sliced = await slowQueries(runnerFor(run, Math.max(200, Math.ceil(whole.totalCalls / 3))));
    expect(sliced.totalCalls).toBe(whole.totalCalls);
    expect(sliced.statements).toEqual(whole.statements);
  });
});

/** Per `METHOD ROUTE`: responses the client got, requests it got none for (status 0), and 5xx. */
function clientCounts(manifest: Record<string, unknown>): Map<string, { answered: number; unanswered: number; errors: number }> {
  const truth = (manifest.ground_truth ?? {}) as { client?: { requests_by_method_route_status?: Record<string, number> } };
  const counts = new Map<string, { answered: number; unanswered: number; errors: number }>();
  for (const [entry, n] of Object.entries(truth.client?.requests_by_method_route_status ?? {})) {
    const status = Number(entry.slice(entry.lastIndexOf(" ") + 1));
    const key = entry.slice(0, entry.lastIndexOf(" "));
    const count = counts.get(key) ?? { answered: 0, unanswered: 0, errors: 0 };
    if (status === 0) count.unanswered += n;
    else count.answered += n;
    if (status >= 500) count.errors += n;
    counts.set(key, count);
  }
  return counts;
}

it("has recorded runs to check", () => {
  expect(runs.length).toBeGreaterThan(0);
});
