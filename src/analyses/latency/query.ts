import { runNormalised } from "../events.js";
import type { SavedQueryRunner } from "../saved-query-runner.js";
import { buildLatency, type LatencyModel, type LatencyOptions } from "./model.js";

/** Runs `queries/latency.insights` over the range and builds the per-route view. */
export async function latency(run: SavedQueryRunner, options: LatencyOptions = {}): Promise<LatencyModel> {
  const { events } = await runNormalised(run, "latency");
  return buildLatency(events, options);
}
