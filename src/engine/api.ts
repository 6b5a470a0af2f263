import type { EventSource } from "./source.js";
import type { LookupTables } from "./lookup-tables.js";

/** One result row: field name -> value rendered as GetQueryResults renders it (a string). */
export type ResultRow = Record<string, string>;

export interface QueryStatistics {
  recordsScanned: number;
  recordsMatched: number;
  bytesScanned: number;
}

export interface QueryResult {
  status: "Complete";
  /** Output columns, in order (`@ptr` last on non-aggregated results). */
  fields: string[];
  rows: ResultRow[];
  statistics: QueryStatistics;
  /**
   * Set when more rows came out of the query than the row cap lets through (StartQuery's limit:
   * 10,000 unless given): `rows` holds the first `rowCap` of them. CloudWatch cuts the same way
   * and says nothing; tolog tells (see the CLI's printResult).
   */
  truncated?: { rowCap: number };
}

export interface QueryProgress {
  statistics: QueryStatistics;
  /** The rows a GetQueryResults call would return now (partial results while running). */
  partialRows(): ResultRow[];
}

export interface RunOptions {
  /** Inclusive time bounds, epoch ms. */
  start?: number;
  end?: number;
  /** StartQuery's `limit`: caps the rows returned together with the query's own `limit`. */
  limit?: number;
  /**
   * The most groups one `stats` may hold before the query stops with `TooManyGroupsError`
   * (default `DEFAULT_MAX_STATS_GROUPS`, two million).
   */
  maxStatsGroups?: number;
  /** The lookup tables `lookup` and `cidrlookup` read (`--lookups DIR`, serve's tables). */
  lookups?: LookupTables;
  /** Log groups to read when the query has no SOURCE command (names or prefixes). */
  groups?: { names?: string[]; prefixes?: string[] };
  signal?: AbortSignal;
  /** Called now and then while events are read. */
  onProgress?: (progress: QueryProgress) => void;
  /**
   * Told once, at the end, of what did not stop the query but the user should know: events whose
   * JSON nests too deeply for their fields to be discovered, and per log stream, lines that
   * almost matched a vended format (and so kept only their system fields).
   */
  onWarning?: (message: string) => void;
  /** The query's start time for `now()`, `queryStartTime()`; defaults to the clock. */
  now?: number;
  /**
   * Declared log formats by log group name (`*` for every other group): `vpc`,
   * `vpc:${version} ${srcaddr} ...`, `route53`, `lambda`, `text` or `auto` (vended/log-format.ts).
   * Without one, each line's format is recognised from its shape. A bad declaration throws
   * `LogFormatError`.
   */
  logFormats?: Readonly<Record<string, string>>;
  /**
   * For a caller that takes every matching row and orders them itself (the analyses over local
   * files): no row cap and no default ordering by time; rows are handed over as they come, a
   * batch at a time (in scan order, or at the end after a sort, stats or dedup), and the result's
   * `rows` is empty, so that memory holds one batch, not the whole answer.
   */
  onRows?: (rows: ResultRow[]) => void;
  /**
   * With `onRows`, for a caller that folds the rows (the analyses): where the engine reads the
   * source in parts on several threads, each part's rows go, in scan order, to a fold of that
   * part's own on the thread that reads it, and the caller gets each part's saved fold, in scan
   * order, instead of the rows (but for a part the main thread reads once every part before it
   * was handed over: its rows go to `onRows`). Where it does not, the rows go to `onRows` as
   * without it.
   */
  partFolds?: PartFolds;
  /**
   * With `onRows`, for a caller that reads these columns as numbers (the analyses): where a
   * column's value is a finite number, the row holds that number (-0 as 0) instead of its text,
   * which the caller would only parse back (`Number` of the text gives the same number: the
   * text is the shortest that reads back to it). Every other value is text as usual.
   */
  numberColumns?: readonly string[];
}

/** A fold over the rows of one part of the source (`RunOptions.partFolds`), on whichever thread reads it. */
export interface PartFold {
  push(rows: ResultRow[]): void;
  /** What the fold kept, as data a thread can post (structured clone), and the buffers it may hand over with it. */
  save(): { state: unknown; transfer: ArrayBuffer[] };
}

export interface PartFolds {
  /** The URL of a module that exports `partFold(args): PartFold`; every thread that reads parts loads it. */
  module: string;
  /** Structured-clonable. */
  args: unknown;
  /** Each part's saved fold (`PartFold.save().state`), part after part in scan order. */
  onPart(state: unknown): void;
}

export type RunQuery = (query: string, source: EventSource, options?: RunOptions) => Promise<QueryResult>;
