/**
 * A plan in parts on worker threads: a plan whose first blocking step follows row-wise commands
 * only (`Plan.partial`: a stats, or a step that keeps the first rows of an order), over a source
 * that splits into consecutive parts (`EventSource.split`). The main thread runs the whole plan
 * over the first part; every thread (the workers, then the main thread too) then takes the next
 * later part from a shared counter until none is left, each run up to that step. The step then
 * takes in what each part gave, part by part in read order: a stats folds in partial groups,
 * which gives each group and each accumulator exactly the state one thread reading every event
 * in order would have (see `Accumulator.merge`); a sort or the default order takes each part's
 * own first rows, placed after the earlier parts' in scan order, and no other row of a part
 * could have been among the first. The rest of the plan runs as usual. Anything else is left
 * to the single-thread path, as is a run whose worker fails.
 */
import type { QueryStatistics } from "../api.js";
import type { EventSource, ReadOptions, ReadPart, ReadStatistics } from "../source.js";
import { inBatches } from "../source.js";
import type { Plan } from "../compile/plan.js";
import { takePart, type WorkerJob, type WorkerMessage } from "./protocol.js";
import { runPart, type PartResult } from "./part.js";
import { compilePlan } from "../run.js";
import { PART_PROGRESS_EVERY } from "./protocol.js";
import { inAnyOrder, mergeable } from "../commands/stats.js";
import { Pipeline } from "../commands/pipeline.js";
import { flowRecordsFor } from "../vended/flow-stats.js";
import { Row } from "../record.js";
import { LEVELS, parallelism, partShares, STATS_LEVELS } from "./threads.js";
import { takeWorker, workerUrl } from "./workers.js";
import { Breather } from "../breather.js";
import { SharedTimeFloor } from "./time-floor.js";
import { abortRace, throwIfAborted } from "./cancel.js";
import { forgetCounts } from "./fallback.js";
import { runInMorsels } from "./morsels.js";

export interface PartsResult {
  rows: Row[];
  statistics: QueryStatistics;
  /** Events whose fields could not be discovered (too deep), over every part. */
  tooDeep: number;
}

export interface PartsProgress {
  statistics: QueryStatistics;
  /** The result over the events the main thread has read so far. */
  partialRows(): Row[];
}

