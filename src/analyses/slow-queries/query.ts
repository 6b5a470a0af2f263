import { runNormalised } from "../events.js";
import type { SavedQueryRunner } from "../saved-query-runner.js";
import { buildSlowQueries, type SlowQueriesModel, type SlowQueriesOptions } from "./model.js";

/** Runs `queries/slow-queries.insights` over the range and ranks its statements. */
export async function slowQueries(run: SavedQueryRunner, options: SlowQueriesOptions = {}): Promise<SlowQueriesModel> {
  const { events, notes } = await runNormalised(run, "slow-queries");
  return buildSlowQueries(events, notes, options);
}
