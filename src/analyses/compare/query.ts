import { streamEvents } from "../events.js";
import { latencyOfRoute } from "../latency/model.js";
import { races } from "../races/query.js";
import { RequestTimingFold } from "../request-timing.js";
import type { SavedQueryRunner } from "../saved-query-runner.js";
import { StatementFold } from "../slow-queries/fold.js";
import { slowQueriesOf } from "../slow-queries/model.js";
import type { TimeWindow } from "../time-slices.js";
import type { CompareSide } from "./model.js";

/**
 * One side of `tolog compare`: the latency view and the statements from one run of
 * `queries/latency.insights` (its rows hold every row of `slow-queries.insights`), each folded
 * as the lines stream, and the orphans from `races.insights`.
 */
export async function compareSide(run: SavedQueryRunner, label: string, window?: TimeWindow): Promise<CompareSide> {
  const timings = new RequestTimingFold();
  const statements = new StatementFold();
  const notes = await streamEvents(run, "latency", {}, (event, order) => {
    timings.push(event, order);
    statements.push(event, order);
  });
  const latency = latencyOfRoute(timings.timings(), window ? { window } : {});
  const slowQueries = slowQueriesOf(statements.finish(), notes, { top: Number.MAX_SAFE_INTEGER, ...(window ? { window } : {}) });
  const { summary } = await races(run, window ? { window } : {});
  return { label, latency, slowQueries, races: summary };
}
