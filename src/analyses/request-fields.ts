/** Where request-timing.ts keeps each figure of a request, and of its chained records (records.ts). */

// A request's fields in its record. Each "first" is the earliest line, the first handed over on a
// tie (lines come in order of `order`, so a later line of the same time never replaces it).
export const FIRST_AT = 0;
export const FIRST_ORDER = 1;
export const LAST_AT = 2;
export const PRACTICAL = 3;
/** Its first request_finished or request_aborted line (Infinity: none), whether it aborted, its duration and status (NaN: not logged). */
export const FINISH_AT = 4;
export const FINISH_ABORTED = 5;
export const FINISH_DURATION = 6;
export const FINISH_STATUS = 7;
/** Its first request_started line (Infinity: none). */
export const STARTED_AT = 8;
/** The first line with a status, and that status; the first lines with a method, a URL, a route. */
export const STATUS_AT = 9;
export const STATUS = 10;
export const METHOD_AT = 11;
export const URL_AT = 12;
export const ROUTE_AT = 13;
/** The largest todos_listed count (NaN: none). */
export const LISTED = 14;
/** The latest record of each chain (statements, lines, delays), NONE when empty. */
export const STATEMENTS = 15;
export const LINES = 16;
export const DELAYS = 17;
export const REQUEST_FIELDS = 18;

// Chained records: each ends with the index of the one added before it for the same request.
/** A db_query line with a statement: time, order, duration and pool wait (NaN: not logged). */
export const STATEMENT_FIELDS = 5;
/** A line other than statement parameters: time, order (for statements timed by the gap to the next line). */
export const LINE_FIELDS = 3;
/** A chaos_latency line: time, order, delay. */
export const DELAY_FIELDS = 4;
