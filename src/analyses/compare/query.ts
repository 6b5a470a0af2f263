import { eventFold, runFold } from "../analysis-fold.js";
import type { AppEvent } from "../events.js";
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
  const both = eventFold({ name: "latency" }, new TimingsAndStatements(), (state, notes) => ({
    latency: latencyOfRoute(state.timings.timings(), window ? { window } : {}),
    slowQueries: slowQueriesOf(state.statements.finish(), notes, { top: Number.MAX_SAFE_INTEGER, ...(window ? { window } : {}) }),
  }));
  const { latency, slowQueries } = await runFold(run, both);
  const { summary } = await races(run, window ? { window } : {});
  return { label, latency, slowQueries, races: summary };
}

/** The latency query's lines folded twice: per request (the latency view) and per statement. */
class TimingsAndStatements {
  constructor(
    readonly timings = new RequestTimingFold(),
    readonly statements = new StatementFold(),
  ) {}

  push(event: AppEvent, order: number): void {
    this.timings.push(event, order);
    this.statements.push(event, order);
  }

  clone(): TimingsAndStatements {
    return new TimingsAndStatements(this.timings.clone(), this.statements.clone());
  }
}
