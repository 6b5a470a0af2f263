import { describe, expect, it } from "vitest";
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

  it("fetches in time slices past the row cap without losing or repeating rows", async () => {
    const whole = await slowQueries(runnerFor(run));
    // a cap well below the run's size, so that several slices are needed
    const sliced = await slowQueries(runnerFor(run, Math.max(200, Math.ceil(whole.totalCalls / 3))));
    expect(sliced.totalCalls).toBe(whole.totalCalls);
    expect(sliced.statements).toEqual(whole.statements);
  });
});

it("has recorded runs to check", () => {
  expect(runs.length).toBeGreaterThan(0);
});
