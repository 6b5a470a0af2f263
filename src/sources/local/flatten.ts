import { EVENT_BATCHES, type Batched } from "../../engine/source.js";

/**
 * Batches -> single items, as an async iterator that hands out items of a batch already in hand
 * through resolved promises: far cheaper per item than `yield` in an async generator, which
 * matters at millions of events per query. A reader that can take whole batches gets them
 * through `EVENT_BATCHES` (engine/source.ts) instead.
 */
export function flatten<T>(batches: AsyncGenerator<T[]>): AsyncIterableIterator<T> & Batched<T> {
  let batch: T[] = [];
  let index = 0;
  let finished = false;

  async function refill(): Promise<IteratorResult<T>> {
    while (!finished) {
      const next = await batches.next();
      if (next.done) break;
      batch = next.value;
      index = 0;
      if (batch.length > 0) return { value: batch[index++], done: false };
    }
    finished = true;
    batch = [];
    return { value: undefined, done: true };
  }

  return {
    next(): Promise<IteratorResult<T>> {
      if (index < batch.length) return Promise.resolve({ value: batch[index++], done: false });
      return refill();
    },
    async return(): Promise<IteratorResult<T>> {
      // The consumer stopped early (a `limit`, an abort): let the scan close its file.
      finished = true;
      batch = [];
      await batches.return(undefined);
      return { value: undefined, done: true };
    },
    [Symbol.asyncIterator]() {
      return this;
    },
    [EVENT_BATCHES]: () => batches,
  };
}
