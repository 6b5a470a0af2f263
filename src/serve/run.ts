import { parseFaults, type Faults } from "./faults.js";
import { DEFAULT_MAX_CONCURRENT_QUERIES, startServer, type RunningServer } from "./index.js";
import { StoreLockedError } from "./store-lock.js";

/**
 * `tolog serve` without the CLI frame: start the endpoint, tell the user how to point clients
 * at it, run until `until` settles, stop. Expected failures are thrown as `ServeProblem`, which
 * the command turns into a UserError.
 */
export interface ServeRequest {
  port: number;
  host: string;
  dir: string;
  inject?: string;
  maxQueries?: number;
  logRequests?: boolean;
}

export interface ServeOutput {
  /** Results: the export lines, so `tolog serve > endpoint.env` keeps them. */
  print(text: string): void;
  /** People: notices and the request log, on stderr. */
  info(text: string): void;
}

export class ServeProblem extends Error {
  constructor(
    message: string,
    readonly hint: string,
  ) {
    super(message);
  }
}

const LOOPBACK = new Set(["127.0.0.1", "localhost", "::1"]);

export async function runServe(request: ServeRequest, out: ServeOutput, until: Promise<unknown>): Promise<void> {
  let faults: Faults;
  try {
    faults = parseFaults(request.inject);
  } catch (error) {
    throw new ServeProblem((error as Error).message, "Example: --inject throttle=0.2,latency=300ms,fail=0.05,query-time=2s");
  }
  const maxQueries = request.maxQueries ?? DEFAULT_MAX_CONCURRENT_QUERIES;
  if (!Number.isInteger(maxQueries) || maxQueries < 1) {
    throw new ServeProblem(`--max-queries ${maxQueries} is not a positive whole number.`, "Example: --max-queries 10");
  }
  let server: RunningServer;
  try {
    server = await startServer({
      port: request.port,
      host: request.host,
      dir: request.dir,
      inject: faults,
      maxConcurrentQueries: maxQueries,
      log: (line) => out.info(line),
      ...(request.logRequests
        ? { onRequest: (e) => out.info(`${new Date(e.time).toISOString()} ${e.operation} ${e.status}${e.error ? ` ${e.error}` : ""}`) }
        : {}),
    });
  } catch (error) {
    if (error instanceof StoreLockedError) throw new ServeProblem(error.message, error.hint);
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "EADDRINUSE") {
      throw new ServeProblem(`Port ${request.port} on ${request.host} is already in use.`, "Pick another with --port, or --port 0 for any free port.");
    }
    if (code === "EACCES" || code === "EPERM") {
      throw new ServeProblem(`Cannot write or listen: ${(error as Error).message}`, "Check --dir and --port.");
    }
    throw error;
  }
  out.info(`tolog serve: CloudWatch Logs endpoint at ${server.url}, storing events in ${request.dir}`);
  out.info("Requests need a SigV4 signature with any credentials; signatures are NOT checked. Do not expose this port.");
  if (!LOOPBACK.has(request.host)) out.info(`Listening on ${request.host}: reachable from other machines.`);
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

function describeFaults(faults: Faults): string {
  const parts: string[] = [];
  if (faults.throttle > 0) parts.push(`throttle ${faults.throttle}`);
  if (faults.fail > 0) parts.push(`fail ${faults.fail}`);
  if (faults.latencyMs > 0) parts.push(`latency ${faults.latencyMs}ms`);
  if (faults.queryTimeMs > 0) parts.push(`query time ${faults.queryTimeMs}ms`);
  return parts.join(", ");
}
