import type { ResultRow } from "../engine/api.js";
import type { QueryEndStatus, QueryOutcome } from "./query.js";

/** Where a slice's rows go, and how one is run; the caller counts queries and bytes. */
export interface SliceRun {
  /** Runs the query over `[start, end]` (epoch ms, inclusive). */
  run(start: number, end: number): Promise<QueryOutcome>;
  /** The row cap: a slice that returns this many rows may hold more. */
  cap: number;
  order: "asc" | "desc";
  maxQueries: number;
  /** Queries run so far, the first included. */
  queries(): number;
  onSlice?: (slice: { start: number; end: number }, rows: number, truncated: boolean) => void;
}

export interface SlicedRows {
  status: QueryEndStatus;
  fields: string[];
  rows: ResultRow[];
  missing?: { rows: number; slices: Array<{ start: number; end: number }>; reason: string };
}

/** The rows a continuation slice aims at: under the cap, so that a denser stretch still fits. */
const TARGET_SHARE = 0.8;

/**
 * Every row of a query whose first run over `[start, end]` came back at the cap, fetched in
 * time slices of whole seconds (StartQuery's unit) and put together without duplicates (by
 * `@ptr`), in the query's order.
 *
 * When the rows carry `@timestamp` (the analyses' queries do), the first run's rows are kept:
 * they are the newest (or, sorted ascending, the oldest) `cap` rows, so every second after the
 * oldest of them is complete, and the rest lie before it. Slices then go on from there to the
 * window's start, each sized from the rows per second seen so far (four times as long after one
 * that held nothing): a window much wider than its data is not scanned again and again to find
 * where the data is, as halving it would (each halving scans the data once more), and what it
 * scans of empty time costs nothing. They go on to the start even once as many rows as the first
 * run matched have come: events ingested late, with older timestamps, arrive after it. A slice
 * still at the cap is halved until it is not. Without `@timestamp` in the rows, or with rows
 * from several per event (`unnest`, whose rows share their event's `@ptr`), the window is
 * halved from the start, into slices that do not overlap.
 */
