/**
 * A listing in parts on worker threads: a plan whose every command is row-wise (`Plan.partial`
 * of kind `list`), for a caller that takes every row in scan order (`RunOptions.onRows`: the
 * analyses over local files). This thread reads the first part itself, handing its rows over as
 * they come, while workers take the later parts and stream their rows back in batches
 * (list-part.ts); a part's batches go to `onRows` once every part before it is through, each as
 * it arrives, so the caller gets exactly the rows of one thread, in the same order, and works on
 * them alongside the reading. A part ahead of its turn waits once this thread holds
 * `ListBounds.heldBatches` of its batches, so memory is bounded by the threads, not by the input.
 * If a worker fails, this thread reads the parts not yet through itself, leaving out the rows of
 * each already handed over (the same plan gives the same rows). Off unless `TOLOG_LIST_IN_PARTS=1`
 * (list-part.ts `listBounds` says why).
 */
import type { QueryProgress, QueryStatistics, ResultRow } from "../api.js";
import type { EventSource, ReadOptions, ReadPart, ReadStatistics } from "../source.js";
import type { Plan } from "../compile/plan.js";
import type { WorkerJob, WorkerMessage } from "./protocol.js";
import type { PartResult } from "./part.js";
import { listBounds, runListPart } from "./list-part.js";
import { compilePlan } from "../run.js";
import { parallelism, WORKER_RESOURCE_LIMITS } from "./threads.js";
import { partShares, workerUrl } from "./run.js";
import { unflattenRows } from "../render-rows.js";
import { SharedTimeFloor } from "./time-floor.js";
import { abortRace, throwIfAborted } from "./cancel.js";

export interface ListResult {
  statistics: QueryStatistics;
  /** Events whose fields could not be discovered (too deep), over every part. */
  tooDeep: number;
}

