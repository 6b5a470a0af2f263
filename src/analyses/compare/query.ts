import { runNormalised } from "../events.js";
import { buildLatency } from "../latency/model.js";
import { races } from "../races/query.js";
import type { SavedQueryRunner } from "../saved-query-runner.js";
import { buildSlowQueries } from "../slow-queries/model.js";
import type { TimeWindow } from "../time-slices.js";
import type { CompareSide } from "./model.js";

/**
 * One side of `tolog compare`: the latency view and the statements from one run of
 * `queries/latency.insights` (its rows hold every row of `slow-queries.insights`), and the
 * orphans from `races.insights`.
 */
export async function compareSide(run: SavedQueryRunner, label: string, window?: TimeWindow): Promise<CompareSide> {
  const { events, notes } = await runNormalised(run, "latency");
  const latency = buildLatency(events, window ? { window } : {});
  const slowQueries = buildSlowQueries(events, notes, { top: Number.MAX_SAFE_INTEGER, ...(window ? { window } : {}) });
  const { summary } = await races(run, window ? { window } : {});
  return { label, latency, slowQueries, races: summary };
}
