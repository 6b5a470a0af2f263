import { UsageError } from "../shared/errors.js";

/** StartQuery's bounds for `limit`, which `--limit` keeps for every command. */
export const MAX_LIMIT = 100_000;

/** `--limit` checked: a whole number from 1 to 100,000, or a usage error (exit 2). */
export function resolveLimit(limit: number | undefined): number | undefined {
  if (limit === undefined) return undefined;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) {
    // yargs turns text that is no number into NaN: there is no value left to show.
    const problem = Number.isNaN(limit) ? "is not a whole number" : Number.isInteger(limit) ? `${limit} is out of range` : `${limit} is not a whole number`;
    throw new UsageError(`--limit ${problem}.`, { hint: `Give a whole number from 1 to ${MAX_LIMIT}, e.g. --limit 100.` });
  }
  return limit;
}

/** That `--limit` cut an analysis's main table: at `rowCap` of its `rows` (`table` names them: "routes"). */
export interface RowsCut {
  rowCap: number;
  rows: number;
  table: string;
}

/** The first `limit` items, saying on stderr (through `info`) how many were left out. */
export function firstRows<T>(items: readonly T[], limit: number | undefined, what: string, info: (message: string) => void): T[] {
  return limitRows(items, limit, what, info).rows;
}

/** `firstRows`, and the cut when there was one, for the JSON's `truncated` (stderr is not read by a program). */
export function limitRows<T>(items: readonly T[], limit: number | undefined, what: string, info: (message: string) => void): { rows: T[]; truncated?: RowsCut } {
  if (limit === undefined || items.length <= limit) return { rows: [...items] };
  info(`showing the first ${limit} of ${items.length} ${what} (--limit ${limit})`);
  return { rows: items.slice(0, limit), truncated: { rowCap: limit, rows: items.length, table: what } };
}
