/**
 * A worker thread of engine/parallel: reads one part of a source, runs the plan's row-wise
 * stages and aggregates the first stats with partial accumulators, and sends the groups back.
 */
import { parentPort, workerData } from "node:worker_threads";
import type { ReadPart, ReadStatistics } from "../source.js";
import { inBatches } from "../source.js";
import type { WorkerJob, WorkerMessage } from "./protocol.js";
import { PART_PROGRESS_EVERY } from "./protocol.js";
import { compilePlan, readOptionsFor } from "../run.js";
import { Pipeline } from "../commands/pipeline.js";
import { streaming } from "../commands/stage.js";
import { partialStats } from "../commands/stats.js";
import { Row } from "../record.js";

async function run(job: WorkerJob): Promise<void> {
  const port = parentPort!;
  const { plan, diagnostics } = compilePlan(job.text, job.options);
  const at = plan.partial?.at;
  if (diagnostics.length > 0 || at === undefined) throw new Error("the query cannot be run in parts");
  const stats = partialStats(plan.partial!.spec);
  const sink = streaming(() => ({ push: (row) => stats.push(row), end: () => {} }));
  const pipeline = new Pipeline([...plan.stages.slice(0, at), sink]);
  const { readPart } = (await import(job.module)) as { readPart: ReadPart };
  const read: ReadStatistics = { recordsScanned: 0, bytesScanned: 0 };
  const warnings: string[] = [];
  let seq = 0;
  for await (const batch of inBatches(readPart(job.part, readOptionsFor(plan, job.options), read, (m) => warnings.push(m)))) {
    for (const event of batch) {
      pipeline.push(new Row(event, seq++));
      if (seq % PART_PROGRESS_EVERY === 0) post(port, { type: "progress", read: { ...read }, matched: plan.counter.matched });
    }
  }
  pipeline.finish();
  const groups = stats.groups();
  const buffers: ArrayBuffer[] = [];
  for (const g of groups) for (const s of g.states) if (s instanceof Float64Array) buffers.push(s.buffer as ArrayBuffer);
  post(port, { type: "done", read: { ...read }, matched: plan.counter.matched, groups, warnings }, buffers);
}

function post(port: NonNullable<typeof parentPort>, message: WorkerMessage, transfer: ArrayBuffer[] = []): void {
  port.postMessage(message, transfer);
}

await run(workerData as WorkerJob);
