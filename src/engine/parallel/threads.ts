import { availableParallelism } from "node:os";

/**
 * Bytes of input per part at least (so smaller inputs run on one thread): a worker spends about
 * 0.2 s of CPU starting (loading the engine, a cold JIT), what one thread spends reading some
 * tens of MB.
 */
export const PARALLEL_MIN_BYTES = 32 * 1024 * 1024;

/**
 * How a query over local files may use threads, read here only: `TOLOG_THREADS` (1 turns partial
 * aggregation in workers off; else one thread per core) and `TOLOG_PARALLEL_MIN_BYTES`.
 */
export function parallelism(env: NodeJS.ProcessEnv = process.env): { threads: number; minBytes: number } {
  return {
    threads: positive(env.TOLOG_THREADS, 1) ?? availableParallelism(),
    minBytes: positive(env.TOLOG_PARALLEL_MIN_BYTES, 0) ?? PARALLEL_MIN_BYTES,
  };
}

function positive(raw: string | undefined, min: number): number | undefined {
  const n = raw?.trim() ? Number(raw) : NaN;
  return Number.isInteger(n) && n >= min ? n : undefined;
}

/**
 * What a worker's heap may hold in its young generation (Worker `resourceLimits`): as much as
 * V8's default gives the main thread (3 x 16 MB). The rows the default order holds in a part
 * live for a while; a small young generation promoted them, and the collector then took 40% of a
 * worker's time (`fields @timestamp, @message` at 1 GB: 2.73-3.01 s at 12 MB, 2.41-2.70 s at 48
 * MB; peak RSS 213-249 MB either way, against about 185 MB on one thread). Stats events die young
 * either way: the VPC query peaked at 127 MB with both, `by sql` at 144 and 165 MB.
 */
export const WORKER_RESOURCE_LIMITS = { maxYoungGenerationSizeMb: 48 };

/**
 * The sizes of the parts to cut the input into, in proportion: a round of `threads` parts at
 * each of LEVELS, so that the last parts are small and no thread waits long for the others at
 * the end (a worker starts late, loading the engine first). Each part costs its reads, scans and
 * extractor afresh: 8 equal parts per thread measured 10% more CPU than 1 on the 1 GB bench.
 * A round whose parts would be under `minBytes` is left out (one part: no threads).
 */
export function partShares(bytes: number, threads: number, minBytes: number, rounds: readonly number[] = LEVELS): number[] {
  for (let levels = rounds.length; levels > 0; levels--) {
    const used = rounds.slice(0, levels);
    const total = threads * used.reduce((a, b) => a + b, 0);
    if ((bytes * used[levels - 1]) / total >= minBytes) return used.flatMap((level) => Array<number>(threads).fill(level));
  }
  return [1];
}

export const LEVELS: readonly number[] = [4, 2, 1];

/**
 * A stats takes one part per thread: each part builds its group table afresh, and V8 throws away
 * the scan's optimised code when a part brings new objects, so on the 1 GB bench (2 threads, a
 * quiet machine) `by sql` took 1.25 s against 1.48 s in 4+2+1 rounds, `by bin(1m), status` 1.11 s
 * against 1.27 s, the VPC query 3.91 s against 4.51 s (and 141 against 178 MB); with one core
 * busy elsewhere `by sql` still took 1.76 s against 2.05 s. The default order keeps the rounds:
 * its small parts read first raise the shared floor early (`parse url + filter` 1.63 s against 1.84 s).
 */
export const STATS_LEVELS: readonly number[] = [1];

/**
 * The sizes of the morsels to cut a stats into (morsels.ts), in proportion: where `partShares`
 * would use threads, equal morsels of about MORSEL_BYTES, a few per thread at least, so that a
 * thread the machine slows down holds no other up at the end by more than one morsel's read.
 * The last of them are cut smaller, a round per thread at a half, a quarter and an eighth of
 * the size (about as many bytes as one round of whole ones): the thread that takes the last
 * whole morsel is then the one that takes the fewest small ones, and the threads end within an
 * eighth of a morsel of each other. Equal morsels left one idle for half a morsel's read on
 * average: 16 MB of flow logs take a thread 0.14 s.
 */
export function morselShares(bytes: number, threads: number, minBytes: number): number[] {
  if (partShares(bytes, threads, minBytes, STATS_LEVELS).length < 2) return [1];
  const count = Math.min(MAX_MORSELS, Math.max(threads * 4, Math.ceil(bytes / MORSEL_BYTES)));
  // The tail takes the place of one round of whole morsels, where the bound leaves room for it.
  if (count + (TAIL_ROUNDS.length - 1) * threads > MAX_MORSELS) return Array<number>(count).fill(1);
  const tail = TAIL_ROUNDS.flatMap((share) => Array<number>(threads).fill(share));
  return [...Array<number>(count - threads).fill(1), ...tail];
}

const TAIL_ROUNDS = [1 / 2, 1 / 4, 1 / 8];

/**
 * About a tenth of a second's read on one thread: on the 1 GB bench, one thread reading 64
 * morsels into one table took as long as reading 2 halves, once a thread kept its field readers
 * and read buffer from part to part (sources/local/scan-files.ts, scan-file.ts).
 */
export const MORSEL_BYTES = 16 * 1024 * 1024;
/** So that where a group was first seen stays an exact double (commands/first-seen.ts). */
const MAX_MORSELS = 4096;
