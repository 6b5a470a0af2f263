import type { ReadStatistics } from "../source.js";
import type { PartResult } from "./part.js";

/** What a worker is started with: the query, and where its parts are read from. */
export interface WorkerJob {
  text: string;
  /** The run's options that compiling and reading depend on (`now` resolved once). */
  options: { start?: number; end?: number; limit?: number; now: number; groups?: { names?: string[]; prefixes?: string[] } };
  /** `SourceSplit.module`, whose `readPart` reads a part. */
  module: string;
}

/** Main thread -> worker: aggregate this part (by its index), or stop. */
export type WorkerRequest = { type: "part"; index: number; part: unknown } | { type: "stop" };

/** Worker -> main thread: ready for a part, how one goes, or its result. */
export type WorkerMessage =
  | { type: "ready" }
  | { type: "progress"; index: number; read: ReadStatistics; matched: number }
  | ({ type: "done"; index: number } & PartResult);

/** Events a part is read by between two progress reports. */
export const PART_PROGRESS_EVERY = 10_000;
