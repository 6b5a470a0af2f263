/** Rows a query returns when it has no `limit` (reference §2.6). */
export const DEFAULT_ROW_CAP = 10_000;
/** The largest `limit` (and StartQuery limit) allowed. */
export const MAX_ROW_CAP = 100_000;
/**
 * The most groups one `stats` holds before the query stops with `TooManyGroupsError`, unless
 * the run says otherwise (`RunOptions.maxStatsGroups`, the CLI's --max-groups). A group costs
 * 300-450 bytes with count, sum, avg, min and max (its keys, index entries and one small
 * accumulator per aggregate; 1.6 KB before they were classes, when 2.7 M groups took 3.9 GB and
 * crashed), more with aggregates that keep values (pct, values, count_distinct): two million
 * groups stay within a default Node heap. CloudWatch bounds its answers too (at most 10,000
 * rows, or StartQuery's limit up to 100,000) but documents no group bound.
 */
export const DEFAULT_MAX_STATS_GROUPS = 2_000_000;

/** `stats` commands allowed in one query. */
export const MAX_STATS_COMMANDS = 10;

/**
 * The most rows a query returns. StartQuery's `limit` replaces the 10,000 default (the API
 * documents it as "the maximum number of log events to return", default 10,000, up to 100,000);
 * a `limit` command in the query caps rows where it stands, so only the API bound remains.
 */
export function rowCap(apiLimit: number | undefined, queryHasLimit: boolean): number {
  return Math.min(apiLimit ?? (queryHasLimit ? MAX_ROW_CAP : DEFAULT_ROW_CAP), MAX_ROW_CAP);
}
