import { runNormalised } from "../events.js";
import type { SavedQueryRunner } from "../saved-query-runner.js";
import { buildRaces, type RacesModel, type RacesOptions } from "./model.js";

/** Runs `queries/races.insights` over the range and reconstructs every todo's lifecycle. */
export async function races(run: SavedQueryRunner, options: RacesOptions = {}): Promise<RacesModel> {
  const { events } = await runNormalised(run, "races");
  return buildRaces(events, options);
}
