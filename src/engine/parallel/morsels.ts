/**
 * A stats in morsels: for a stats whose aggregates give the same result whatever order their
 * rows come in (`inAnyOrder`: count, exact sums and averages, ...), the input is cut into many
 * small consecutive morsels, which every thread takes from a shared counter as it becomes free,
 * into one table of its own. So a thread the machine slows down holds the others up by one
 * morsel's read at most, where one part per thread (run.ts) left a fast thread idle until the
 * slow one finished its half.
 *
 * The answer is still exactly one thread's: the aggregates' results do not depend on order, and
 * each group keeps where it was first seen (commands/first-seen.ts), which puts the groups in the
 * order one thread reading every event in turn would give them. The main thread reads its
 * morsels into the run's own pipeline and absorbs the workers' groups at the end. A worker that
 * fails leaves the run to the single-thread path, as in run.ts.
 */
import type { Worker } from "node:worker_threads";
import type { EventSource, ReadOptions, ReadPart, ReadStatistics } from "../source.js";
import type { QueryStatistics } from "../api.js";
import type { Plan } from "../compile/plan.js";
import type { PartialGroups } from "../commands/stats.js";
import type { StreamCounts } from "../vended/tally.js";
import type { PartsProgress, PartsResult } from "./run.js";
import { takePart, type WorkerJob, type WorkerMessage } from "./protocol.js";
import { Pipeline } from "../commands/pipeline.js";
import { morselShares } from "./threads.js";
import { takeWorker } from "./workers.js";
import { readMorsels } from "./morsel-read.js";
import { abortRace, throwIfAborted } from "./cancel.js";
import { forgetCounts } from "./fallback.js";
import { SharedTimeFloor } from "./time-floor.js";

export async function runInMorsels(
  job: Pick<WorkerJob, "text" | "options">,
  plan: Plan,
  source: EventSource,
  readOptions: ReadOptions,
  onProgress: ((progress: PartsProgress) => void) | undefined,
  url: URL,
  { threads, minBytes }: { threads: number; minBytes: number },
): Promise<PartsResult | undefined> {
  const at = plan.partial!.at;
  const split = await source.split!((bytes) => morselShares(bytes, threads, minBytes), readOptions);
  if (!split || split.parts.length < 2) return undefined;
  const { signal } = readOptions;
  const morsels = split.parts;
  const reads: ReadStatistics[] = morsels.map(() => ({ recordsScanned: 0, bytesScanned: 0 }));
  // Rows the workers' morsels matched: the main thread's own are counted by its plan's counter.
  const matched: number[] = morsels.map(() => 0);
  const warnings: string[][] = morsels.map(() => []);
  // What each morsel tallied of vended formats: told in scan order at the end, as its warnings
  // (the first near miss they quote is the first in the input).
  const formats: StreamCounts[][] = morsels.map(() => []);
  const done: boolean[] = morsels.map(() => false);
  const found: PartialGroups[] = [];
  const elsewhere = { tooDeep: 0, capped: false };
  const statistics = (): QueryStatistics => ({
    recordsScanned: sum(reads.map((r) => r.recordsScanned)),
    bytesScanned: sum(reads.map((r) => r.bytesScanned)),
    recordsMatched: plan.counter.matched + sum(matched),
  });
  const pipeline = new Pipeline(plan.stages, { stop: false });
  const progress = (): void => onProgress?.({ statistics: statistics(), partialRows: () => pipeline.partial() });

  const next = new SharedArrayBuffer(4);
  let settle: (ok: boolean) => void = () => {};
  let failed = false;
  const settled = new Promise<boolean>((resolve) => (settle = (ok) => ((failed ||= !ok), resolve(ok))));
  let running = 0;
  const finished = new Set<Worker>();
  let ownDone = false;
  // Every morsel read and every worker's groups in; or a worker gone without them: then the run
  // falls back to a single thread.
  const settleIfDone = (): void => {
    if (ownDone && running === 0) settle(done.every(Boolean));
  };
  const workers = Array.from({ length: Math.min(threads - 1, morsels.length - 1) }, () => {
    const worker = takeWorker(url);
    if (worker === undefined) return undefined;
    // A stats has no default order: its floor is never raised.
    worker.postMessage({ ...job, module: split.module, parts: morsels, next, floor: new SharedTimeFloor().buffer, morsels: true } satisfies WorkerJob);
    running++;
    worker.on("message", (message: WorkerMessage) => {
      if (message.type === "progress") {
        reads[message.index] = message.read;
        matched[message.index] = message.matched;
        progress();
      } else if (message.type === "morsel") {
        const { index } = message;
        reads[index] = message.read;
        matched[index] = message.matched;
        warnings[index] = message.warnings;
        done[index] = true;
        elsewhere.tooDeep += message.tooDeep;
        elsewhere.capped ||= message.capped;
        formats[index] = message.formats;
        progress();
      } else if (message.type === "groups") {
        found.push(message.groups);
        finished.add(worker);
        running--;
        settleIfDone();
      }
    });
    worker.on("error", () => settle(false));
    // Its groups may still be queued behind its exit: look once they are in.
    worker.on("exit", (code) => (code !== 0 ? settle(false) : setImmediate(() => finished.has(worker) || settle(false))));
    return worker;
  }).filter((worker) => worker !== undefined);
  const abort = abortRace(signal);
  try {
    const { readPart } = (await import(split.module)) as { readPart: ReadPart };
    const ownProgress = (index: number, read: ReadStatistics): void => {
      reads[index] = read;
      progress();
    };
    const thread = { plan, pipeline, at, readPart, options: readOptions, parts: morsels, onProgress: ownProgress };
    await readMorsels(
      thread,
      // A worker that failed leaves the run to the single-thread path: no use reading on.
      () => (signal?.aborted || failed ? -1 : takePart(next, morsels.length)),
      (index, result) => {
        reads[index] = result.read;
        warnings[index] = result.warnings;
        formats[index] = result.formats;
        done[index] = true;
        progress();
      },
    );
    ownDone = true;
    settleIfDone();
    const ok = await Promise.race([settled, abort.aborted]);
    throwIfAborted(signal);
    if (!ok) {
      forgetCounts(plan.counter);
      return undefined;
    }
    for (const groups of found) pipeline.absorb(at, groups);
    for (const counts of formats) plan.counter.discovery?.tallies.absorb(counts);
    // Told once the run is known to finish here (a fallback reads it all again), in scan order.
    for (const m of warnings.flat()) split.warn(m);
    await split.finish?.();
    if (elsewhere.capped) plan.counter.capped = true;
    const rows = pipeline.finish();
    return { rows, statistics: statistics(), tooDeep: plan.counter.tooDeep + elsewhere.tooDeep };
  } finally {
    abort.release();
    // A worker that sent its groups ends by itself, storing its code cache as it goes
    // (cli/code-cache.ts): ended from here, it stored none, and the next run compiled again.
    for (const w of workers) if (!finished.has(w)) void w.terminate();
  }
}

function sum(xs: number[]): number {
  return xs.reduce((a, b) => a + b, 0);
}
