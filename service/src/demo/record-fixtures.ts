import { createReadStream, createWriteStream, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { pipeline } from "node:stream/promises";
import { createGzip } from "node:zlib";
import pg from "pg";
import { freePort, removeEmbeddedData, startEmbedded } from "../db/embedded.js";
import { handleInterrupts, interruptedBy, onInterrupt, removeScratchDatabase, scratchDatabase } from "./interrupt.js";
import { runLoad, startServiceProcess } from "./processes.js";
import { PRACTICAL_LOAD } from "./scenario.js";

/**
 * Re-records fixtures/runs/<name>/: the service on a fresh embedded Postgres, one scenario run,
 * the log as the service wrote it (gzipped), and a manifest whose ground truth comes from the
 * client (the runner's summary) and from the database after the run, never from the logs.
 *
 *   npm run record-fixtures -w service [-- name ...]
 */
interface FixtureRun {
  name: string;
  description: string;
  serviceEnv: Record<string, string>;
  loadArgs: string[];
}

const COMMON = ["--duration", "60s", ...PRACTICAL_LOAD];

export const RUNS: FixtureRun[] = [
  {
    name: "corrected",
    description: "The practical's scenario with the k6 script corrected (request.json().id, template literal, 201 expected).",
    serviceEnv: {},
    loadArgs: [...COMMON],
  },
  {
    name: "course-bugs",
    description: "The 2025/2026 script's two bugs: the POST check expects 200, and the single-quoted DELETE URL never leaves the client (status 0), so every created todo stays.",
    serviceEnv: {},
    loadArgs: [...COMMON, "--course-bugs"],
  },
  {
    name: "chaos",
    description: "Corrected scenario with CHAOS_MODE on (latency and failures, each logged) and a 2 s client timeout: client timeouts, request_aborted, and todos created after the client gave up.",
    serviceEnv: { CHAOS_MODE: "on", CHAOS_LATENCY_RATE: "0.2", CHAOS_LATENCY_MS: "4000", CHAOS_FAILURE_RATE: "0.05" },
    loadArgs: [...COMMON, "--timeout", "2s"],
  },
  {
    name: "course-bugs-2023",
    description: "The 2023 script: a template literal but request.id undefined, so the server sees DELETE /api/v1/todos/undefined (404) and every created todo stays.",
    serviceEnv: {},
    loadArgs: [...COMMON, "--course-bugs", "2023"],
  },
];

async function databaseTruth(pgDir: string) {
  const db = await startEmbedded({ dataDir: pgDir, port: 0 });
  const untrack = onInterrupt(() => db.stop());
  const client = new pg.Client({ host: db.host, port: db.port, user: db.user, password: db.password, database: db.database });
  try {
    await client.connect();
    const left = await client.query<{ n: string; clout: string; max_id: number | null }>(
      "SELECT count(*) AS n, count(*) FILTER (WHERE title = $1) AS clout, max(id) AS max_id FROM todos",
      ["CSSE6400 Clout Assignment"],
    );
    const seq = await client.query<{ last_value: string; is_called: boolean }>("SELECT last_value, is_called FROM todos_id_seq");
    const created = seq.rows[0].is_called ? Number(seq.rows[0].last_value) : 0;
    const remaining = Number(left.rows[0].n);
    return {
      todos_created: created,
      todos_deleted: created - remaining,
      todos_left: remaining,
      todos_left_titled_clout_assignment: Number(left.rows[0].clout),
    };
  } finally {
    await client.end().catch(() => undefined);
    untrack();
    await db.stop();
  }
}

async function record(run: FixtureRun, root: string): Promise<void> {
  const work = path.join(root, ".tolog", "fixture-work", run.name);
  const pgDir = path.join(work, "pg");
  // A fresh cluster, or the database truth would count an earlier recording's todos (as root it
  // may live outside `work`: removeEmbeddedData finds it).
  await removeEmbeddedData(pgDir);
  rmSync(work, { recursive: true, force: true });
  mkdirSync(work, { recursive: true });
  scratchDatabase(pgDir);
  current = work;
  const logFile = path.join(work, "service.log.jsonl");
  const summaryFile = path.join(work, "summary.json");
  const port = await freePort();

  process.stderr.write(`\nrecord ${run.name}: ${run.description}\n`);
  const startedAt = new Date().toISOString();
  const service = await startServiceProcess({ LOG_FILE: logFile, EMBEDDED_PG_DIR: pgDir, LOG_LEVEL: "info", ...run.serviceEnv }, port, run.name);
  let loadCode: number | null;
  try {
    loadCode = await runLoad(["--endpoint", service.url, ...run.loadArgs, "--summary-json", summaryFile]);
  } finally {
    await service.stop();
  }
  if (loadCode !== 0) throw new Error(`the load runner exited with ${loadCode}`);
  const database = await databaseTruth(pgDir);
  const load = JSON.parse(readFileSync(summaryFile, "utf8")) as { scenario: Record<string, unknown>; summary: Record<string, unknown>; client: Record<string, unknown> };

  const outDir = path.join(root, "fixtures", "runs", run.name);
  mkdirSync(outDir, { recursive: true });
  const gz = path.join(outDir, "service.log.jsonl.gz");
  await pipeline(createReadStream(logFile), createGzip({ level: 9 }), createWriteStream(gz));
  const lines = readFileSync(logFile, "utf8").split("\n").filter(Boolean).length;
  const { endpoint: _endpoint, ...scenario } = load.scenario;
  const manifest = {
    name: run.name,
    description: run.description,
    recorded_at: startedAt,
    log_schema: 1,
    files: { log: "service.log.jsonl.gz", log_lines: lines, log_bytes: statSync(logFile).size },
    service: { database: "embedded Postgres 17", log_level: "info", ...lowerKeys(run.serviceEnv) },
    scenario,
    load_command: `npm run load -w service -- --endpoint http://127.0.0.1:<port> ${run.loadArgs.join(" ")}`,
    ground_truth: { client: load.client, database },
    k6_like_summary: load.summary,
  };
  writeFileSync(path.join(outDir, "manifest.json"), JSON.stringify(manifest, null, 2) + "\n");
  await removeScratchDatabase(pgDir);
  rmSync(work, { recursive: true, force: true });
  process.stderr.write(`record ${run.name}: ${lines} lines, ${(statSync(gz).size / 1e6).toFixed(2)} MB gzipped -> ${path.relative(root, outDir)}\n`);
}

function lowerKeys(env: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(env).map(([k, v]) => [k.toLowerCase(), v]));
}

/** The work directory of the recording under way. */
let current: string | undefined;

async function main(): Promise<void> {
  const root = process.env.INIT_CWD ?? process.cwd();
  // Ctrl-C, SIGTERM, SIGHUP: the load and the service stopped, the scratch database removed.
  handleInterrupts(
    (signal) =>
      `record-fixtures: interrupted (${signal}); fixtures/runs/ keeps what was recorded before` +
      (current ? `, and the run under way left its log in ${path.relative(root, current)}${path.sep}` : ""),
  );
  const wanted = process.argv.slice(2);
  const unknown = wanted.filter((w) => !RUNS.some((r) => r.name === w));
  if (unknown.length) throw new Error(`unknown run ${unknown.join(", ")}; known: ${RUNS.map((r) => r.name).join(", ")}`);
  for (const run of RUNS) if (wanted.length === 0 || wanted.includes(run.name)) await record(run, root);
}

main().catch((err: unknown) => {
  if (interruptedBy()) return; // the interruption's clean-up ends the process
  process.stderr.write(`record-fixtures: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
