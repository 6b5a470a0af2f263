import type { CloudWatchLogsClient } from "@aws-sdk/client-cloudwatch-logs";
import type { QueryStatistics, ResultRow } from "../engine/api.js";
import { runCloudWatchQuery, type CloudWatchQueryRequest, type LifecycleOptions, type QueryEndStatus } from "./query.js";
import { planSlices } from "./slicing.js";
import { fetchInSlices } from "./time-slices.js";

/** CloudWatch's row cap for a query without `limit`. */
export const DEFAULT_ROW_CAP = 10_000;
/** Queries one fetch may start in all; beyond, the result is reported incomplete. */
export const DEFAULT_MAX_QUERIES = 256;

export interface CompleteOptions extends LifecycleOptions {
  maxQueries?: number;
  /**
   * StartQuery's `limit` when the caller set none (default: none, so CloudWatch's 10,000). A
   * caller's own `limit` is a choice, not a cap: such a result is never split.
   */
  rowCap?: number;
  /** Told about each time slice run after the first query came back at the cap. */
  onSlice?: (slice: { start: number; end: number }, rows: number, truncated: boolean) => void;
  /**
   * False: the first query's answer as CloudWatch gives it, never split; `cut` says when the row
   * cap left rows out. True (the default): every row, in time slices past the cap.
   */
  everyRow?: boolean;
}

export interface CompleteOutcome {
  status: QueryEndStatus;
  fields: string[];
  rows: ResultRow[];
  /** Summed over every query run: what was scanned, and billed. */
  statistics: QueryStatistics;
  queries: number;
  /**
   * Set when rows are known to be missing: a one-second slice still at the cap, or the query
   * budget spent. `rows` is the count CloudWatch matched but did not return (a lower bound).
   */
  missing?: { rows: number; slices: Array<{ start: number; end: number }>; reason: string };
  /** True when the query came back at the cap and was split into time slices. */
  sliced: boolean;
  /**
   * Without `everyRow`: the row cap, when it left rows out. Known only for a query that keeps
   * events one by one (more records matched than rows came); of a stats, a sort or a `limit`,
   * CloudWatch tells nothing that says so.
   */
  cut?: number;
}

/**
 * Every row of a query, past the row cap: a non-aggregating query whose result comes back at
 * the cap is fetched again in time slices (time-slices.ts; StartQuery works in whole seconds, so
 * slices are whole seconds), and the rows are put together without duplicates (by `@ptr`). A
 * query that cannot be split, or a one-second slice still at the cap, is reported in `missing`.
 * With `everyRow: false`, the first query's answer alone, and `cut` when the cap cut it.
 */
export async function fetchCompleteResults(
  client: CloudWatchLogsClient,
  request: CloudWatchQueryRequest,
  options: CompleteOptions = {},
): Promise<CompleteOutcome> {
  const chosenLimit = request.limit !== undefined;
  const cap = request.limit ?? options.rowCap ?? DEFAULT_ROW_CAP;
  if (!chosenLimit && options.rowCap !== undefined) request = { ...request, limit: options.rowCap };
  const totals: QueryStatistics = { recordsScanned: 0, recordsMatched: 0, bytesScanned: 0 };
  let queries = 0;
  const run = async (start: number, end: number) => {
    const budget = options.maxBytesScanned === undefined ? undefined : Math.max(0, options.maxBytesScanned - totals.bytesScanned);
    const outcome = await runCloudWatchQuery(client, { ...request, start, end }, { ...options, maxBytesScanned: budget });
    queries++;
    totals.recordsScanned += outcome.statistics.recordsScanned;
    totals.recordsMatched += outcome.statistics.recordsMatched;
    totals.bytesScanned += outcome.statistics.bytesScanned;
    return outcome;
  };

  const first = await run(request.start, request.end);
  if (options.everyRow === false) {
    const plan = first.rows.length >= cap ? planSlices(request.query) : { sliceable: false as const };
    const cut = plan.sliceable && plan.oneRowPerEvent && first.statistics.recordsMatched > first.rows.length;
    return { ...first, statistics: totals, queries, sliced: false, ...(cut ? { cut: cap } : {}) };
  }
  let atCap = !chosenLimit && first.rows.length >= cap;
  const plan = atCap ? planSlices(request.query) : { sliceable: false as const };
  // Exactly `cap` rows, as many as matched: complete (where a row is an event).
  if (plan.sliceable && plan.oneRowPerEvent && first.statistics.recordsMatched <= first.rows.length) atCap = false;
  if (first.status !== "Complete" || !atCap || !plan.sliceable) {
    const missingRows = Math.max(0, first.statistics.recordsMatched - first.rows.length);
    const missing =
      first.status === "Complete" && atCap && !plan.sliceable && missingRows > 0
        ? { rows: missingRows, slices: [], reason: "the query aggregates, sorts or limits, so it cannot be split into time slices" }
        : undefined;
    return { ...first, statistics: totals, queries, sliced: false, ...(missing ? { missing } : {}) };
  }

  const sliced = await fetchInSlices(first, request.start, request.end, plan.oneRowPerEvent, {
    run,
    cap,
    order: plan.order,
    maxQueries: options.maxQueries ?? DEFAULT_MAX_QUERIES,
    queries: () => queries,
    onSlice: options.onSlice,
  });
  return { ...sliced, statistics: totals, queries, sliced: true };
}
