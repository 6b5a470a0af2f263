import { streamEvents } from "../events.js";
import type { SavedQueryRunner } from "../saved-query-runner.js";
import { StatementFold } from "./fold.js";
import { foldOptions, slowQueriesOf, type SlowQueriesModel, type SlowQueriesOptions } from "./model.js";

/** Runs `queries/slow-queries.insights` over the range; its statements are tallied as they stream. */
export async function slowQueries(run: SavedQueryRunner, options: SlowQueriesOptions = {}): Promise<SlowQueriesModel> {
  const fold = new StatementFold(foldOptions(options));
  const notes = await streamEvents(run, "slow-queries", {}, (event, order) => fold.push(event, order));
  return slowQueriesOf(fold.finish(), notes, options);
}
