/**
 * A worker thread of engine/parallel: compiles the query once, then aggregates each part the
 * main thread hands it (up to the plan's first stats, with partial accumulators) and sends the
 * groups back, until told to stop.
 */
import { parentPort, workerData } from "node:worker_threads";
import type { ReadPart } from "../source.js";
import type { WorkerJob, WorkerMessage, WorkerRequest } from "./protocol.js";
import { compilePlan, readOptionsFor } from "../run.js";
import { aggregatePart } from "./part.js";

const port = parentPort!;
const job = workerData as WorkerJob;
const { plan, diagnostics } = compilePlan(job.text, job.options);
if (diagnostics.length > 0 || plan.partial === undefined) throw new Error("the query cannot be run in parts");
const { readPart } = (await import(job.module)) as { readPart: ReadPart };
const options = readOptionsFor(plan, job.options);

function post(message: WorkerMessage, transfer: ArrayBuffer[] = []): void {
  port.postMessage(message, transfer);
}

port.on("message", (request: WorkerRequest) => {
  if (request.type === "stop") {
    port.close();
    return;
  }
  const { index } = request;
  void aggregatePart(plan, readPart, request.part, options, (read, matched) => post({ type: "progress", index, read, matched })).then((result) => {
    const buffers: ArrayBuffer[] = [];
    for (const g of result.groups) for (const s of g.states) if (s instanceof Float64Array) buffers.push(s.buffer as ArrayBuffer);
    post({ type: "done", index, ...result }, buffers);
  });
});
post({ type: "ready" });
