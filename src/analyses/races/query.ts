import { eventFold, runFold, type AnalysisFold } from "../analysis-fold.js";
import type { SavedQueryRunner } from "../saved-query-runner.js";
import { racesOfRequests, type RacesModel, type RacesOptions } from "./model.js";
import { TodoRequestFold } from "./requests.js";

/** `queries/races.insights` folded into one small record per request as its lines come; the races worked out from the requests so far. */
export function racesFold(options: RacesOptions = {}): AnalysisFold<RacesModel> {
  return eventFold({ name: "races", parts: { kind: "races" } }, new TodoRequestFold(), (fold) => racesOfRequests(fold.requests(), options));
}

/** Runs `queries/races.insights` over the range; its lines are folded per request as they stream. */
export async function races(run: SavedQueryRunner, options: RacesOptions = {}): Promise<RacesModel> {
  return runFold(run, racesFold(options));
}
