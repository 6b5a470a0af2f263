import { existsSync } from "node:fs";
import { availableParallelism } from "node:os";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import type { QueryResult, QueryStatistics, ResultRow } from "../engine/api.js";
import type { QueryJob, QueryRun, QueryRunner } from "./query-runner.js";
import type { WorkerReply, WorkerRequest } from "./worker-protocol.js";

/**
 * Queries on worker threads, at most `threads` at once (the rest stay Scheduled, as on
 * CloudWatch): the endpoint's thread only hands out jobs and takes results, so it answers
 * every other request at once however heavy the queries are. A thread runs one query at a
 * time and is kept for the next; stopping a running query ends its thread there and then
 * (a scan, a sort, a regex, wherever it is), and a new thread takes the next query.
 */
export interface WorkerRunnerOptions {
  /** Default: one per core. */
  threads?: number;
  /** The module whose `runQuery` the threads call (default: tolog's engine). */
  engineModule?: string;
}

/** The compiled worker next to this module; none when running from the TypeScript sources. */
function workerUrl(): URL | undefined {
  if (!import.meta.url.endsWith(".js")) return undefined;
  const url = new URL("./query-worker.js", import.meta.url);
  return existsSync(fileURLToPath(url)) ? url : undefined;
}

/** A runner on worker threads, or undefined where there is no compiled worker (under vitest). */
export function workerRunner(options: WorkerRunnerOptions = {}): QueryRunner | undefined {
  const url = workerUrl();
  if (!url) return undefined;
  const threads = Math.max(1, options.threads ?? availableParallelism());
  return new WorkerPool(url, threads, options.engineModule);
}

interface Pending {
  job: QueryJob;
  rowsWanted: SharedArrayBuffer;
  statistics?: QueryStatistics;
  rows: ResultRow[];
  markStarted(): void;
  resolve(result: QueryResult): void;
  reject(error: Error): void;
}

class WorkerPool implements QueryRunner {
  private readonly idle: Worker[] = [];
  private readonly running = new Map<Worker, Pending>();
  private readonly queue: Pending[] = [];
  private closed = false;

  constructor(
    private readonly url: URL,
    private readonly threads: number,
    private readonly engineModule: string | undefined,
  ) {}

  start(job: QueryJob): QueryRun {
    let markStarted!: () => void;
    const started = new Promise<void>((resolve) => (markStarted = resolve));
    let resolve!: (result: QueryResult) => void;
    let reject!: (error: Error) => void;
    const result = new Promise<QueryResult>((res, rej) => {
      resolve = res;
      reject = rej;
    });
    const pending: Pending = { job, rowsWanted: new SharedArrayBuffer(4), rows: [], markStarted, resolve, reject };
    this.queue.push(pending);
    this.pump();
    return {
      started,
      result,
      progress: () => {
        if (!pending.statistics) return undefined;
        const statistics = pending.statistics;
        return {
          statistics,
          partialRows: () => {
            // The thread sends fresh rows with its next progress report.
            Atomics.store(new Int32Array(pending.rowsWanted), 0, 1);
            return pending.rows;
          },
        };
      },
      stop: () => this.stop(pending),
    };
  }

  /** Starts one thread and loads the engine in it, so that the first query does not wait for both. */
  warm(): void {
    if (this.closed || this.idle.length + this.running.size > 0) return;
    const worker = this.spawn();
    worker.unref();
    this.idle.push(worker);
    worker.postMessage({ engineModule: this.engineModule } satisfies WorkerRequest);
  }

  async close(): Promise<void> {
    this.closed = true;
    this.queue.length = 0;
    const workers = [...this.idle, ...this.running.keys()];
    this.idle.length = 0;
    this.running.clear();
    await Promise.all(workers.map((w) => w.terminate()));
  }

  private pump(): void {
    while (!this.closed && this.queue.length > 0) {
      let worker = this.idle.pop();
      if (!worker) {
        if (this.running.size >= this.threads) return;
        worker = this.spawn();
      }
      const pending = this.queue.shift()!;
      this.running.set(worker, pending);
      worker.ref();
      const request: WorkerRequest = { job: pending.job, engineModule: this.engineModule, rowsWanted: pending.rowsWanted };
      worker.postMessage(request);
    }
  }

  private spawn(): Worker {
    const worker = new Worker(this.url);
    worker.on("message", (reply: WorkerReply) => this.receive(worker, reply));
    worker.on("error", (error) => this.lost(worker, `the query's thread failed: ${error.message}`));
    worker.on("exit", (code) => this.lost(worker, `the query's thread ended (exit code ${code})`));
    return worker;
  }

  private receive(worker: Worker, reply: WorkerReply): void {
    const pending = this.running.get(worker);
    if (!pending) return;
    if (reply.type === "started") {
      pending.markStarted();
      return;
    }
    if (reply.type === "progress") {
      pending.statistics = reply.statistics;
      if (reply.rows) pending.rows = reply.rows;
      return;
    }
    this.running.delete(worker);
    worker.unref(); // an idle thread does not keep the process alive
    this.idle.push(worker);
    if (reply.type === "done") pending.resolve(reply.result);
    else pending.reject(new Error(reply.message));
    this.pump();
  }

  /** A thread that failed or ended: its query fails, and another thread takes the next one. */
  private lost(worker: Worker, why: string): void {
    const at = this.idle.indexOf(worker);
    if (at >= 0) this.idle.splice(at, 1);
    const pending = this.running.get(worker);
    this.running.delete(worker);
    pending?.reject(new Error(why));
    this.pump();
  }

  private stop(pending: Pending): void {
    const queued = this.queue.indexOf(pending);
    if (queued >= 0) {
      this.queue.splice(queued, 1);
      return;
    }
    for (const [worker, running] of this.running) {
      if (running !== pending) continue;
      this.running.delete(worker);
      void worker.terminate();
      this.pump();
      return;
    }
  }
}
