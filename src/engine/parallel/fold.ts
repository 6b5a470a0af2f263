/**
 * A listing folded in parts (`RunOptions.partFolds`: the analyses over local files). Every thread,
 * the main one and the workers, takes the next part from a shared counter and folds that part's
 * rows, as `onRows` would get them, into a fold of the part's own (fold-part.ts); the main
 * thread hands each part's saved fold to `PartFolds.onPart` once every part before it was
 * handed over, so the caller takes them in scan order and merges them into exactly the state
 * of folding every row on one thread (a part read by the main thread in its turn goes to
 * `onRows` as it is read, as on one thread). No row crosses threads: a part's fold is what a worker
 * sends back, so the folding, not only the reading, is spread over the cores. A part whose
 * worker fails is folded again on the main thread (nothing of it was handed over).
 */
import type { PartFold, PartFolds, QueryProgress, QueryStatistics, ResultRow } from "../api.js";
import type { EventSource, ReadOptions, ReadPart, ReadStatistics } from "../source.js";
import type { Plan } from "../compile/plan.js";
import { takePart, type WorkerJob, type WorkerMessage } from "./protocol.js";
import type { PartResult } from "./part.js";
import { runFoldPart } from "./fold-part.js";
import { parallelism, partShares } from "./threads.js";
import { takeWorker, workerUrl } from "./workers.js";
import { SharedTimeFloor } from "./time-floor.js";
import { abortRace, throwIfAborted } from "./cancel.js";

export interface ListResult {
  statistics: QueryStatistics;
  /** Events whose fields could not be discovered (too deep), over every part. */
  tooDeep: number;
}

/** A part's result: its fold's saved state, or none when its rows went to `onRows` (`direct`). */
type Folded = PartResult & { state?: unknown; direct?: boolean };

/** Runs the listing folded in parts, or returns undefined (nothing handed over) when the rows must go to `onRows` instead. */
export async function runFoldInParts(
  job: Pick<WorkerJob, "text" | "options">,
  plan: Plan,
  source: EventSource,
  readOptions: ReadOptions,
  folds: PartFolds & { numberColumns?: readonly string[] },
  onRows: (rows: ResultRow[]) => void,
  onProgress: ((progress: QueryProgress) => void) | undefined,
): Promise<ListResult | undefined> {
  const { threads, minBytes } = parallelism();
  if (plan.partial?.kind !== "list" || threads < 2 || !source.split) return undefined;
  const url = workerUrl();
  if (!url) return undefined;
  const split = await source.split((bytes) => partShares(bytes, threads, minBytes), readOptions);
  if (!split || split.parts.length < 2) return undefined;
  const { signal } = readOptions;
  const { parts } = split;
  const n = parts.length;

  const reads: ReadStatistics[] = parts.map(() => ({ recordsScanned: 0, bytesScanned: 0 }));
  const matched: number[] = parts.map(() => 0);
  const results: Array<Folded | undefined> = parts.map(() => undefined);
  let turn = 0;
  const statistics = (): QueryStatistics => ({
    recordsScanned: sum(reads.map((r) => r.recordsScanned)),
    bytesScanned: sum(reads.map((r) => r.bytesScanned)),
    recordsMatched: sum(matched),
  });
  const progress = (): void => onProgress?.({ statistics: statistics(), partialRows: () => [] });
  // Settles true when every part is handed over, false when the workers cannot finish (this
  // thread then folds what is left); rejects when taking a part in failed.
  let settle: (ok: boolean) => void = () => {};
  let fail: (error: unknown) => void = () => {};
  const settled = new Promise<boolean>((resolve, reject) => ((settle = resolve), (fail = reject)));
  settled.catch(() => {});
  const record = (index: number, result: Folded): void => {
    results[index] = result;
    reads[index] = result.read;
    matched[index] = result.matched;
    // Each part's fold once every part before it is in; then let go.
    for (; turn < n && results[turn] !== undefined; turn++) {
      if (!results[turn]!.direct) folds.onPart(results[turn]!.state);
      results[turn]!.state = undefined;
    }
    progress();
    if (turn === n) settle(true);
  };
  let takenOver = false;
  const next = new SharedArrayBuffer(4);
  let running = 0;
  let ownDone = false;
  const settleIfStuck = (): void => {
    if (ownDone && running === 0 && turn < n) settle(false);
  };
  const workers = Array.from({ length: Math.min(threads - 1, n - 1) }, () => {
    // A listing has no default order: its floor is never raised.
    const worker = takeWorker(url);
    // No thread to be had: this thread takes the parts that worker would have.
    if (worker === undefined) return undefined;
    const fold = { module: folds.module, args: folds.args, numberColumns: folds.numberColumns };
    worker.postMessage({ ...job, module: split.module, parts, next, floor: new SharedTimeFloor().buffer, fold } satisfies WorkerJob);
    running++;
    worker.on("message", (message: WorkerMessage) => {
      if (takenOver) return;
      try {
        if (message.type === "progress") {
          reads[message.index] = message.read;
          matched[message.index] = message.matched;
          progress();
        } else if (message.type === "folded") record(message.index, message);
      } catch (error) {
        fail(error);
      }
    });
    worker.on("error", () => settle(false));
    worker.on("exit", (code) => {
      running--;
      if (code !== 0) settle(false);
      // Its last messages may still be queued: look once they are in.
      else setImmediate(settleIfStuck);
    });
    return worker;
  }).filter((worker) => worker !== undefined);
  const abort = abortRace(signal);
  try {
    const { readPart } = (await import(split.module)) as { readPart: ReadPart };
    const { partFold } = (await import(folds.module)) as { partFold: (args: unknown) => PartFold };
    // A part whose turn it is (every part before it handed over: the first, nearly always) has
    // its rows go straight to `onRows`, the caller's own fold: nothing of it to save and merge.
    const direct: PartFold = { push: onRows, save: () => ({ state: undefined, transfer: [] }) };
    const foldPart = async (index: number): Promise<void> => {
      const inTurn = index === turn;
      const { saved, ...result } = await runFoldPart(plan, readPart, parts[index], readOptions, inTurn ? direct : partFold(folds.args), folds.numberColumns, (read, partMatched) => {
        reads[index] = read;
        matched[index] = partMatched;
        progress();
      });
      record(index, { ...result, state: saved.state, direct: inTurn });
    };
    for (let index = takePart(next, n); index >= 0; index = takePart(next, n)) {
      throwIfAborted(signal);
      await foldPart(index);
    }
    ownDone = true;
    settleIfStuck();
    const ok = await Promise.race([settled, abort.aborted]);
    throwIfAborted(signal);
    if (!ok) {
      takenOver = true;
      for (const w of workers) void w.terminate();
      for (let index = turn; index < n; index++) {
        throwIfAborted(signal);
        if (results[index] === undefined) await foldPart(index);
      }
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
}

function sum(xs: number[]): number {
  return xs.reduce((a, b) => a + b, 0);
}
