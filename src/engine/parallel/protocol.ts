import type { ReadStatistics } from "../source.js";
import type { PartResult } from "./part.js";
import type { MorselResult } from "./morsel-read.js";
import type { PartialGroups } from "../commands/stats.js";

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
  /**
   * A stats read in morsels (morsels.ts): one table over every part the worker takes; `next` is
   * then a `morselQueue`, and this the range the worker reads first.
   */
  morsels?: { thread: number };
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

/**
 * The morsels of a stats (morsels.ts) dealt as `threads` consecutive ranges, each held as the
 * next index to read from its front and the end of what is left (one Int32 a range: front in the
 * low 16 bits, end in the high 16; at most 4,096 morsels).
 */
export function morselQueue(count: number, threads: number): SharedArrayBuffer {
  const queue = new SharedArrayBuffer(4 * threads);
  const cells = new Int32Array(queue);
  for (let k = 0; k < threads; k++) cells[k] = (Math.floor(((k + 1) * count) / threads) << 16) | Math.floor((k * count) / threads);
  return queue;
}

/**
 * The next morsel for thread `own`, or -1 when none is left: its own range's next from the front,
 * then the last of the range with the most left. So a thread reads consecutive morsels, and its
 * table holds the groups of one stretch of the input (the VPC query's files each have their own
 * address pairs: morsels dealt in turn gave each thread nearly all 70,000, and the main thread
 * twice as many to fold in at the end), while a thread that finishes early still takes the
 * others' last morsels.
 */
export function takeMorsel(queue: SharedArrayBuffer, own: number): number {
  const cells = new Int32Array(queue);
  for (let v = Atomics.load(cells, own); (v & 0xffff) < v >>> 16; v = Atomics.load(cells, own)) {
    if (Atomics.compareExchange(cells, own, v, v + 1) === v) return v & 0xffff;
  }
  for (;;) {
    let fullest = -1;
    let most = 0;
    for (let k = 0; k < cells.length; k++) {
      const v = Atomics.load(cells, k);
      if ((v >>> 16) - (v & 0xffff) > most) (most = (v >>> 16) - (v & 0xffff)), (fullest = k);
    }
    if (fullest < 0) return -1;
    const v = Atomics.load(cells, fullest);
    const end = v >>> 16;
    if ((v & 0xffff) < end && Atomics.compareExchange(cells, fullest, v, ((end - 1) << 16) | (v & 0xffff)) === v) return end - 1;
  }
}
