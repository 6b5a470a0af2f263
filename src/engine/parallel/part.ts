/**
 * One part of a source aggregated up to the plan's first stats, with partial accumulators: what
 * a worker does with each part it is given, and the main thread with each it takes after its own.
 */
import type { ReadOptions, ReadPart, ReadStatistics } from "../source.js";
import type { Plan } from "../compile/plan.js";
import type { PartialGroup } from "../commands/stats.js";
import { inBatches } from "../source.js";
import { Pipeline } from "../commands/pipeline.js";
import { streaming } from "../commands/stage.js";
import { partialStats } from "../commands/stats.js";
import { Row } from "../record.js";
import { PART_PROGRESS_EVERY } from "./protocol.js";

export interface PartResult {
  read: ReadStatistics;
  matched: number;
  groups: PartialGroup[];
  warnings: string[];
}

/**
 * Runs `plan` (a plan of its own: its match counter counts across the parts it runs) over one
 * part; `onProgress` gets the part's statistics so far every `PART_PROGRESS_EVERY` events.
 */
export async function aggregatePart(
  plan: Plan,
  readPart: ReadPart,
  part: unknown,
  options: ReadOptions,
  onProgress: (read: ReadStatistics, matched: number) => void,
): Promise<PartResult> {
  const partial = plan.partial!;
  const matchedBefore = plan.counter.matched;
  const stats = partialStats(partial.spec);
  const sink = streaming(() => ({ push: (row) => stats.push(row), end: () => {} }));
  const pipeline = new Pipeline([...plan.stages.slice(0, partial.at), sink]);
  const read: ReadStatistics = { recordsScanned: 0, bytesScanned: 0 };
  const warnings: string[] = [];
  let seq = 0;
  for await (const batch of inBatches(readPart(part, options, read, (m) => warnings.push(m)))) {
    options.signal?.throwIfAborted();
    for (const event of batch) {
      pipeline.push(new Row(event, seq++));
      if (seq % PART_PROGRESS_EVERY === 0) onProgress({ ...read }, plan.counter.matched - matchedBefore);
    }
  }
  pipeline.finish();
  return { read, matched: plan.counter.matched - matchedBefore, groups: stats.groups(), warnings };
}
