import { existsSync, rmdirSync } from "node:fs";
import path from "node:path";
import type { Faults } from "./faults.js";
import { DEFAULT_MAX_CONCURRENT_QUERIES, startServer, type RunningServer } from "./index.js";
import { dirFrom, dirProblem, faultsFrom, hostFrom, listenProblem, maxQueriesFrom, portFrom, ServeProblem } from "./problems.js";
import { StoreLockedError } from "./store-lock.js";

/**
 * `tolog serve` without the CLI frame: start the endpoint, tell the user how to point clients
 * at it, run until `until` settles, stop. Expected failures are thrown as `ServeProblem`, which
 * the command turns into a UsageError (a value that cannot be read) or a UserError.
 */
export interface ServeRequest {
  /** As typed (`--port 4588`), or a number. */
  port: number | string;
  host: string;
  dir: string;
  inject?: string;
  maxQueries?: number | string;
  logRequests?: boolean;
}

export interface ServeOutput {
  /** Results: the export lines, so `tolog serve > endpoint.env` keeps them. */
  print(text: string): void;
  /** People: notices and the request log, on stderr. */
  info(text: string): void;
}

export { ServeProblem };

const LOOPBACK = new Set(["127.0.0.1", "localhost", "::1"]);

export async function runServe(request: ServeRequest, out: ServeOutput, until: Promise<unknown>): Promise<void> {
  const faults = faultsFrom(request.inject);
  const maxQueries = maxQueriesFrom(request.maxQueries, DEFAULT_MAX_CONCURRENT_QUERIES);
  const port = portFrom(request.port);
  const host = hostFrom(request.host);
  const dir = dirFrom(request.dir);
  const made = firstMissing(dir);
  let server: RunningServer;
  try {
    server = await startServer({
      port,
      host,
      dir,
      inject: faults,
      maxConcurrentQueries: maxQueries,
      log: (line) => out.info(line),
      ...(request.logRequests
        ? { onRequest: (e) => out.info(`${new Date(e.time).toISOString()} ${e.operation} ${e.status}${e.error ? ` ${e.error}` : ""}`) }
        : {}),
    });
  } catch (error) {
    if (made !== undefined) removeEmptyUpTo(dir, made);
    if (error instanceof StoreLockedError) throw new ServeProblem(error.message, error.hint);
    throw listenProblem(error, host, port) ?? dirProblem(error, dir) ?? error;
  }
  out.info(`tolog serve: CloudWatch Logs endpoint at ${server.url}, storing events in ${dir}`);
  out.info("Requests need a SigV4 signature with any credentials; signatures are NOT checked. Do not expose this port.");
  if (!LOOPBACK.has(host)) out.info(`Listening on ${host}: reachable from other machines.`);
  const injected = describeFaults(faults);
  if (injected) out.info(`Injected faults: ${injected}`);
  out.info("Point an AWS SDK or the AWS CLI at it (any credentials and region will do):");
  out.print(`export AWS_ENDPOINT_URL_CLOUDWATCH_LOGS=${server.url}`);
  out.info(`  e.g. aws logs describe-log-groups --endpoint-url ${server.url}`);
  out.info("Stop with Ctrl-C.");
  try {
    await until;
  } finally {
    await server.close();
  }
}

/** The highest directory on the way to `dir` that does not exist yet: what starting makes. */
function firstMissing(dir: string): string | undefined {
  let missing: string | undefined;
  for (let at = path.resolve(dir); !existsSync(at); at = path.dirname(at)) {
    missing = at;
    if (path.dirname(at) === at) break;
  }
  return missing;
}

/**
 * After a failed start (an address it cannot listen on), the directories it made for the store,
 * from `dir` up to `made`, as long as each is empty: a typo in --host left them behind.
 */
function removeEmptyUpTo(dir: string, made: string): void {
  for (let at = path.resolve(dir); ; at = path.dirname(at)) {
    try {
      rmdirSync(at);
    } catch {
      return; // not empty, or not ours to remove: kept
    }
    if (at === made || path.dirname(at) === at) return;
  }
}

function describeFaults(faults: Faults): string {
  const parts: string[] = [];
  if (faults.throttle > 0) parts.push(`throttle ${faults.throttle}`);
  if (faults.fail > 0) parts.push(`fail ${faults.fail}`);
  if (faults.latencyMs > 0) parts.push(`latency ${faults.latencyMs}ms`);
  if (faults.queryTimeMs > 0) parts.push(`query time ${faults.queryTimeMs}ms`);
  return parts.join(", ");
}
