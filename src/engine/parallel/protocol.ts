import type { ReadStatistics } from "../source.js";
import type { PartialGroup } from "../commands/stats.js";

/** What the main thread asks of a worker: the events of one part, up to the first stats. */
export interface WorkerJob {
  text: string;
  /** The run's options that compiling and reading depend on (`now` resolved once). */
  options: { start?: number; end?: number; limit?: number; now: number; groups?: { names?: string[]; prefixes?: string[] } };
  /** `SourceSplit.module` and one of its parts. */
  module: string;
  part: unknown;
}

export type WorkerMessage =
  | { type: "progress"; read: ReadStatistics; matched: number }
  | { type: "done"; read: ReadStatistics; matched: number; groups: PartialGroup[]; warnings: string[] };

/** Events a part is read by between two progress reports. */
export const PART_PROGRESS_EVERY = 10_000;
