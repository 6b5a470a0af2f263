/** Rows a query returns when it has no `limit` (reference §2.6). */
export const DEFAULT_ROW_CAP = 10_000;
/** The largest `limit` (and StartQuery limit) allowed. */
export const MAX_ROW_CAP = 100_000;
/** `stats` commands allowed in one query. */
export const MAX_STATS_COMMANDS = 10;
