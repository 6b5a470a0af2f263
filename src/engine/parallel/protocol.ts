import type { ReadStatistics } from "../source.js";
import type { PartResult } from "./part.js";
import type { MorselResult } from "./morsel-read.js";
import type { PartialGroups } from "../commands/stats.js";

/** A worker's `workerData`: the module its job will most likely name (`WorkerJob.module`), to load before the job comes. */
export interface WorkerStart {
  preload?: string;
}

/** What a worker is started with: the query, and where its parts are read from. */
export interface WorkerJob {
  text: string;
  /** The run's options that compiling and reading depend on (`now` resolved once). */
  options: {
    start?: number;
    end?: number;
    limit?: number;
    maxStatsGroups?: number;
    now: number;
    groups?: { names?: string[]; prefixes?: string[] };
    unbounded?: boolean;
    logFormats?: Readonly<Record<string, string>>;
  };
  /** `SourceSplit.module`, whose `readPart` reads a part. */
  module: string;
  /** The parts every thread takes from, in order. */
  parts: unknown[];
  /** One Int32 on a SharedArrayBuffer: the index of the next part to take (see `takePart`). */
  next: SharedArrayBuffer;
  /** The default order's floor the threads share (`SharedTimeFloor`). */
  floor: SharedArrayBuffer;
  /** A stats read in morsels (morsels.ts): one table over every part the worker takes. */
  morsels?: boolean;
  /** A listing folded in parts (engine/parallel/fold.ts): the module and args of each part's fold (`RunOptions.partFolds`). */
  fold?: { module: string; args: unknown; numberColumns?: readonly string[] };
}

/** Worker -> main thread: how a part goes, or its result. */
export type WorkerMessage =
  | { type: "progress"; index: number; read: ReadStatistics; matched: number }
  | ({ type: "done"; index: number } & PartResult)
  // A part of a listing folded where it was read: the fold's saved state.
  | ({ type: "folded"; index: number; state: unknown } & PartResult)
  // A stats in morsels: each morsel as it is read, then the worker's groups once none is left.
  | ({ type: "morsel"; index: number } & MorselResult)
  | { type: "groups"; groups: PartialGroups };

/**
 * The index of the next part to aggregate, or -1 when none is left: each thread takes its next
 * part itself, without waiting for a busy main thread to hand it one.
 */
export function takePart(next: SharedArrayBuffer, parts: number): number {
  const index = Atomics.add(new Int32Array(next), 0, 1);
  return index < parts ? index : -1;
}

/** Events a part is read by between two progress reports. */
export const PART_PROGRESS_EVERY = 10_000;
