/**
 * Partial aggregation in worker threads: a plan whose first stats follows row-wise commands
 * only (`Plan.partial`), over a source that splits into consecutive parts (`EventSource.split`).
 * The main thread runs the whole plan over the first part while one worker per later part runs
 * it up to that stats; then the stats folds in the workers' groups part by part, in read order,
 * which gives each group and each accumulator exactly the state one thread reading every event
 * in order would have (see `Accumulator.merge`), and the rest of the plan runs as usual.
 * Anything else is left to the single-thread path, as is a run whose worker fails.
 */
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import type { QueryStatistics } from "../api.js";
import type { EventSource, ReadOptions, ReadPart, ReadStatistics } from "../source.js";
import { inBatches } from "../source.js";
import type { Plan } from "../compile/plan.js";
import type { PartialGroup } from "../commands/stats.js";
import type { WorkerJob, WorkerMessage } from "./protocol.js";
import { PART_PROGRESS_EVERY } from "./protocol.js";
import { mergeable } from "../commands/stats.js";
import { Pipeline } from "../commands/pipeline.js";
import { Row } from "../record.js";
import { parallelism } from "./threads.js";

export interface PartsResult {
  rows: Row[];
  statistics: QueryStatistics;
}

export interface PartsProgress {
  statistics: QueryStatistics;
  /** The result over the events the main thread has read so far. */
  partialRows(): Row[];
}

/**
 * The compiled worker next to this module; none when running from the TypeScript sources
 * (under vitest), where the single-thread path runs.
 */
function workerUrl(): URL | undefined {
  if (!import.meta.url.endsWith(".js")) return undefined;
  const url = new URL("./worker.js", import.meta.url);
  return existsSync(fileURLToPath(url)) ? url : undefined;
}

/** Runs the plan in parts, or returns undefined when the single-thread path must run it. */
export async function runInParts(
  job: Omit<WorkerJob, "module" | "part">,
  plan: Plan,
  source: EventSource,
  readOptions: ReadOptions,
  onProgress: ((progress: PartsProgress) => void) | undefined,
): Promise<PartsResult | undefined> {
  const partial = plan.partial;
  const { threads, minBytes, headStart } = parallelism();
  if (!partial || threads < 2 || !source.split) return undefined;
  const url = workerUrl();
  if (!url || !mergeable(partial.spec)) return undefined;
  const probe = await source.split(threads);
  if (!probe) return undefined;
  // Each part must be worth a thread's start; fewer, larger parts otherwise.
  const count = Math.min(threads, minBytes > 0 ? Math.floor(probe.bytes / minBytes) : threads);
  if (count < 2) return undefined;
  const split = await source.split(count, firstShare(probe.bytes, count, headStart));
  if (!split || split.parts.length < 2) return undefined;
  const { signal } = readOptions;
  const [own, ...others] = split.parts;

  const reads: ReadStatistics[] = others.map(() => ({ recordsScanned: 0, bytesScanned: 0 }));
  const matched: number[] = others.map(() => 0);
  const results: Array<{ groups: PartialGroup[]; warnings: string[] } | undefined> = others.map(() => undefined);
  const read: ReadStatistics = { recordsScanned: 0, bytesScanned: 0 };
  const statistics = (): QueryStatistics => ({
    recordsScanned: read.recordsScanned + sum(reads.map((r) => r.recordsScanned)),
    bytesScanned: read.bytesScanned + sum(reads.map((r) => r.bytesScanned)),
    recordsMatched: plan.counter.matched + sum(matched),
  });
  const pipeline = new Pipeline(plan.stages);
  const progress = (): void => onProgress?.({ statistics: statistics(), partialRows: () => pipeline.partial() });

  const workers: Worker[] = [];
  const workersDone = new Promise<boolean>((resolve) => {
    let left = others.length;
    others.forEach((part, i) => {
      const worker = new Worker(url, { workerData: { ...job, module: split.module, part } satisfies WorkerJob });
      workers.push(worker);
      worker.on("message", (message: WorkerMessage) => {
        reads[i] = message.read;
        matched[i] = message.matched;
        if (message.type === "done") {
          results[i] = { groups: message.groups, warnings: message.warnings };
          void worker.terminate();
          if (--left === 0) resolve(true);
        }
        progress();
      });
      worker.on("error", () => resolve(false));
      worker.on("exit", () => {
        if (results[i] === undefined) resolve(false);
      });
    });
  });
  let aborted: (() => void) | undefined;
  const abort = new Promise<"aborted">((resolve) => {
    aborted = () => resolve("aborted");
    signal?.addEventListener("abort", aborted, { once: true });
  });
  try {
    const { readPart } = (await import(split.module)) as { readPart: ReadPart };
    let seq = 0;
    for await (const batch of inBatches(readPart(own, readOptions, read, split.warn))) {
      throwIfAborted(signal);
      for (const event of batch) {
        pipeline.push(new Row(event, seq++));
        if (seq % PART_PROGRESS_EVERY === 0) progress();
      }
    }
    throwIfAborted(signal);
    const ok = await Promise.race([workersDone, abort]);
    throwIfAborted(signal);
    if (!ok) {
      // The single-thread path runs the query again from the start.
      plan.counter.matched = 0;
      return undefined;
    }
    for (const result of results) {
      for (const m of result!.warnings) split.warn(m);
      pipeline.absorb(partial.at, result!.groups);
    }
    return { rows: pipeline.finish(), statistics: statistics() };
  } finally {
    if (aborted) signal?.removeEventListener("abort", aborted);
    for (const w of workers) void w.terminate();
  }
}

/**
 * The first part's size relative to each other part's, so that it holds `headStart` bytes more
 * than an even share would (what the main thread reads while the workers start), within reason.
 */
export function firstShare(bytes: number, count: number, headStart: number): number {
  const even = bytes / count;
  const first = Math.min(even + (headStart * (count - 1)) / count, 2 * even);
  return first / ((bytes - first) / (count - 1));
}

function sum(xs: number[]): number {
  return xs.reduce((a, b) => a + b, 0);
}

function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new DOMException("The query was cancelled", "AbortError");
}
