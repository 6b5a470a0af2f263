import { mkdirSync, statSync } from "node:fs";
import { spawn } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { freePort, removeEmbeddedData } from "../db/embedded.js";
import { runLoad, startServiceProcess } from "./processes.js";

/** One finished demo run: where its logs are and what was run. */
export interface DemoRun {
  dir: string;
  logFile: string;
  loadArgs: string[];
  loadExitCode: number | null;
}

function timestampDir(): string {
  return new Date().toISOString().replace(/[:]/g, "-").replace(/\..+$/, "Z");
}

/**
 * `npm run demo`: the service on a fresh embedded Postgres, its logs in .tolog/runs/<time>/,
 * the planners-and-studiers scenario for about a minute, then a clean stop.
 * Extra arguments go to the load runner (e.g. `npm run demo -- --course-bugs`).
 */
async function main(): Promise<void> {
  const root = process.env.INIT_CWD ?? process.cwd();
  const dir = path.join(root, ".tolog", "runs", timestampDir());
  mkdirSync(dir, { recursive: true });
  const logFile = path.join(dir, "service.log.jsonl");
  const pgDir = path.join(dir, "pg");
  const port = await freePort();

  process.stderr.write(`demo: starting TaskOverflow on 127.0.0.1:${port} (embedded Postgres, first start takes a few seconds)\n`);
  const service = await startServiceProcess({ LOG_FILE: logFile, EMBEDDED_PG_DIR: pgDir, LOG_LEVEL: "info" }, port);
  let loadExitCode: number | null = null;
  const loadArgs = ["--endpoint", service.url, "--duration", "60s", "--studiers", "300", "--planners", "20", "--iterations", "400", "--quiet", ...process.argv.slice(2)];
  try {
    process.stderr.write(`demo: running planners-and-studiers for about a minute: ${loadArgs.slice(2).join(" ")}\n`);
    loadExitCode = await runLoad(loadArgs);
  } finally {
    process.stderr.write("demo: stopping the service (SIGTERM: drain, close the pool, flush the logs)\n");
    await service.stop();
    // The logs are the product of the run; the database was only its scratch space (as root,
    // perhaps moved where Postgres's user can reach it: removeEmbeddedData finds it there).
    await removeEmbeddedData(pgDir);
  }
  await reportRun({ dir, logFile, loadArgs, loadExitCode });
}

/**
 * The demo's final step. The analyses (trace, slow-queries, races) print their answers here,
 * reading `run.logFile`.
 */
export async function reportRun(run: DemoRun): Promise<void> {
  const size = statSync(run.logFile).size;
  const rel = path.relative(process.env.INIT_CWD ?? process.cwd(), run.logFile);
  process.stdout.write(`\nThe service's logs (${(size / 1e6).toFixed(1)} MB of JSON lines, schema v1) are in:\n  ${rel}\n`);
  for (const args of [["trace", "--slowest"], ["slow-queries", "--top", "5"], ["races"]]) await runTolog([...args, "--logs", rel]);
  const tryAlso = run.loadArgs.includes("--course-bugs") ? "" : "; try also: npm run demo -- --course-bugs (the practical's bugs)";
  process.stdout.write(`\nEvery analysis takes --format json${tryAlso}\n`);
}

/** Runs the tolog CLI (built by the root `npm run build`) with the terminal as its output. */
function runTolog(args: string[]): Promise<void> {
  const bin = fileURLToPath(new URL("../../../../bin/tolog.js", import.meta.url));
  // As a user pastes it: `npm ci` puts no tolog on PATH, and npx runs this repository's bin.
  process.stdout.write(`\n$ npx tolog ${args.map(shellQuote).join(" ")}\n`);
  const cwd = process.env.INIT_CWD ?? process.cwd();
  return new Promise((resolve) => spawn(process.execPath, [bin, ...args], { stdio: "inherit", cwd }).on("close", () => resolve()));
}

/** POSIX shell quoting, as tolog quotes the commands it prints (src/cli/follow-up.ts). */
function shellQuote(word: string): string {
  return /^[A-Za-z0-9_\/.:=@%+,-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

main().catch((err: unknown) => {
  process.stderr.write(`demo: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
