import type { PartFolds, ResultRow } from "../engine/api.js";
import { runInTimeSlices, SPAN_QUERY, spanOf, type TimeWindow, type WindowRunner } from "./time-slices.js";

/** Values for a saved query's `{{param}}` placeholders. */
export type QueryParams = Record<string, string | number>;

/**
 * Runs one of tolog's saved queries (`queries/<name>.insights`) and returns every row in the
 * selected time range, however many runs that takes. What the analyses depend on: they never
 * see sources, windows or row caps.
 */
export type SavedQueryRunner = ((name: string, params?: QueryParams) => Promise<ResultRow[]>) & {
  /**
   * The same rows a batch at a time, where the runner can stream them (local files); with
   * `parts`, where the engine reads the files in parts on several threads, each part's rows are
   * folded where they are read and `parts.onPart` gets the saved folds instead (RunOptions.partFolds);
   * `numberColumns`, columns the caller reads as numbers, may hold numbers (RunOptions.numberColumns).
   */
  each?: (name: string, params: QueryParams, onRows: (rows: ResultRow[]) => void, options?: EachOptions) => Promise<void>;
};

export interface EachOptions {
  parts?: PartFolds;
  numberColumns?: readonly string[];
}

export interface SavedQueryRunnerOptions {
  /** Loads `queries/<name>.insights` and substitutes its params (src/saved). */
  loadQuery: (name: string, params: QueryParams) => Promise<string> | string;
  run: WindowRunner;
  /** The selected range; open ends are closed with the span of the events found. */
  window: Partial<TimeWindow>;
  cap?: number;
  onRun?: (window: TimeWindow, rows: number, truncated: boolean) => void;
}

/** A SavedQueryRunner over any WindowRunner, fetching in time slices past the row cap. */
export function createSavedQueryRunner(options: SavedQueryRunnerOptions): SavedQueryRunner {
  let resolved: Promise<TimeWindow | undefined> | undefined;
  const window = () => (resolved ??= closeWindow(options.run, options.window));
  return async (name, params = {}) => {
    const query = await options.loadQuery(name, params);
    const bounds = await window();
    if (!bounds) return [];
    const result = await runInTimeSlices(options.run, query, bounds, { cap: options.cap, onRun: options.onRun });
    return result.rows;
  };
}

async function closeWindow(run: WindowRunner, window: Partial<TimeWindow>): Promise<TimeWindow | undefined> {
  if (window.start !== undefined && window.end !== undefined) return { start: window.start, end: window.end };
  const span = spanOf(await run(SPAN_QUERY, window));
  if (!span) return undefined;
  return { start: window.start ?? span.start, end: window.end ?? span.end };
}
