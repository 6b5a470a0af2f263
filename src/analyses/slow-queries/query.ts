import { eventFold, runFold, type AnalysisFold } from "../analysis-fold.js";
import type { SavedQueryRunner } from "../saved-query-runner.js";
import { StatementFold } from "./fold.js";
import { foldOptions, slowQueriesOf, type SlowQueriesModel, type SlowQueriesOptions } from "./model.js";

/** `queries/slow-queries.insights` tallied per statement as its lines come; the ranking worked out from the tallies so far. */
export function slowQueriesFold(options: SlowQueriesOptions = {}): AnalysisFold<SlowQueriesModel> {
  return eventFold({ name: "slow-queries", parts: { kind: "slow-queries", options: foldOptions(options) } }, new StatementFold(foldOptions(options)), (fold, notes) => slowQueriesOf(fold.finish(), notes, options));
}

/** Runs `queries/slow-queries.insights` over the range; its statements are tallied as they stream. */
export async function slowQueries(run: SavedQueryRunner, options: SlowQueriesOptions = {}): Promise<SlowQueriesModel> {
  return runFold(run, slowQueriesFold(options));
}
