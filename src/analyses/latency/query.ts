import { eventFold, runFold, type AnalysisFold } from "../analysis-fold.js";
import { RequestTimingFold } from "../request-timing.js";
import type { SavedQueryRunner } from "../saved-query-runner.js";
import { latencyOfRoute, type LatencyModel, type LatencyOptions } from "./model.js";

/** `queries/latency.insights` folded per request as its lines come (request-timing.ts); the view worked out from the requests so far. */
export function latencyFold(options: LatencyOptions = {}): AnalysisFold<LatencyModel> {
  return eventFold({ name: "latency", parts: { kind: "latency" } }, new RequestTimingFold(), (fold) => latencyOfRoute(fold.timings(), options));
}

/** Runs `queries/latency.insights` over the range; its lines are folded per request as they stream. */
export async function latency(run: SavedQueryRunner, options: LatencyOptions = {}): Promise<LatencyModel> {
  return runFold(run, latencyFold(options));
}
