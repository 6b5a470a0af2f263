import type { QueryResult, QueryStatistics, ResultRow } from "../engine/api.js";
import type { QueryJob } from "./query-runner.js";

/** What the endpoint sends a query thread: one query to run, or (no job) only the engine to load. */
export interface WorkerRequest {
  job?: QueryJob;
  /** URL of the module whose `runQuery` runs it (tolog's engine; tests may name another). */
  engineModule: string;
  /** One Int32: the endpoint sets it to 1 when it wants partial rows with the next progress. */
  rowsWanted?: SharedArrayBuffer;
}

export type WorkerReply =
  | { type: "started" }
  | { type: "progress"; statistics: QueryStatistics; rows?: ResultRow[] }
  | { type: "done"; result: QueryResult }
  | { type: "failed"; message: string };
