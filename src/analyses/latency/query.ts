import { streamEvents } from "../events.js";
import { RequestTimingFold } from "../request-timing.js";
import type { SavedQueryRunner } from "../saved-query-runner.js";
import { latencyOfRoute, type LatencyModel, type LatencyOptions } from "./model.js";

/** Runs `queries/latency.insights` over the range; its lines are folded per request as they stream. */
export async function latency(run: SavedQueryRunner, options: LatencyOptions = {}): Promise<LatencyModel> {
  const fold = new RequestTimingFold();
  await streamEvents(run, "latency", {}, (event, order) => fold.push(event, order));
  return latencyOfRoute(fold.timings(), options);
}
