/**
 * Values flowing through a query. JSON fields keep their JSON types; `Date` marks a timestamp
 * (`@timestamp`, `bin()`, `fromMillis()`), which renders as `YYYY-MM-DD HH:mm:ss.SSS` UTC.
 * `null` is a missing value: comparisons with it are false and it is left out of result rows.
 */
export type Value = null | string | number | boolean | Date | Value[] | { [key: string]: Value };
