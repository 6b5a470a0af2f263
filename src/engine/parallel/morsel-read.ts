/**
 * One thread's reading of a stats in morsels (morsels.ts): every morsel the thread takes goes
 * into the same pipeline and group table, which is told where each morsel starts so that it
 * knows where its groups were first seen (commands/first-seen.ts).
 */
import type { ReadOptions, ReadPart, ReadStatistics } from "../source.js";
import type { Plan } from "../compile/plan.js";
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

/** What a thread reads its morsels with: `pipeline` runs the plan's steps up to the stats, which is step `at`. */
export interface MorselThread {
  plan: Plan;
  pipeline: Pipeline;
  at: number;
  readPart: ReadPart;
  options: ReadOptions;
}

/** What reading one morsel gave besides the rows it added to the thread's table. */
export interface MorselResult {
  read: ReadStatistics;
  matched: number;
  warnings: string[];
  /** Events whose fields could not be discovered (too deep). */
  tooDeep: number;
  capped: boolean;
  /** Lines read as (or almost as) a vended text format, by stream; none where the thread keeps them (`keepFormats`). */
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

/** Rows of morsel `index` take scan positions from `index * MORSEL_SEQ_SPAN`: morsels of up to 2^40 events. */
export const MORSEL_SEQ_SPAN = 2 ** 40;

/**
 * Reads morsel `index` into the thread's pipeline; `onProgress` gets its statistics so far every
 * `PART_PROGRESS_EVERY` events. `keepFormats`: the thread's own counter keeps the formats it
 * tallied (the main thread's).
 */
export async function readMorsel(
  thread: MorselThread,
  index: number,
  part: unknown,
  keepFormats: boolean,
  onProgress: (read: ReadStatistics, matched: number) => void,
): Promise<MorselResult> {
  const { plan, pipeline, at, readPart, options } = thread;
  const matchedBefore = plan.counter.matched;
  const tooDeepBefore = plan.counter.tooDeep;
  pipeline.startMorselAt(at, index);
  const read: ReadStatistics = { recordsScanned: 0, bytesScanned: 0 };
  const warnings: string[] = [];
  let seq = index * MORSEL_SEQ_SPAN;
  const breather = new Breather();
  const flow = flowRecordsFor(plan, options, () => pipeline.idRowsAt(at), (event) => pipeline.push(new Row(event, seq++, plan.counter)));
  const progress = (): void => onProgress({ ...read }, plan.counter.matched - matchedBefore);
  for await (const batch of inBatches(readPart(part, flow ? { ...options, flowRecords: flow } : options, read, (m) => warnings.push(m)))) {
    const turn = breather.breathe(batch.length);
    if (turn) await turn;
    options.signal?.throwIfAborted();
    for (const event of batch) {
      pipeline.push(new Row(event, seq++, plan.counter));
      if (seq % PART_PROGRESS_EVERY === 0) progress();
    }
    if (flow?.progressDue(PART_PROGRESS_EVERY)) progress();
  }
  return {
    read,
    matched: plan.counter.matched - matchedBefore,
    warnings,
    tooDeep: plan.counter.tooDeep - tooDeepBefore,
    capped: plan.counter.capped,
    formats: keepFormats ? [] : (plan.counter.discovery?.tallies.take() ?? []),
  };
}
