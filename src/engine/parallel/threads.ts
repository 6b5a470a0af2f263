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
 * What a worker's heap may hold in its young generation (Worker `resourceLimits`): a part's
 * events die young, and a smaller young generation than V8's default (up to 3 x 16 MB) keeps
 * a thread's memory down without promoting them (1 GB of flow logs on two threads: peak RSS
 * 201 MB with the default, 186 MB with this, the same CPU). The main thread keeps V8's default,
 * which only a command-line flag sets.
 */
export const WORKER_RESOURCE_LIMITS = { maxYoungGenerationSizeMb: 12 };
