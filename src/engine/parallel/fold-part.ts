/**
 * One part of a listing folded where it is read (`RunOptions.partFolds`, engine/parallel/fold.ts):
 * the part's rows, rendered as `onRows` would get them, go in scan order into a fold of the
 * part's own, and the part gives the fold's saved state instead of its rows.
 */
import type { PartFold } from "../api.js";
import type { ReadOptions, ReadPart, ReadStatistics } from "../source.js";
import type { Plan } from "../compile/plan.js";
import { inBatches } from "../source.js";
import { Pipeline } from "../commands/pipeline.js";
import { Row } from "../record.js";
import { Breather } from "../breather.js";
import { renderRows } from "../render-rows.js";
import { PART_PROGRESS_EVERY } from "./protocol.js";
import type { PartResult } from "./part.js";

export interface FoldedPart extends PartResult {
  saved: ReturnType<PartFold["save"]>;
}

/** Runs `plan` (a plan of its own: its match counter counts across the parts it runs) over one part into `fold`. */
export async function runFoldPart(
  plan: Plan,
  readPart: ReadPart,
  part: unknown,
  options: ReadOptions,
  fold: PartFold,
  numberColumns: readonly string[] | undefined,
  onProgress: (read: ReadStatistics, matched: number) => void,
): Promise<FoldedPart> {
  const matchedBefore = plan.counter.matched;
  const tooDeepBefore = plan.counter.tooDeep;
  const pipeline = new Pipeline(plan.stages);
  const read: ReadStatistics = { recordsScanned: 0, bytesScanned: 0 };
  const warnings: string[] = [];
  const matched = (): number => plan.counter.matched - matchedBefore;
  let seq = 0;
  const breather = new Breather();
  for await (const batch of inBatches(readPart(part, options, read, (m) => warnings.push(m)))) {
    const turn = breather.breathe(batch.length);
    if (turn) await turn;
    options.signal?.throwIfAborted();
    for (const event of batch) {
      pipeline.push(new Row(event, seq++, plan.counter));
      if (seq % PART_PROGRESS_EVERY === 0) onProgress({ ...read }, matched());
    }
    const ready = pipeline.take();
    if (ready.length > 0) fold.push(renderRows(plan, ready, numberColumns));
  }
  const last = pipeline.finish();
  if (last.length > 0) fold.push(renderRows(plan, last, numberColumns));
  const formats = plan.counter.discovery?.tallies.take() ?? [];
  return { read, matched: matched(), warnings, tooDeep: plan.counter.tooDeep - tooDeepBefore, capped: false, formats, saved: fold.save() };
}
