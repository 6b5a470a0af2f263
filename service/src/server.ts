import Fastify from "fastify";
import type pg from "pg";
import taskOverflow, { type AppState, fastifyOptions } from "./app.js";
import { createChaos } from "./chaos.js";
import type { Config } from "./config.js";
import { DbAvailability } from "./db/availability.js";
import { type EmbeddedDb, startEmbedded } from "./db/embedded.js";
import { migrate } from "./db/migrate.js";
import { type PoolTarget, createPool, describeHost } from "./db/pool.js";
import { createDb } from "./db/query.js";
import { createTodosRepository } from "./db/todos-repository.js";
import { ensurePortFree, listenError } from "./listen-check.js";
import { CloudWatchShipper } from "./logging/cloudwatch-shipper.js";
import { type AppLogger, type LogOutput, buildLogOutput, createLogger } from "./logging/logger.js";

export interface RunningService {
  /** e.g. http://127.0.0.1:6400 */
  url: string;
  port: number;
  log: AppLogger;
  /** Stop accepting, drain in-flight requests (bounded), close the pool, flush the logs. */
  stop(reason: string): Promise<void>;
}

export interface StartOptions {
  /** Replaces stdout/LOG_FILE (tests capture lines this way). */
  output?: LogOutput;
  /**
   * A signal that arrives while the service starts: the start stops at its next step, undoes
   * what it did (the embedded Postgres is stopped) and rejects with StartAbortedError.
   */
  signal?: AbortSignal;
}

/** The start was given up because `StartOptions.signal` was aborted; everything it started is stopped. */
export class StartAbortedError extends Error {
  constructor() {
    super("the start was interrupted");
    this.name = "StartAbortedError";
  }
}

/** Builds and starts the whole service for a validated config. */
export async function startServer(config: Config, options: StartOptions = {}): Promise<RunningService> {
  const checkAborted = () => {
    if (options.signal?.aborted) throw new StartAbortedError();
  };
  checkAborted();
  // Before the slow work (initdb, Postgres, migrations: seconds): a port that is taken fails now.
  await ensurePortFree(config.host, config.port);
  checkAborted();
  const output = options.output ?? buildLogOutput(config);
  // The optional CloudWatch shipper is one more stream; it reports dropped lines through the log.
  const shipper = config.cloudwatch
    ? new CloudWatchShipper({ ...config.cloudwatch, onError: (m) => void process.stderr.write(`${m}\n`) })
    : undefined;
  if (shipper) output.streams.push(shipper);
  const log = createLogger(config, output);
  shipper?.reportDropsTo((dropped) =>
    log.warn("app", { event: "cloudwatch_lines_dropped", dropped }, `${dropped} log lines were dropped instead of sent to CloudWatch`),
  );

  let embedded: EmbeddedDb | undefined;
  let target: PoolTarget;
  if (config.db.kind === "embedded") {
    embedded = await startEmbedded({
      dataDir: config.db.dataDir,
      port: config.db.port,
      // A Ctrl-C in the service's terminal is for the service: it drains the requests in flight,
      // then stops Postgres. Sent to Postgres as well, it shut down under those requests. (A
      // service killed outright leaves it running: the next start stops it, orphan.ts.)
      detached: true,
      onNotice: (text) => void process.stderr.write(`taskoverflow: ${text}\n`),
    });
    target = { host: embedded.host, port: embedded.port, user: embedded.user, password: embedded.password, database: embedded.database };
  } else {
    const { kind: _kind, ...rest } = config.db;
    target = rest;
  }

  const pool: pg.Pool = createPool(target, config);
  const availability = new DbAvailability(pool, log);
  // Idle clients whose server went away emit 'error' on the pool; without a listener that kills the process.
  pool.on("error", (err) => availability.markDown(err));
  const db = createDb(pool, log, (err) => availability.markDown(err));
  const state: AppState = { inFlight: 0, handlers: 0, closing: false };

  const app = Fastify({ ...fastifyOptions, connectionTimeout: 0, keepAliveTimeout: 72_000 });
  try {
    checkAborted();
    await migrate(db);
    checkAborted();
    await app.register(taskOverflow, { log, db, todos: createTodosRepository(db), availability, chaos: createChaos(config.chaos, log), state });
    await app.listen({ port: config.port, host: config.host }).catch(async (err: unknown) => {
      throw await listenError(err, config.host, config.port);
    });
    checkAborted();
  } catch (err) {
    availability.stop();
    await app.close().catch(() => undefined);
    await pool.end().catch(() => undefined);
    await embedded?.stop().catch(() => undefined);
    log.flush();
    await shipper?.close();
    throw err;
  }

  const address = app.server.address();
  const port = typeof address === "object" && address ? address.port : config.port;
  log.info(
    "app",
    {
      event: "service_started",
      port,
      db_host: config.db.kind === "embedded" ? `embedded 127.0.0.1:${embedded?.port}` : describeHost(target),
      db_pool_max: config.dbPoolMax,
      node_version: process.version,
      chaos: config.chaos.enabled,
    },
    `TaskOverflow listening on port ${port}`,
  );

  let stopping: Promise<void> | undefined;
  const stop = (reason: string) =>
    (stopping ??= (async () => {
      state.closing = true;
      log.info("app", { event: "service_stopping", reason, in_flight: state.inFlight }, `stopping: ${reason}`);
      // close() stops accepting and waits for in-flight requests; bound it so a hung client
      // cannot keep the process alive.
      const deadline = performance.now() + config.shutdownTimeoutMs;
      const drained = app.close();
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<void>((resolve) => {
        timer = setTimeout(() => {
          app.server.closeAllConnections();
          resolve();
        }, config.shutdownTimeoutMs);
      });
      await Promise.race([drained, timeout]);
      clearTimeout(timer);
      // Connections can all be gone while handlers of abandoned requests still run; they need the pool.
      while (state.handlers > 0 && performance.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      availability.stop();
      await pool.end().catch(() => undefined);
      await embedded?.stop().catch(() => undefined);
      log.flush();
      await shipper?.close();
    })());

  const host = config.host === "0.0.0.0" || config.host === "::" ? "127.0.0.1" : config.host;
  return { url: `http://${host}:${port}`, port, log, stop };
}
