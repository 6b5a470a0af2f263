import type { ReadStatistics } from "../../engine/source.js";

/**
 * One slice of a file to read: `read(stats, warn)` streams its batches, counting into `stats`
 * and telling problems to `warn`. `small` slices (a field index's blocks) may be read ahead.
 */
export interface SliceRead<T> {
  small: boolean;
  read(stats: ReadStatistics, warn: (message: string) => void): AsyncGenerator<T[]>;
}

/** Small slices read at once, ahead of the one being handed out. */
const AHEAD = 16;

interface Pending<T> {
  /** Each batch and warning with the statistics counted up to it, then what was counted after the last. */
  steps: Array<{ batch?: T[]; warning?: string; records: number; bytes: number }>;
  /** Settles when the slice is read or failed; a failure is told after the steps before it. */
  done: Promise<void>;
  failed?: { error: unknown };
}

/**
 * The slices' batches in slice order, as reading them one after the other gives them, with the
 * same statistics at every batch and the same warnings in the same order. A field index leaves
 * a block or two of each of many files: read one after the other, each costs a few round trips
 * to the file system (open, stat, read, close) with nothing else going on, which on 40 files
 * was most of a lookup's time. Small slices are therefore read up to `AHEAD` at once into memory
 * (a block each), and handed out in turn; large ones are streamed as before.
 */
export async function* readAhead<T>(slices: ReadonlyArray<SliceRead<T>>, stats: ReadStatistics, warn: (message: string) => void, signal?: AbortSignal): AsyncGenerator<T[]> {
  const pending = new Map<number, Pending<T>>();
  let stopped = false;
  let next = 0;
  const start = (i: number): void => {
    const own: ReadStatistics = { recordsScanned: 0, bytesScanned: 0 };
    const item: Pending<T> = { steps: [], done: Promise.resolve() };
    const counted = { records: 0, bytes: 0 };
    const step = (batch?: T[], warning?: string): void => {
      item.steps.push({ batch, warning, records: own.recordsScanned - counted.records, bytes: own.bytesScanned - counted.bytes });
      counted.records = own.recordsScanned;
      counted.bytes = own.bytesScanned;
    };
    item.done = (async () => {
      try {
        for await (const batch of slices[i].read(own, (message) => step(undefined, message))) {
          step(batch);
          if (stopped) return;
        }
      } catch (error) {
        item.failed = { error };
      }
      step();
    })();
    pending.set(i, item);
  };
  const fill = (from: number): void => {
    for (next = Math.max(next, from); next < slices.length && next < from + AHEAD && slices[next].small; next++) start(next);
  };
  try {
    for (let i = 0; i < slices.length; i++) {
      signal?.throwIfAborted();
      if (!slices[i].small) {
        yield* slices[i].read(stats, warn);
        continue;
      }
      fill(i);
      const item = pending.get(i)!;
      await item.done;
      pending.delete(i);
      for (const { batch, warning, records, bytes } of item.steps) {
        stats.recordsScanned += records;
        stats.bytesScanned += bytes;
        if (warning !== undefined) warn(warning);
        if (batch) yield batch;
      }
      if (item.failed) throw item.failed.error;
    }
  } finally {
    stopped = true;
  }
}
