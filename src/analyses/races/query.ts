import { streamEvents } from "../events.js";
import type { SavedQueryRunner } from "../saved-query-runner.js";
import { racesOfRequests, type RacesModel, type RacesOptions } from "./model.js";
import { TodoRequestFold } from "./requests.js";

/** Runs `queries/races.insights` over the range; its lines are folded per request as they stream. */
export async function races(run: SavedQueryRunner, options: RacesOptions = {}): Promise<RacesModel> {
  const fold = new TodoRequestFold();
  await streamEvents(run, "races", {}, (event, order) => fold.push(event, order));
  return racesOfRequests(fold.requests(), options);
}
