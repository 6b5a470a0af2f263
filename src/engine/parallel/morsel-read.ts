/**
 * One thread's reading of a stats in morsels (morsels.ts): every morsel the thread takes goes
 * into the same pipeline and group table, which is told where each morsel starts so that it
 * knows where its groups were first seen (commands/first-seen.ts).
 */
import type { LogEvent, ReadOptions, ReadPart, ReadStatistics } from "../source.js";
import type { Plan, RunCounter } from "../compile/plan.js";
import type { PartialGroups } from "../commands/stats.js";
import type { StreamCounts } from "../vended/tally.js";
import { inBatches } from "../source.js";
import { Pipeline } from "../commands/pipeline.js";
import { streaming } from "../commands/stage.js";
import { partialStats } from "../commands/stats.js";
import { Row } from "../record.js";
import { Breather } from "../breather.js";
import { flowRecordsFor } from "../vended/flow-stats.js";
import { PART_PROGRESS_EVERY } from "./protocol.js";

/**
 * What a thread reads its morsels with: `pipeline` runs the plan's steps up to the stats, which
 * is step `at`. `onProgress` gets a morsel's statistics so far every `PART_PROGRESS_EVERY` events,
 * one function for every morsel: a new one each time made the optimised read loop, which calls
 * it, be thrown away at each morsel ("wrong call target") and compiled again.
 */
export interface MorselThread {
  plan: Plan;
  pipeline: Pipeline;
  at: number;
  readPart: ReadPart;
  options: ReadOptions;
  /** Every morsel of the run, by index. */
  parts: readonly unknown[];
  onProgress(index: number, read: ReadStatistics, matched: number): void;
}

/** What reading one morsel gave besides the rows it added to the thread's table. */
export interface MorselResult {
  read: ReadStatistics;
  matched: number;
  warnings: string[];
  /** Events whose fields could not be discovered (too deep). */
  tooDeep: number;
  capped: boolean;
  /** Lines read as (or almost as) a vended text format, by stream, taken from the thread's counter: told in morsel order at the end. */
  formats: StreamCounts[];
}

/**
 * A worker's pipeline for a stats in morsels: the plan's steps before the stats, then a partial
 * stats whose groups (`groups()`) the main thread absorbs once the worker has no morsel left.
 */
export function morselPipeline(plan: Plan): { pipeline: Pipeline; groups(): PartialGroups } {
  const partial = plan.partial;
  if (partial?.kind !== "stats") throw new Error("only a stats is read in morsels");
  const stats = partialStats(partial.spec);
  const table = streaming(() => ({ push: (row) => stats.push(row), end: () => {}, idRows: () => stats.idRows, startMorsel: (index) => stats.startMorsel(index) }));
  return { pipeline: new Pipeline([...plan.stages.slice(0, partial.at), table], { stop: false }), groups: () => stats.groups() };
}

/**
 * Pushes a batch's events into the pipeline as rows from scan position `seq` on; the next
 * position. A function of its own, so that the optimised code of the hot loop (the pipeline's
 * steps inlined) is not the code that a morsel's end, or a turn of the event loop, throws away.
 */
function pushBatch(pipeline: Pipeline, batch: readonly LogEvent[], seq: number, counter: RunCounter): number {
  for (let i = 0; i < batch.length; i++) pipeline.push(new Row(batch[i], seq++, counter));
  return seq;
}

/**
 * Reads every morsel the thread takes (`take` answers -1 when none is left) into its pipeline,
 * telling `done` of each: one call, one loop, so that the loop's optimised code serves every
 * morsel. A call per morsel threw it away at each morsel's end (its first pass through what
 * follows the loop) and compiled it again, 25-60 ms of compiling each time, eight times a thread.
 */
export async function readMorsels(thread: MorselThread, take: () => number, done: (index: number, result: MorselResult) => void): Promise<void> {
  const { plan, pipeline, at, readPart, options, parts } = thread;
  // Scan positions within the morsel: the stats places its groups by morsel (first-seen.ts), and
  // no row-wise step before it reads them. Counted from 0 they stay small integers: from
  // `index * 2^40` on they were doubles, which made every row's position a boxed number
  // (by sql at 1 GB: 0.2 s more CPU, most of it in collections).
  let seq = 0;
  // One for every morsel: its memo of addresses stays warm.
  const flow = flowRecordsFor(plan, options, () => pipeline.idRowsAt(at), (event) => pipeline.push(new Row(event, seq++, plan.counter)));
  const readOptions = flow ? { ...options, flowRecords: flow } : options;
  const breather = new Breather();
  for (let index = take(); index >= 0; index = take()) {
    const matchedBefore = plan.counter.matched;
    const tooDeepBefore = plan.counter.tooDeep;
    pipeline.startMorselAt(at, index);
    const read: ReadStatistics = { recordsScanned: 0, bytesScanned: 0 };
    const warnings: string[] = [];
    seq = 0;
    for await (const batch of inBatches(readPart(parts[index], readOptions, read, (m) => warnings.push(m)))) {
      const turn = breather.breathe(batch.length);
      if (turn) await turn;
      options.signal?.throwIfAborted();
      const from = seq;
      seq = pushBatch(pipeline, batch, seq, plan.counter);
      if (Math.floor(seq / PART_PROGRESS_EVERY) > Math.floor(from / PART_PROGRESS_EVERY) || flow?.progressDue(PART_PROGRESS_EVERY)) {
        thread.onProgress(index, { ...read }, plan.counter.matched - matchedBefore);
      }
    }
    done(index, {
      read,
      matched: plan.counter.matched - matchedBefore,
      warnings,
      tooDeep: plan.counter.tooDeep - tooDeepBefore,
      capped: plan.counter.capped,
      formats: plan.counter.discovery?.tallies.take() ?? [],
    });
  }
}
