/**
 * The worker threads of engine/parallel, and the one that may be started before it is known to
 * be needed (`startStandby`).
 *
 * A worker spends most of 0.15 s starting when it starts next to a scan that already runs (Node's
 * own modules for the thread, the engine, a cold JIT, both cores busy), and the main thread scans
 * alone meanwhile: on the 1 GB bench, `stats ... by sql` had its worker scan from 0.23 s where
 * the main thread scanned from 0.08 s, and the main thread waited for it at the end. A worker
 * started as the process starts, while the main thread loads the CLI, scans from about 0.11 s
 * (src/cli/prestart.ts decides when). So every worker starts without its job and waits for it as
 * its first message: a standby and a worker started when the parts are cut run the same way.
 */
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { Worker } from "node:worker_threads";
import { WORKER_RESOURCE_LIMITS } from "./threads.js";
import type { WorkerStart } from "./protocol.js";

/**
 * The compiled worker next to this module; none when running from the TypeScript sources
 * (under vitest), where the single-thread path runs.
 */
export function workerUrl(): URL | undefined {
  if (!import.meta.url.endsWith(".js")) return undefined;
  const url = new URL("./worker.js", import.meta.url);
  return existsSync(fileURLToPath(url)) ? url : undefined;
}

let standby: Worker | undefined;

/**
 * Starts a worker that waits for a job, for the next parts run to take (`takeWorker`); it keeps
 * the process from exiting only once taken. False when no compiled worker exists. `preload`: the
 * URL of the module its job will most likely name to read parts with (`WorkerJob.module`), which
 * it loads while it waits.
 */
export function startStandby(preload?: string): boolean {
  if (standby !== undefined) return true;
  const url = workerUrl();
  if (url === undefined) return false;
  const worker = startWorker(url, preload);
  if (worker === undefined) return false;
  worker.unref();
  worker.once("error", dropStandby);
  worker.once("exit", dropStandby);
  standby = worker;
  return true;
}

function dropStandby(this: Worker): void {
  if (standby === this) standby = undefined;
}

/** Whether a standby is started and not yet taken. */
export function standbyWaiting(): boolean {
  return standby !== undefined;
}

/**
 * A worker for a parts run, the standby when one waits, else one started now: it runs nothing
 * until its `WorkerJob` comes as its first message; undefined when no thread can be started.
 */
export function takeWorker(url: URL): Worker | undefined {
  const taken = standby;
  standby = undefined;
  if (taken === undefined) return startWorker(url);
  taken.off("error", dropStandby);
  taken.off("exit", dropStandby);
  taken.ref();
  return taken;
}

/**
 * A worker started now, or undefined where no thread can be started (`ERR_WORKER_INIT_FAILED`: a
 * container's process limit), which is no one's error: a run goes on with the threads it has.
 * Every worker gets the same limits, as a standby cannot know which job it will take: the
 * analyses' folds in parts (fold.ts) had V8's default young generation before (`races` over
 * 384 MB: 3.58-3.98 s before, 3.77-4.23 s after, within the noise of those runs).
 */
function startWorker(url: URL, preload?: string): Worker | undefined {
  // node:worker_threads is loaded here, when a worker starts: a query too small to split never loads it.
  const { Worker } = process.getBuiltinModule("node:worker_threads");
  try {
    // The process's own arguments, as a worker's `process.argv` would not have them: the code
    // cache marks what it stored by the command (src/cli/code-cache.ts), and a worker marking
    // the same file "other" made the next run store it again.
    return new Worker(url, { resourceLimits: WORKER_RESOURCE_LIMITS, argv: process.argv.slice(2), workerData: { preload } satisfies WorkerStart });
  } catch {
    return undefined;
  }
}