/** Runs the plan in parts, or returns undefined when the single-thread path must run it. */
export async function runInParts(
  job: Pick<WorkerJob, "text" | "options">,
  plan: Plan,
  source: EventSource,
  readOptions: ReadOptions,
  onProgress: ((progress: PartsProgress) => void) | undefined,
): Promise<PartsResult | undefined> {
  const partial = plan.partial;
  const { threads, minBytes } = parallelism();
  // A listing streams its rows out of parts (list.ts).
  if (!partial || partial.kind === "list" || threads < 2 || !source.split) return undefined;
  const url = workerUrl();
  if (!url || (partial.kind === "stats" && !mergeable(partial.spec))) return undefined;
  if (partial.kind === "stats" && inAnyOrder(partial.spec)) return runInMorsels(job, plan, source, readOptions, onProgress, url, { threads, minBytes });
  // The default order keeps the newest rows: parts are read from the end of the input, where
  // log files written in time order keep their newest lines, so that the threads' shared floor
  // rises to the final cut early and the rows before it die young instead of being held. The
  // parts' sizes are reversed too, so that the parts read first are still the largest.
  const newestFirst = partial.kind === "top" && partial.newestFirst === true;
  const split = await source.split((bytes) => {
    const shares = partShares(bytes, threads, minBytes, partial.kind === "stats" ? STATS_LEVELS : LEVELS);
    return newestFirst ? shares.reverse() : shares;
  }, readOptions);
  if (!split || split.parts.length < 2) return undefined;
  const { signal } = readOptions;
  const count = split.parts.length;
  const [own, ...rest] = newestFirst ? [...split.parts].reverse() : split.parts;
  // Where the part read `k`-th (the main thread's own first) stands in scan order, which decides ties.
  const scanIndex = (k: number): number => (newestFirst ? count - 1 - k : k);
  // The main thread's own warnings, told after the earlier parts' when its part is not the first.
  const ownWarnings: string[] = [];
  const warnOwn = newestFirst ? (message: string) => ownWarnings.push(message) : split.warn;

  // Statistics of the main thread's own part, then of each later part as it goes.
  const read: ReadStatistics = { recordsScanned: 0, bytesScanned: 0 };
  const reads: ReadStatistics[] = rest.map(() => ({ recordsScanned: 0, bytesScanned: 0 }));
  const matched: number[] = rest.map(() => 0);
  // A part's result is held only until every part before it is in: then it is folded into the
  // main pipeline (in scan order, after the main thread's own part) and let go, so that the
  // parts' groups are not all held at once (six parts of 70,000 groups each at 1 GB of flow logs).
  const done: boolean[] = rest.map(() => false);
  const held: Array<PartResult | undefined> = rest.map(() => undefined);
  const folded = { parts: 0, ownRead: false, capped: false, tooDeep: 0, warnings: [] as string[][] };
  const statistics = (): QueryStatistics => ({
    recordsScanned: read.recordsScanned + sum(reads.map((r) => r.recordsScanned)),
    bytesScanned: read.bytesScanned + sum(reads.map((r) => r.bytesScanned)),
    recordsMatched: plan.counter.matched + sum(matched),
  });
  // The default order's floor: every thread's first rows in time raise it, and leave out rows before it.
  const floor = new SharedTimeFloor();
  const pipeline = new Pipeline(plan.stages, { stop: false, floor });
  const progress = (): void => onProgress?.({ statistics: statistics(), partialRows: () => pipeline.partial() });
  const foldReady = (): void => {
    if (!folded.ownRead) return;
    for (let index = folded.parts; index < rest.length && held[index] !== undefined; index = ++folded.parts) {
      const result = held[index]!;
      held[index] = undefined;
      // Told at the end, once the run is known to finish here (a fallback reads it all again).
      folded.warnings.push(result.warnings);
      plan.counter.discovery?.tallies.absorb(result.formats);
      if (result.groups) pipeline.absorb(partial.at, result.groups);
      // After the main thread's own rows and each earlier part's, in scan order.
      else for (const data of result.rows!) pipeline.pushAt(partial.at, Row.fromData(data, scanIndex(index + 1) * PART_SEQ_SPAN, plan.counter));
      folded.capped ||= result.capped;
      folded.tooDeep += result.tooDeep;
    }
  };
  const record = (index: number, result: PartResult): void => {
    done[index] = true;
    held[index] = result;
    reads[index] = result.read;
    matched[index] = result.matched;
    foldReady();
    progress();
  };

  // Later parts go to whichever thread is free first, so that a late or slow thread holds no one
  // up; each takes its next part from a shared counter, without a round trip to this thread.
  const next = new SharedArrayBuffer(4);
  const nextPart = (): number => takePart(next, rest.length);
  let settle: (ok: boolean) => void = () => {};
  const settled = new Promise<boolean>((resolve) => (settle = resolve));
  let workersRunning = 0;
  let ownPartsDone = false;
  // Every part has its result; or a part has none and no thread is left to give it one (a worker
  // that failed or ended early): then the run falls back to a single thread.
  const settleIfDone = (): void => {
    if (done.every(Boolean)) settle(true);
    else if (ownPartsDone && workersRunning === 0) settle(false);
  };
  const workers = Array.from({ length: Math.min(threads - 1, rest.length) }, () => {
    const worker = takeWorker(url);
    // No thread to be had: this thread takes the parts that worker would have.
    if (worker === undefined) return undefined;
    worker.postMessage({ ...job, module: split.module, parts: rest, next, floor: floor.buffer } satisfies WorkerJob);
    workersRunning++;
    worker.on("message", (message: WorkerMessage) => {
      if (message.type === "progress") {
        reads[message.index] = message.read;
        matched[message.index] = message.matched;
        progress();
      } else if (message.type === "done") {
        record(message.index, message);
        settleIfDone();
      }
    });
    worker.on("error", () => settle(false));
    worker.on("exit", (code) => {
      workersRunning--;
      if (code !== 0) settle(false);
      // Its last results may still be queued: look once they are in.
      else setImmediate(settleIfDone);
    });
    return worker;
  }).filter((worker) => worker !== undefined);
  const abort = abortRace(signal);
  try {
    const { readPart } = (await import(split.module)) as { readPart: ReadPart };
    let seq = scanIndex(0) * PART_SEQ_SPAN;
    const breather = new Breather();
    const flow = flowRecordsFor(plan, readOptions, () => pipeline.idRowsAt(partial.at), (event) => pipeline.push(new Row(event, seq++, plan.counter)));
    for await (const batch of inBatches(readPart(own, flow ? { ...readOptions, flowRecords: flow } : readOptions, read, warnOwn))) {
      const turn = breather.breathe(batch.length);
      if (turn) await turn;
      throwIfAborted(signal);
      for (const event of batch) {
        pipeline.push(new Row(event, seq++, plan.counter));
        if (seq % PART_PROGRESS_EVERY === 0) progress();
      }
      if (flow?.progressDue(PART_PROGRESS_EVERY)) progress();
    }
    folded.ownRead = true;
    foldReady();
    // Then later parts, alongside the workers, with a plan of its own (its own match counter),
    // compiled only when there is one left: a stats' one part per thread usually leaves none.
    let helper: Plan | undefined;
    for (let index = nextPart(); index >= 0; index = nextPart()) {
      throwIfAborted(signal);
      helper ??= compilePlan(job.text, job.options).plan;
      record(
        index,
        await runPart(
          helper,
          readPart,
          rest[index],
          readOptions,
          (partRead, partMatched) => {
            reads[index] = partRead;
            matched[index] = partMatched;
            progress();
          },
          floor,
        ),
      );
    }
    ownPartsDone = true;
    settleIfDone();
    throwIfAborted(signal);
    const ok = await Promise.race([settled, abort.aborted]);
    throwIfAborted(signal);
    if (!ok) {
      forgetCounts(plan.counter);
      return undefined;
    }
    foldReady();
    // Every part's warnings in scan order (the main thread's own part told its own already unless
    // it is the last part).
    const inScanOrder = newestFirst ? [...folded.warnings.reverse(), ownWarnings] : folded.warnings;
    for (const m of inScanOrder.flat()) split.warn(m);
    await split.finish?.();
    if (folded.capped) plan.counter.capped = true;
    const rows = pipeline.finish();
    return { rows, statistics: statistics(), tooDeep: plan.counter.tooDeep + folded.tooDeep };
  } finally {
    abort.release();
    for (const w of workers) void w.terminate();
  }
}

/** Scan positions a part's rows may take: parts of up to 2^40 events, their orders apart. */
const PART_SEQ_SPAN = 2 ** 40;

function sum(xs: number[]): number {
  return xs.reduce((a, b) => a + b, 0);
}