/** Runs the listing in parts, or returns undefined (no row handed over) when the single-thread path must run it. */
export async function runListInParts(
  job: Pick<WorkerJob, "text" | "options">,
  plan: Plan,
  source: EventSource,
  readOptions: ReadOptions,
  onRows: (rows: ResultRow[]) => void,
  onProgress: ((progress: QueryProgress) => void) | undefined,
): Promise<ListResult | undefined> {
  const { threads, minBytes } = parallelism();
  const bounds = listBounds();
  if (!bounds || plan.partial?.kind !== "list" || threads < 2 || !source.split) return undefined;
  const url = workerUrl();
  if (!url) return undefined;
  const split = await source.split((bytes) => partShares(bytes, threads, minBytes), readOptions);
  if (!split || split.parts.length < 2) return undefined;
  const { signal } = readOptions;
  const { parts } = split;
  const names = plan.columns.map((c) => c.name);
  const n = parts.length;

  const reads: ReadStatistics[] = parts.map(() => ({ recordsScanned: 0, bytesScanned: 0 }));
  const matched: number[] = parts.map(() => 0);
  const results: Array<PartResult | undefined> = parts.map(() => undefined);
  // Batches of parts after the one whose turn it is; rows of each part handed over so far.
  const queued: Array<Array<Array<string | null>>> = parts.map(() => []);
  const delivered: number[] = parts.map(() => 0);
  const held = new Int32Array(new SharedArrayBuffer(4 * (n - 1)));
  let turn = 0;
  const statistics = (): QueryStatistics => ({
    recordsScanned: sum(reads.map((r) => r.recordsScanned)),
    bytesScanned: sum(reads.map((r) => r.bytesScanned)),
    recordsMatched: sum(matched),
  });
  const progress = (): void => onProgress?.({ statistics: statistics(), partialRows: () => [] });
  const deliver = (index: number, values: Array<string | null>): void => {
    const rows = unflattenRows(names, values);
    delivered[index] += rows.length;
    onRows(rows);
    if (index === 0) return;
    Atomics.sub(held, index - 1, 1);
    Atomics.notify(held, index - 1);
  };

  // Settles true when every part is through, false when the workers cannot finish (this thread
  // then reads what is left); rejects when handing rows over failed.
  let settle: (ok: boolean) => void = () => {};
  let fail: (error: unknown) => void = () => {};
  const settled = new Promise<boolean>((resolve, reject) => ((settle = resolve), (fail = reject)));
  // Awaited only once this thread's own part is read: a failure before then is not an unhandled one.
  settled.catch(() => {});
  const advance = (): void => {
    while (turn < n && results[turn] !== undefined) {
      turn++;
      if (turn < n) for (const values of queued[turn].splice(0)) deliver(turn, values);
    }
    if (turn === n) settle(true);
  };
  // Set once this thread reads the rest itself: what the stopped workers sent late is not used.
  let takenOver = false;
  // Workers number the parts after this thread's own from 0.
  const onMessage = (message: WorkerMessage): void => {
    if (takenOver) return;
    const index = message.index + 1;
    reads[index] = message.read;
    matched[index] = message.matched;
    if (message.type === "done") {
      results[index] = message;
      advance();
    } else if (message.type === "rows") {
      if (index === turn) deliver(turn, message.values);
      else queued[index].push(message.values);
    }
    progress();
  };
  const next = new SharedArrayBuffer(4);
  let running = 0;
  const workers = Array.from({ length: Math.min(threads - 1, n - 1) }, () => {
    const list = { ...bounds, held: held.buffer as SharedArrayBuffer };
    // A listing has no default order: its floor is never raised.
    const floor = new SharedTimeFloor().buffer;
    // node:worker_threads is loaded here, when a worker starts: a query too small to split never loads it.
    const { Worker } = process.getBuiltinModule("node:worker_threads");
    const worker = new Worker(url, { resourceLimits: WORKER_RESOURCE_LIMITS, workerData: { ...job, module: split.module, parts: parts.slice(1), next, floor, list } satisfies WorkerJob });
    running++;
    worker.on("message", (message: WorkerMessage) => {
      try {
        onMessage(message);
      } catch (error) {
        fail(error);
      }
    });
    worker.on("error", () => settle(false));
    worker.on("exit", (code) => {
      running--;
      if (code !== 0) settle(false);
      // Its last messages may still be queued: look once they are in.
      else setImmediate(() => running === 0 && results.some((r, i) => i > 0 && r === undefined) && settle(false));
    });
    return worker;
  });
  const abort = abortRace(signal);
  try {
    // This thread's own part first, handed over as it is read, while the workers read the next.
    const { readPart } = (await import(split.module)) as { readPart: ReadPart };
    results[0] = await runListPart(plan, readPart, parts[0], readOptions, bounds.batchRows, (values, read, partMatched) => {
      reads[0] = read;
      matched[0] = partMatched;
      deliver(0, values);
      progress();
    });
    reads[0] = results[0].read;
    matched[0] = results[0].matched;
    advance();
    const ok = await Promise.race([settled, abort.aborted]);
    throwIfAborted(signal);
    if (!ok) {
      takenOver = true;
      for (const w of workers) void w.terminate();
      await readTheRest(readPart, bounds.batchRows);
    }
    for (const result of results) {
      for (const m of result!.warnings) split.warn(m);
      plan.counter.discovery?.tallies.absorb(result!.formats);
    }
    await split.finish?.();
    plan.counter.matched = sum(matched);
    return { statistics: statistics(), tooDeep: sum(results.map((r) => r!.tooDeep)) };
  } finally {
    abort.release();
    for (const w of workers) void w.terminate();
  }

  /** The parts not yet through, on this thread: those a worker finished from what it sent, the others read again. */
  async function readTheRest(readPart: ReadPart, batchRows: number): Promise<void> {
    const helper = compilePlan(job.text, job.options).plan;
    for (; turn < n; turn++) {
      const index = turn;
      if (results[index] !== undefined) {
        for (const values of queued[index].splice(0)) deliver(index, values);
        continue;
      }
      queued[index] = [];
      let skip = delivered[index];
      results[index] = await runListPart(helper, readPart, parts[index], readOptions, batchRows, (values, read, partMatched) => {
        reads[index] = read;
        matched[index] = partMatched;
        // The rows a worker handed over before it failed.
        const rows = unflattenRows(names, values);
        const fresh = skip >= rows.length ? [] : rows.slice(skip);
        skip = Math.max(0, skip - rows.length);
        if (fresh.length > 0) onRows(fresh);
        progress();
      });
      reads[index] = results[index].read;
      matched[index] = results[index].matched;
      throwIfAborted(signal);
    }
  }
}

function sum(xs: number[]): number {
  return xs.reduce((a, b) => a + b, 0);
}
