/**
 * One part of a source run up to the plan's first blocking step (`Plan.partial`): what a worker
 * does with each part it takes, and the main thread with each it takes after its own. A stats
 * gives its groups with partial accumulators; a step that keeps the first rows of an order gives
 * the part's own first rows, as plain data.
 */
import type { ReadOptions, ReadPart, ReadStatistics } from "../source.js";
import type { Plan } from "../compile/plan.js";
import type { PartialGroups } from "../commands/stats.js";
import { inBatches } from "../source.js";
import { Pipeline } from "../commands/pipeline.js";
import { streaming, type StageFactory, type TimeFloor } from "../commands/stage.js";
import { partialStats } from "../commands/stats.js";
import { Row, type RowData } from "../record.js";
import { PART_PROGRESS_EVERY } from "./protocol.js";
import { Breather } from "../breather.js";
import { flowRecordsFor } from "../vended/flow-stats.js";
import type { StreamCounts } from "../vended/tally.js";

export interface PartResult {
  read: ReadStatistics;
  matched: number;
  /** A stats part: its groups, in first-seen order. */
  groups?: PartialGroups;
  /** A part of the first rows of an order: those rows, in that order. */
  rows?: RowData[];
  warnings: string[];
  /** Events of the part whose fields could not be discovered (too deep). */
  tooDeep: number;
  /** Whether the part's own first rows already left some out for the row cap. */
  capped: boolean;
  /** Lines of the part read as (or almost as) a vended text format, by stream. */
  formats: StreamCounts[];
}

/**
 * Runs `plan` (a plan of its own: its match counter counts across the parts it runs) over one
 * part; `onProgress` gets the part's statistics so far every `PART_PROGRESS_EVERY` events;
 * `floor`, the default order's floor the run's threads share.
 */
export async function runPart(
  plan: Plan,
  readPart: ReadPart,
  part: unknown,
  options: ReadOptions,
  onProgress: (read: ReadStatistics, matched: number) => void,
  floor?: TimeFloor,
): Promise<PartResult> {
  const partial = plan.partial!;
  const matchedBefore = plan.counter.matched;
  const tooDeepBefore = plan.counter.tooDeep;
  let stages: StageFactory[];
  let stats: ReturnType<typeof partialStats> | undefined;
  if (partial.kind === "stats") {
    const groups = (stats = partialStats(partial.spec));
    stages = [...plan.stages.slice(0, partial.at), streaming(() => ({ push: (row) => groups.push(row), end: () => {} }))];
  } else stages = plan.stages.slice(0, partial.at + 1);
  const pipeline = new Pipeline(stages, { stop: false, floor });
  const read: ReadStatistics = { recordsScanned: 0, bytesScanned: 0 };
  const warnings: string[] = [];
  let seq = 0;
  const breather = new Breather();
  const flow = stats && flowRecordsFor(plan, options, () => stats.idRows, (event) => pipeline.push(new Row(event, seq++, plan.counter)));
  for await (const batch of inBatches(readPart(part, flow ? { ...options, flowRecords: flow } : options, read, (m) => warnings.push(m)))) {
    const turn = breather.breathe(batch.length);
    if (turn) await turn;
    options.signal?.throwIfAborted();
    for (const event of batch) {
      pipeline.push(new Row(event, seq++, plan.counter));
      if (seq % PART_PROGRESS_EVERY === 0) onProgress({ ...read }, plan.counter.matched - matchedBefore);
    }
    if (flow?.progressDue(PART_PROGRESS_EVERY)) onProgress({ ...read }, plan.counter.matched - matchedBefore);
  }
  const rows = pipeline.finish();
  const matched = plan.counter.matched - matchedBefore;
  // The default order's step left out the rows the threads' floor has passed (timeOrderStage):
  // most of a part read after the newest ones is not sent.
  const rowData = stats ? undefined : rows.map((r) => r.toData());
  const tooDeep = plan.counter.tooDeep - tooDeepBefore;
  const capped = plan.counter.capped;
  const formats = plan.counter.discovery?.tallies.take() ?? [];
  return stats
    ? { read, matched, groups: stats.groups(), warnings, tooDeep, capped, formats }
    : { read, matched, rows: rowData, warnings, tooDeep, capped, formats };
}
