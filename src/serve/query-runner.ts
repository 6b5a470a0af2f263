import type { QueryProgress, QueryResult } from "../engine/api.js";
import type { EngineLink } from "./engine-link.js";
import type { StoreSnapshot } from "./store.js";
import { tablesOfBodies } from "./lookup-tables.js";
import { storeSource } from "./store-source.js";

/**
 * Where a StartQuery's query runs. The endpoint's own thread must stay free to answer
 * PutLogEvents, StopQuery and everything else whatever the queries do, so queries run on
 * worker threads (`worker-pool.ts`); a run there can be stopped wherever it is. In this thread
 * (`inThreadRunner`) only where no compiled worker exists (under vitest) or a test passes its
 * own engine.
 */
export interface QueryJob {
  queryString: string;
  options: { start: number; end: number; limit?: number; groups: { names: string[] }; now: number };
  /** The stream files as far as they were acknowledged when the query started. */
  snapshot: StoreSnapshot;
  /** The lookup tables' CSV by name when the query may read them (`lookup`, `cidrlookup`). */
  lookupTables?: Record<string, string>;
  /** Fault injection `query-time`: how long the scan is made to take. */
  paceMs: number;
}

export interface QueryRun {
  /** Resolves once the query runs: a thread took it and has the engine (Scheduled until then). */
  started: Promise<void>;
  result: Promise<QueryResult>;
  /** Statistics so far and the partial rows (those of a thread are as fresh as its last report). */
  progress(): QueryProgress | undefined;
  /** Ends the run where it is; `result` then never settles. */
  stop(): void;
}

export interface QueryRunner {
  start(job: QueryJob): QueryRun;
  /** Gets ready for the first query in the background (a thread, the engine loaded). */
  warm?(): void;
  close(): Promise<void>;
}

/** Runs queries in the endpoint's own thread, with the engine given. */
export function inThreadRunner(engine: () => Promise<EngineLink>): QueryRunner {
  return {
    start(job) {
      const abort = new AbortController();
      let progress: QueryProgress | undefined;
      const result = (async () => {
        const link = await engine();
        return link.runQuery(job.queryString, storeSource(job.snapshot, { paceMs: job.paceMs }), {
          ...job.options,
          ...(job.lookupTables ? { lookups: tablesOfBodies(job.lookupTables) } : {}),
          signal: abort.signal,
          onProgress: (p) => {
            progress = p;
          },
        });
      })();
      return {
        started: Promise.resolve(),
        result,
        progress: () => progress,
        stop: () => {
          result.catch(() => undefined);
          abort.abort();
        },
      };
    },
    close: async () => undefined,
  };
}
