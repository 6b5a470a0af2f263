import type { QueryResult, QueryStatistics, ResultRow } from "../engine/api.js";
import type { QueryJob } from "./query-runner.js";

/** What the endpoint sends a query thread: one query to run, or (no job) only the engine to load. */
export interface WorkerRequest {
  job?: QueryJob;
  /** URL of a module whose `runQuery` runs it instead of tolog's engine (tests name one). */
  engineModule?: string;
  /** One Int32: the endpoint sets it to 1 when it wants partial rows with the next progress. */
  rowsWanted?: SharedArrayBuffer;
}

export type WorkerReply =
  | { type: "started" }
  | { type: "progress"; statistics: QueryStatistics; rows?: ResultRow[] }
  | { type: "done"; result: QueryResult }
  | { type: "failed"; message: string };
