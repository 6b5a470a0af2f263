import { expect, it } from "vitest";
import { slowQueries } from "../slow-queries/query.js";
import { fixtureRuns, runnerFor } from "../testing/fixture-runs.js";
import { compareSide } from "./query.js";

// compare reads its statements from the latency query's rows: they must rank as slow-queries does.
const runs = fixtureRuns().filter((run) => run.name.startsWith("fixtures/course-practical/"));

it.each(runs.map((run) => [run.name, run] as const))("on %s, the statements compare sees are slow-queries' own", async (_name, run) => {
  const side = await compareSide(runnerFor(run), run.name);
  const own = await slowQueries(runnerFor(run), { top: Number.MAX_SAFE_INTEGER });
  expect(side.slowQueries.statements).toEqual(own.statements);
  expect(side.slowQueries.totalCalls).toBe(own.totalCalls);
});
