import type { QueryResult, ResultRow } from "../engine/api.js";

/** Inclusive bounds, epoch ms. */
export interface TimeWindow {
  start: number;
  end: number;
}

/** Runs one query over one window: the embedded engine, CloudWatch, or a test double. */
export type WindowRunner = (query: string, window: Partial<TimeWindow>) => Promise<QueryResult>;

export interface SliceOptions {
  /** The most rows one run returns; a run that returns this many may be truncated. @default 10000 */
  cap?: number;
  /** Called after each run, for progress on stderr. */
  onRun?: (window: TimeWindow, rows: number, truncated: boolean) => void;
}

export interface SlicedResult {
  rows: ResultRow[];
  /** How many runs it took (1 when the first one was complete). */
  runs: number;
}

/** CloudWatch's default row cap (a query without `limit`). */
export const DEFAULT_ROW_CAP = 10_000;

/** More events inside one millisecond than a query may return: slicing cannot help. */
export class SliceLimitError extends Error {
  constructor(readonly window: TimeWindow, readonly cap: number) {
    super(
      `more than ${cap} matching events at ${new Date(window.start).toISOString()}: ` +
        `narrow the query (filter) or raise its row cap`,
    );
  }
}

/**
 * Runs a non-aggregating query until every matching row is fetched: a run that comes back at
 * the row cap may have been truncated, so its window is halved and both halves are run again,
 * recursively. Halves share no millisecond (`[start, mid]`, `[mid + 1, end]`), so no row is
 * fetched twice. Rows are returned window by window, oldest window first.
 */
export async function runInTimeSlices(
  run: WindowRunner,
  query: string,
  window: TimeWindow,
  options: SliceOptions = {},
): Promise<SlicedResult> {
  const cap = options.cap ?? DEFAULT_ROW_CAP;
  const rows: ResultRow[] = [];
  let runs = 0;
  const pending: TimeWindow[] = [window];
  while (pending.length > 0) {
    const slice = pending.shift()!;
    const result = await run(query, slice);
    runs++;
    const truncated = result.rows.length >= cap;
    options.onRun?.(slice, result.rows.length, truncated);
    if (!truncated) {
      rows.push(...result.rows);
      continue;
    }
    if (slice.end <= slice.start) throw new SliceLimitError(slice, cap);
    const mid = Math.floor((slice.start + slice.end) / 2);
    // keep oldest-first order: the two halves go to the front of the queue
    pending.unshift({ start: slice.start, end: mid }, { start: mid + 1, end: slice.end });
  }
  return { rows, runs };
}

/**
 * A query that finds the time span of the events a window holds, for callers that were given
 * an open range (local files without `--since`): slicing needs finite bounds.
 */
export const SPAN_QUERY = "stats min(toMillis(@timestamp)) as first, max(toMillis(@timestamp)) as last, count(*) as events";

/** Reads the span out of SPAN_QUERY's single row; undefined when there are no events. */
export function spanOf(result: QueryResult): TimeWindow | undefined {
  const row = result.rows[0];
  if (!row || row.first === undefined || row.last === undefined) return undefined;
  const start = Number(row.first);
  const end = Number(row.last);
  return Number.isFinite(start) && Number.isFinite(end) ? { start: Math.floor(start), end: Math.ceil(end) } : undefined;
}