export async function fetchInSlices(first: QueryOutcome, start: number, end: number, oneRowPerEvent: boolean, s: SliceRun): Promise<SlicedRows> {
  const seen = new Set<string>();
  const rows: ResultRow[] = [];
  const fields = [...first.fields];
  const missing: NonNullable<SlicedRows["missing"]> = { rows: 0, slices: [], reason: "" };
  let status: QueryEndStatus = "Complete";
  const second = (ms: number) => Math.floor(ms / 1000);
  const [lo, hi] = [second(start), second(end)];
  const desc = s.order === "desc";

  const add = (batch: readonly ResultRow[], batchFields: readonly string[]): void => {
    for (const row of batch) {
      const ptr = oneRowPerEvent ? row["@ptr"] : undefined;
      if (ptr !== undefined) {
        if (seen.has(ptr)) continue;
        seen.add(ptr);
      }
      rows.push(row);
    }
    for (const field of batchFields) if (!fields.includes(field)) fields.splice(fields.indexOf("@ptr") >= 0 ? fields.indexOf("@ptr") : fields.length, 0, field);
  };

  // The stack's top is the half whose rows come first in the result.
  const halve = (stack: Array<[number, number]>, a: number, b: number): void => {
    const mid = Math.floor((a + b) / 2);
    if (desc) stack.push([a, mid], [mid + 1, b]);
    else stack.push([mid + 1, b], [a, mid]);
  };

  /** The rows of `[a, b]` (seconds), halving where the cap is met (`atCap`: known to be); how many matched there. */
  const sliceWhole = async (a0: number, b0: number, atCap = false): Promise<number> => {
    let matched = 0;
    const stack: Array<[number, number]> = [];
    if (atCap && a0 < b0) halve(stack, a0, b0);
    else stack.push([a0, b0]);
    while (stack.length > 0 && status === "Complete") {
      const [a, b] = stack.pop()!;
      const window = { start: Math.max(a * 1000, start), end: Math.min(b * 1000 + 999, end) };
      if (s.queries() >= s.maxQueries) {
        missing.slices.push(window);
        missing.reason = `tolog stops after ${s.maxQueries} queries`;
        continue;
      }
      const outcome = await s.run(window.start, window.end);
      // At the cap with nothing more matched is complete (a second of exactly `cap` events is not
      // cut), where a row is an event; rows of `unnest` are more than the events they come from.
      const truncated = outcome.rows.length >= s.cap && (!oneRowPerEvent || outcome.statistics.recordsMatched > outcome.rows.length);
      s.onSlice?.(window, outcome.rows.length, truncated);
      if (outcome.status !== "Complete") {
        status = outcome.status;
        add(outcome.rows, outcome.fields);
        break;
      }
      if (truncated && a < b) {
        halve(stack, a, b);
        continue;
      }
      matched += outcome.statistics.recordsMatched;
      add(outcome.rows, outcome.fields);
      if (truncated) {
        missing.rows += Math.max(0, outcome.statistics.recordsMatched - outcome.rows.length);
        missing.slices.push(window);
        missing.reason = `more than ${s.cap} matching events within one second`;
      }
    }
    return matched;
  };

  const times = oneRowPerEvent ? secondsOf(first.rows, lo, hi) : undefined;
  if (times === undefined) {
    await sliceWhole(lo, hi, true);
  } else {
    add(first.rows, first.fields);
    const expected = first.statistics.recordsMatched;
    // The second the first run's rows end in may be partly there: it is fetched again whole.
    let frontier = desc ? times.min : times.max;
    let perSecond = first.rows.length / (times.max - times.min + 1);
    while (status === "Complete" && (desc ? frontier >= lo : frontier <= hi)) {
      const span = Math.max(1, Math.floor((TARGET_SHARE * s.cap) / perSecond));
      const [a, b] = desc ? [Math.max(lo, frontier - span + 1), frontier] : [frontier, Math.min(hi, frontier + span - 1)];
      const matched = await sliceWhole(a, b);
      // Nothing there: the data is further away; look four times as far at once.
      perSecond = matched > 0 ? matched / (b - a + 1) : perSecond / 4;
      frontier = desc ? a - 1 : b + 1;
    }
    // Fewer rows than matched, less those known missing: the first run's were not the newest
    // (or oldest) after all; its stretch is fetched whole as well, so that no row is left out on
    // that assumption (unless the query budget is spent: that stretch is not missing for it).
    const short = rows.length + missing.rows < expected && status === "Complete" && s.queries() < s.maxQueries;
    if (short && (desc ? times.min < hi : times.max > lo)) {
      await (desc ? sliceWhole(times.min + 1, hi) : sliceWhole(lo, times.max - 1));
      // That stretch came after the rows before it in time: put every row back in the query's order.
      const at = (row: ResultRow) => rowTime(row) ?? 0;
      rows.sort((x, y) => (desc ? at(y) - at(x) : at(x) - at(y)));
    }
  }
  return { status, fields, rows, ...(missing.slices.length > 0 ? { missing } : {}) };
}

/**
 * The first and last second of the rows' `@timestamp`s; undefined when a row has none that reads,
 * or one outside the window's seconds `[lo, hi]` (a query that makes its own `@timestamp`).
 */
function secondsOf(rows: readonly ResultRow[], lo: number, hi: number): { min: number; max: number } | undefined {
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (const row of rows) {
    const ms = rowTime(row);
    if (ms === undefined || Number.isNaN(ms)) return undefined;
    const s = Math.floor(ms / 1000);
    if (s < lo || s > hi) return undefined;
    if (s < min) min = s;
    if (s > max) max = s;
  }
  return rows.length > 0 ? { min, max } : undefined;
}

/** A result row's `@timestamp` (as GetQueryResults renders it, UTC) in epoch ms: NaN when it does not read, undefined when absent. */
export function rowTime(row: ResultRow): number | undefined {
  const text = row["@timestamp"];
  if (text === undefined) return undefined;
  return Date.parse(text.replace(" ", "T") + (/[zZ]|[+-]\d\d:?\d\d$/.test(text) ? "" : "Z"));
}
