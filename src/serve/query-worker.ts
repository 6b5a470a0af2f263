/**
 * A query thread of `tolog serve` (see worker-pool.ts): runs one query at a time over the
 * store's files, reports its progress, and hands the result back. The endpoint ends the thread
 * to stop a query, wherever it is.
 */
import { parentPort } from "node:worker_threads";
import type { RunQuery } from "../engine/api.js";
import { tablesOfBodies } from "./lookup-tables.js";
import { storeSource } from "./store-source.js";
import type { WorkerReply, WorkerRequest } from "./worker-protocol.js";

const port = parentPort!;
const engines = new Map<string, Promise<{ runQuery: RunQuery }>>();

function post(reply: WorkerReply): void {
  port.postMessage(reply);
}

port.on("message", (request: WorkerRequest) => void run(request));

async function run({ job, engineModule, rowsWanted }: WorkerRequest): Promise<void> {
  // tolog's engine by a static specifier, so that the bundle carries it as a chunk of this worker.
  const key = engineModule ?? "";
  let engine = engines.get(key);
  if (!engine) engines.set(key, (engine = (engineModule ? import(engineModule) : import("../engine/index.js")) as Promise<{ runQuery: RunQuery }>));
  if (!job || !rowsWanted) {
    await engine.catch(() => undefined); // loaded ahead of the first query; a failure shows then
    return;
  }
  try {
    const wanted = new Int32Array(rowsWanted);
    const { runQuery } = await engine;
    post({ type: "started" });
    const result = await runQuery(job.queryString, storeSource(job.snapshot, { paceMs: job.paceMs }), {
      ...job.options,
      ...(job.lookupTables ? { lookups: tablesOfBodies(job.lookupTables) } : {}),
      onProgress: (progress) => {
        // Partial rows cost a pass over the query's state: only when a GetQueryResults asked.
        const rows = Atomics.exchange(wanted, 0, 0) === 1 ? progress.partialRows() : undefined;
        post({ type: "progress", statistics: { ...progress.statistics }, ...(rows ? { rows } : {}) });
      },
    });
    post({ type: "done", result });
  } catch (error) {
    post({ type: "failed", message: error instanceof Error ? error.message : String(error) });
  }
}
