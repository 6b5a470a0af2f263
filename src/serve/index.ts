import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { OFFLINE_ACCOUNT_ID } from "../engine/record.js";
import type { ServeContext } from "./context.js";
import { loadEngine, type EngineLink } from "./engine-link.js";
import { FaultInjector, NO_FAULTS, parseFaults, type Faults } from "./faults.js";
import { createHandler, isLoopbackName, type RequestLogEntry } from "./protocol.js";
import { QueryDefinitions } from "./query-definitions.js";
import { inThreadRunner } from "./query-runner.js";
import { ServeLookupTables } from "./lookup-tables.js";
import { QueryTable } from "./query-table.js";
import { workerRunner } from "./worker-pool.js";
import { Store } from "./store.js";

/**
 * `tolog serve` as a library: a CloudWatch Logs endpoint on localhost that stores events in a
 * directory and answers Logs Insights queries with tolog's engine.
 *
 *   const server = await startServer({ dir, port: 0 });
 *   const client = new CloudWatchLogsClient({ endpoint: server.url, region: "us-east-1", credentials });
 *   ...
 *   await server.close();
 */
export interface ServeOptions {
  /** The store directory (created if missing). */
  dir: string;
  /** 0 (the default) picks a free port. */
  port?: number;
  /** Defaults to 127.0.0.1: the endpoint checks no signatures, so it stays on loopback unless told. */
  host?: string;
  /** Fault injection: the `--inject` text (`throttle=0.2,latency=300ms,...`) or its parsed form. */
  inject?: string | Partial<Faults>;
  /** Scheduled + Running queries at once (CloudWatch: 100 per account). */
  /** Rows of finished queries' results kept for GetQueryResults, all told (QueryTableOptions.keepRows). */
  keptResultRows?: number;
  maxConcurrentQueries?: number;
  /** A query still running this long after it started running ends as Timeout (CloudWatch: 60 minutes). */
  queryTimeoutMs?: number;
  /** Called after every answered request, with its parsed body. */
  onRequest?: (entry: RequestLogEntry) => void;
  /** Where unexpected failures are described (default: stderr). */
  log?: (line: string) => void;
  /** The clock (epoch ms) for ingestion times and PutLogEvents' age limits. */
  now?: () => number;
  /**
   * The engine that checks queries (and runs them, when given: tests pass their own, which then
   * runs in this thread). Default: tolog's engine, loaded on the first query.
   */
  engine?: () => Promise<EngineLink>;
  /** Threads that run queries at once (default: one per core); the rest wait, Scheduled. */
  queryThreads?: number;
  /** URL of the module whose `runQuery` the query threads call (tests); default tolog's engine. */
  engineModule?: string;
}

export interface RunningServer {
  /** `http://127.0.0.1:<port>`: what `endpoint` / `--endpoint-url` take. */
  url: string;
  port: number;
  host: string;
  /** Every request answered so far (without bodies), oldest first; the last 10,000 are kept. */
  requests: RequestLogEntry[];
  faults: Faults;
  close(): Promise<void>;
}

export { DEFAULT_PORT } from "./default-port.js";
export const DEFAULT_MAX_CONCURRENT_QUERIES = 100;
/** Requests kept in `requests`; older ones are dropped so a long-lived endpoint stays small. */
const REQUEST_LOG_SIZE = 10_000;

export async function startServer(options: ServeOptions): Promise<RunningServer> {
  const faults: Faults =
    typeof options.inject === "string" ? parseFaults(options.inject) : { ...NO_FAULTS, ...options.inject };
  const now = options.now ?? Date.now;
  const log = options.log ?? ((line: string) => process.stderr.write(line + "\n"));
  const store = await Store.open(options.dir, { log });
  try {
    return await serve(options, faults, now, log, store);
  } catch (error) {
    await store.close();
    throw error;
  }
}

async function serve(
  options: ServeOptions,
  faults: Faults,
  now: () => number,
  log: (line: string) => void,
  store: Store,
): Promise<RunningServer> {
  const lookupTables = await ServeLookupTables.open(options.dir);
  const engine = options.engine ?? loadEngine;
  const runner = options.engine
    ? inThreadRunner(options.engine)
    : (workerRunner({
        ...(options.queryThreads !== undefined ? { threads: options.queryThreads } : {}),
        ...(options.engineModule !== undefined ? { engineModule: options.engineModule } : {}),
      }) ?? inThreadRunner(engine));
  const queries = new QueryTable({
    store,
    runner,
    lookups: lookupTables,
    maxConcurrent: options.maxConcurrentQueries ?? DEFAULT_MAX_CONCURRENT_QUERIES,
    queryTimeMs: faults.queryTimeMs,
    timeoutMs: options.queryTimeoutMs ?? 60 * 60_000,
    keepFinished: 1000,
    keepRows: options.keptResultRows ?? 200_000,
    now,
  });
  const ctx: ServeContext = {
    store,
    queries,
    definitions: await QueryDefinitions.open(options.dir),
    lookupTables,
    engine,
    accountId: OFFLINE_ACCOUNT_ID,
    now,
  };
  const requests: RequestLogEntry[] = [];
  const host = options.host ?? "127.0.0.1";
  const handler = createHandler({
    ctx,
    loopbackOnly: isLoopbackName(host.toLowerCase()),
    faults: new FaultInjector(faults),
    log,
    onRequest: (entry) => {
      // The log keeps no bodies (a PutLogEvents body can be 1 MB); onRequest sees them.
      const { body: _body, ...kept } = entry;
      requests.push(kept);
      if (requests.length > REQUEST_LOG_SIZE) requests.splice(0, requests.length - REQUEST_LOG_SIZE);
      options.onRequest?.(entry);
    },
  });
  const server = createServer((req, res) => void handler(req, res));
  // SDK clients keep connections alive; do not let an idle one hold close() up.
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  runner.warm?.();
  const urlHost = host.includes(":") ? `[${host}]` : host === "0.0.0.0" ? "127.0.0.1" : host;
  return {
    url: `http://${urlHost}:${port}`,
    port,
    host,
    requests,
    faults,
    close: async () => {
      await queries.close();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await store.close();
    },
  };
}

export type { RequestLogEntry } from "./protocol.js";
export type { Faults } from "./faults.js";
export { parseFaults } from "./faults.js";
