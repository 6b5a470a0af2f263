/**
 * One part of a listing (`Plan.partial` of kind `list`: every command row-wise, every row wanted
 * in scan order) run by a worker thread: its rows rendered as they come and sent in batches
 * (`ListBounds.batchRows`), each as flat texts (render-rows.ts). The main thread takes a part's
 * batches only once every part before it is through (engine/parallel/list.ts), so `send` may
 * wait for room: what a part holds is bounded by `ListBounds.heldBatches` batches, not by its size.
 */
import type { ReadOptions, ReadPart, ReadStatistics } from "../source.js";
import type { Plan } from "../compile/plan.js";
import { inBatches } from "../source.js";
import { Pipeline } from "../commands/pipeline.js";
import { Row } from "../record.js";
import { Breather } from "../breather.js";
import { renderFlat } from "../render-rows.js";
import type { PartResult } from "./part.js";
import type { ListBounds } from "./protocol.js";

/**
 * Whether a listing runs in parts (`TOLOG_LIST_IN_PARTS=1`; off by default), and how: rows per
 * batch a part sends, and batches of one part the main thread may hold before the part waits.
 * A part read ahead of its turn keeps at most 16,000 rows (a few MB of texts for the analyses'
 * queries); the part whose turn it is never waits long, as its batches are taken as they
 * arrive. `TOLOG_LIST_BOUNDS=rows,batches` sets others (the tests make both small).
 *
 * Off by default: on two cores it did not pay. The main thread still makes every row's texts
 * (from the workers' messages rather than from the bytes) and folds them, so its own time fell
 * little or not at all (`latency` over 200 MB: 4.6 s of main-thread CPU either way), while the
 * workers, the copies between threads and their garbage added half again to the CPU time.
 */
export function listBounds(env: NodeJS.ProcessEnv = process.env): ListBounds | undefined {
  if (env.TOLOG_LIST_IN_PARTS !== "1") return undefined;
  const [rows, batches] = (env.TOLOG_LIST_BOUNDS ?? "").split(",").map(Number);
  return {
    batchRows: Number.isInteger(rows) && rows > 0 ? rows : 2000,
    heldBatches: Number.isInteger(batches) && batches > 0 ? batches : 8,
  };
}

/** A part's batch of rows: `batchRows` rows (fewer for its last), flat, and its statistics so far. */
export type SendRows = (values: Array<string | null>, read: ReadStatistics, matched: number) => void;

/**
 * Runs `plan` (a plan of its own: its match counter counts across the parts it runs) over one
 * part, every row out of its stages rendered and sent; the result holds no rows.
 */
export async function runListPart(plan: Plan, readPart: ReadPart, part: unknown, options: ReadOptions, batchRows: number, send: SendRows): Promise<PartResult> {
  const matchedBefore = plan.counter.matched;
  const tooDeepBefore = plan.counter.tooDeep;
  const pipeline = new Pipeline(plan.stages);
  const read: ReadStatistics = { recordsScanned: 0, bytesScanned: 0 };
  const warnings: string[] = [];
  const matched = (): number => plan.counter.matched - matchedBefore;
  let values: Array<string | null> = [];
  let rows = 0;
  const flush = (): void => {
    if (rows === 0) return;
    send(values, { ...read }, matched());
    values = [];
    rows = 0;
  };
  let seq = 0;
  const breather = new Breather();
  for await (const batch of inBatches(readPart(part, options, read, (m) => warnings.push(m)))) {
    const turn = breather.breathe(batch.length);
    if (turn) await turn;
    options.signal?.throwIfAborted();
    for (const event of batch) pipeline.push(new Row(event, seq++, plan.counter));
    const ready = pipeline.take();
    if (ready.length === 0) continue;
    renderFlat(plan, ready, values);
    rows += ready.length;
    if (rows >= batchRows) flush();
  }
  const last = pipeline.finish();
  renderFlat(plan, last, values);
  rows += last.length;
  flush();
  const formats = plan.counter.discovery?.tallies.take() ?? [];
  return { read, matched: matched(), warnings, tooDeep: plan.counter.tooDeep - tooDeepBefore, capped: false, formats };
}
