import { expect, it } from "vitest";
import type { ReadStatistics } from "../../engine/source.js";
import { Prng } from "../../prng.js";
import { readAhead, type SliceRead } from "./read-ahead.js";

/** What a consumer sees: each batch with the statistics at that moment, and each warning where it came. */
type Seen = Array<string | { batch: number[]; records: number; bytes: number }>;

/** A slice of random batches, warnings, pauses and maybe a failure; counted as scanFile counts. */
function slice(rng: Prng, id: number): SliceRead<number> {
  const small = rng.next() < 0.8;
  const steps = Array.from({ length: Math.floor(rng.next() * 5) }, (_, i) => ({
    warn: rng.next() < 0.2,
    size: Math.floor(rng.next() * 4),
    delay: Math.floor(rng.next() * 3),
    fail: rng.next() < 0.03,
    value: id * 100 + i,
  }));
  return {
    small,
    async *read(stats: ReadStatistics, warn: (message: string) => void) {
      for (const step of steps) {
        for (let d = 0; d < step.delay; d++) await new Promise((resolve) => setImmediate(resolve));
        if (step.fail) throw new Error(`slice ${id} failed`);
        if (step.warn) warn(`warning ${step.value}`);
        stats.recordsScanned += step.size;
        stats.bytesScanned += step.size * 10 + 1;
        yield Array.from({ length: step.size }, (_, k) => step.value * 10 + k);
      }
      stats.bytesScanned += 7; // counted after the last batch, as a file's tail is
    },
  };
}

async function consume(batches: (stats: ReadStatistics, warn: (m: string) => void) => AsyncGenerator<number[]>, stopAfter: number): Promise<{ seen: Seen; error?: string; stats: ReadStatistics }> {
  const stats: ReadStatistics = { recordsScanned: 0, bytesScanned: 0 };
  const seen: Seen = [];
  try {
    for await (const batch of batches(stats, (m) => seen.push(m))) {
      seen.push({ batch, records: stats.recordsScanned, bytes: stats.bytesScanned });
      if (seen.length >= stopAfter) break;
    }
  } catch (error) {
    return { seen, error: (error as Error).message, stats };
  }
  return { seen, stats };
}

async function* oneAfterAnother(slices: SliceRead<number>[], stats: ReadStatistics, warn: (m: string) => void): AsyncGenerator<number[]> {
  for (const s of slices) yield* s.read(stats, warn);
}

it("gives the batches, statistics, warnings and failures of reading the slices one after the other", async () => {
  const rng = new Prng(7);
  for (let round = 0; round < 200; round++) {
    const slices = Array.from({ length: Math.floor(rng.next() * 40) }, (_, id) => slice(rng, id));
    const stopAfter = rng.next() < 0.3 ? 1 + Math.floor(rng.next() * 20) : Infinity;
    const expected = await consume((stats, warn) => oneAfterAnother(slices, stats, warn), stopAfter);
    const got = await consume((stats, warn) => readAhead(slices, stats, warn), stopAfter);
    expect({ round, ...got }).toEqual({ round, ...expected });
  }
});
