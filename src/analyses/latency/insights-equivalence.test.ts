import { expect, it } from "vitest";
import { runQuery } from "../../engine/index.js";
import { openLocalSource } from "../../sources/local/index.js";
import { formatTime } from "../format.js";
import { fixtureRuns, runnerFor } from "../testing/fixture-runs.js";
import { latency } from "./query.js";

// The series is what `stats ... by bin()` gives on CloudWatch, so that a chart drawn from it
// matches the console's: checked against the engine on the run with aborted requests and 5xx.
const run = fixtureRuns().find((candidate) => candidate.name === "fixtures/runs/chaos");

it.runIf(run)("the per-route p95 and counts per bin are what Logs Insights computes from the finish lines", async () => {
  const model = await latency(runnerFor(run!), { binMs: 10_000 });
  const insights = await runQuery(
    'filter event in ["request_finished", "request_aborted"] | stats count(*) as n, pct(duration_ms, 95) as p95, sum(status >= 500) as errors by bin(10s) as t, method, route',
    openLocalSource([run!.dir]),
    {},
  );
  const ours = model.series!.bins.flatMap((bin) =>
    Object.entries(bin.byRoute).map(([key, route]) => `${formatTime(bin.start)} ${key} n=${route.requests} p95=${route.p95Ms} errors=${route.errors}`),
  );
  const theirs = insights.rows.map((row) => `${row.t} ${row.method} ${row.route} n=${row.n} p95=${Number(row.p95)} errors=${Number(row.errors)}`);
  expect(ours.length).toBeGreaterThan(10);
  expect(ours.sort()).toEqual(theirs.sort());
});
