import { chmodSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { type Config, loadConfig } from "../src/config.js";
import { type EmbeddedDb, startEmbedded } from "../src/db/embedded.js";
import type { LogOutput } from "../src/logging/logger.js";
import { type RunningService, startServer } from "../src/server.js";

/** One real Postgres per test file: DATABASE_URL when given, else an embedded cluster in a temp dir. */
export interface TestDb {
  target: { host: string; port: number; user: string; password: string; database: string } | { connectionString: string };
  /** The password, so tests can assert it never reaches a log line. */
  secret: string;
  pool: pg.Pool;
  embedded?: EmbeddedDb;
  dataDir?: string;
  close(): Promise<void>;
}

export async function startTestDb(): Promise<TestDb> {
  const url = process.env.DATABASE_URL;
  if (url) {
    const pool = new pg.Pool({ connectionString: url, max: 2 });
    return { target: { connectionString: url }, secret: new URL(url).password || "\u0000none", pool, close: () => pool.end() };
  }
  const dir = mkdtempSync(path.join(os.tmpdir(), "taskoverflow-test-"));
  // mkdtemp makes it 0700; as root, Postgres runs as the postgres user, which must reach the data.
  chmodSync(dir, 0o755);
  const dataDir = path.join(dir, "pg");
  const embedded = await startEmbedded({ dataDir, port: 0 });
  const target = { host: embedded.host, port: embedded.port, user: embedded.user, password: embedded.password, database: embedded.database };
  const pool = new pg.Pool({ ...target, max: 2 });
  pool.on("error", () => undefined);
  const db: TestDb = {
    target,
    secret: embedded.password,
    pool,
    embedded,
    dataDir,
    // The pool and the cluster a test put in their place (one that restarts the database) are
    // the ones to stop; a cluster left running would outlive the test run, its data removed.
    async close() {
      await db.pool.end().catch(() => undefined);
      await db.embedded?.stop();
      rmSync(path.dirname(dataDir), { recursive: true, force: true });
    },
  };
  return db;
}

/** Captures every line the service writes, parsed, in order. */
export function captureOutput(): LogOutput & { lines: string[]; records(): Record<string, unknown>[] } {
  const lines: string[] = [];
  return {
    lines,
    streams: [{ write: (chunk: string) => void lines.push(...chunk.split("\n").filter((l) => l.length > 0)) }],
    flush: () => undefined,
    records: () => lines.map((l) => JSON.parse(l) as Record<string, unknown>),
  };
}

export function testConfig(db: TestDb, env: Record<string, string> = {}): Config {
  const base = loadConfig({ PORT: "0", HOST: "127.0.0.1", LOG_LEVEL: "debug", SHUTDOWN_TIMEOUT_MS: "5000", ...env });
  return { ...base, db: { kind: "external", ...db.target } };
}

export async function startTestService(db: TestDb, env: Record<string, string> = {}) {
  const out = captureOutput();
  const service: RunningService = await startServer(testConfig(db, env), { output: out });
  return { service, out };
}

export async function resetTodos(db: TestDb): Promise<void> {
  await db.pool.query("TRUNCATE todos RESTART IDENTITY");
}

/** Polls until `probe` returns a value (bounded), for events that happen after a response. */
export async function eventually<T>(probe: () => T | undefined, what: string, tries = 100, everyMs = 50): Promise<T> {
  for (let i = 0; i < tries; i++) {
    const v = probe();
    if (v !== undefined) return v;
    await new Promise((r) => setTimeout(r, everyMs));
  }
  throw new Error(`gave up waiting for ${what}`);
}

export async function json(res: Response): Promise<unknown> {
  return JSON.parse(await res.text());
}
