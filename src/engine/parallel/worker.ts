/**
 * A worker thread of engine/parallel: waits for its job (the first message: see workers.ts),
 * compiles the query once, then takes parts until none is left, running each up to the plan's
 * first blocking step (`Plan.partial`) and sending what it gave back; it ends when no part is left.
 */
import { parentPort, workerData } from "node:worker_threads";
import type { ReadPart, ReadOptions, ReadStatistics } from "../source.js";
import { takePart, type WorkerJob, type WorkerMessage, type WorkerStart } from "./protocol.js";
import { compilePlan, readOptionsFor } from "../run.js";
import type { Plan } from "../compile/plan.js";
import { runPart } from "./part.js";
import { runFoldPart } from "./fold-part.js";
import type { PartFold } from "../api.js";
import { transferables } from "../aggregates/packed-states.js";
import { SharedTimeFloor } from "./time-floor.js";
import { morselPipeline, readMorsels } from "./morsel-read.js";

const port = parentPort!;

function post(message: WorkerMessage, transfer: ArrayBuffer[] = []): void {
  port.postMessage(message, transfer);
}

async function work(job: WorkerJob): Promise<void> {
  const { plan, diagnostics } = compilePlan(job.text, job.options);
  if (diagnostics.length > 0 || plan.partial === undefined) throw new Error("the query cannot be run in parts");
  const options = readOptionsFor(plan, job.options);
  const { readPart } = (await import(job.module)) as { readPart: ReadPart };
  if (plan.partial.kind === "list") return fold(job, plan, options, readPart, job.fold!);
  if (job.morsels) return morsels(job, plan, options, readPart);
  const floor = new SharedTimeFloor(job.floor);
  for (let index = takePart(job.next, job.parts.length); index >= 0; index = takePart(job.next, job.parts.length)) {
    const result = await runPart(plan, readPart, job.parts[index], options, (read, matched) => post({ type: "progress", index, read, matched }), floor);
    post({ type: "done", index, ...result }, [...transferables(result.groups?.states ?? []), ...(result.groups?.keyIds ? [result.groups.keyIds.ids.buffer as ArrayBuffer] : [])]);
  }
}

/** A stats' morsels read into one table, whose groups are sent once no morsel is left (morsels.ts). */
async function morsels(job: WorkerJob, plan: Plan, options: ReadOptions, readPart: ReadPart): Promise<void> {
  const { pipeline, groups } = morselPipeline(plan);
  const onProgress = (index: number, read: ReadStatistics, matched: number): void => post({ type: "progress", index, read, matched });
  const thread = { plan, pipeline, at: plan.partial!.at, readPart, options, parts: job.parts, onProgress };
  await readMorsels(
    thread,
    () => takePart(job.next, job.parts.length),
    (index, result) => post({ type: "morsel", index, ...result }),
  );
  const found = groups();
  post({ type: "groups", groups: found }, [...transferables(found.states), ...[found.firsts, found.keyIds?.ids].flatMap((a) => (a ? [a.buffer as ArrayBuffer] : []))]);
}

/** A listing's parts folded where they are read: each part's fold's saved state sent (fold.ts). */
async function fold(job: WorkerJob, plan: Plan, options: ReadOptions, readPart: ReadPart, spec: NonNullable<WorkerJob["fold"]>): Promise<void> {
  const { partFold } = (await import(spec.module)) as { partFold: (args: unknown) => PartFold };
  for (let index = takePart(job.next, job.parts.length); index >= 0; index = takePart(job.next, job.parts.length)) {
    const { saved, ...result } = await runFoldPart(plan, readPart, job.parts[index], options, partFold(spec.args), spec.numberColumns, (read, matched) => post({ type: "progress", index, read, matched }));
    post({ type: "folded", index, state: saved.state, ...result }, saved.transfer);
  }
}

// No top-level await: the bundle runs this module as CommonJS (scripts/bundle-cjs.mjs), so that
// its code can come from the code cache. A failure is thrown as a top-level one was: the thread
// ends with an 'error' event.
port.once("message", (job: WorkerJob) =>
  work(job).catch((error: unknown) => process.nextTick(() => {
    throw error;
  })),
);
// The module the job will most likely read parts with, loaded while the job is on its way: a
// worker started with the process waits for it (1 GB `by sql`: the job came about 10 ms after
// the worker had loaded, and loading the part reader took about 18 ms more). A module that cannot
// be loaded is the job's to report, when the job names it.
const { preload } = (workerData ?? {}) as WorkerStart;
if (preload !== undefined) import(preload).catch(() => undefined);
