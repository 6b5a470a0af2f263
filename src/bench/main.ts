/**
 * `npm run bench`: generates TaskOverflow logs and VPC flow logs (about 1 GB each unless `--size`
 * says otherwise), then times five queries over the first and one over the second with tolog
 * (`bin/tolog.js query`, as users run it), DuckDB and jq, each run in its own process, and prints
 * wall time, throughput and peak RSS side by side: whole processes, start-up included, for every
 * tool; DuckDB's time inside its process (after loading and connecting) too, the usual figure of
 * an embedded database. DuckDB reads the flow logs as CSV with a space delimiter.
 *
 * Options: `USAGE` (`npm run bench -- --help`).
 *
 * With the needle query (1) selected, it also builds a request_id field index and runs the needle
 * through it (`tolog indexed`), then removes the index.
 *
 * Each query runs `--runs` rounds, the tools taking turns within a round, and the table shows
 * medians: on a shared machine one run's time drifts by a third within minutes, and alternating
 * spreads the drift over every tool alike.
 */
import { execFileSync, spawn } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { ChildResult } from "./child.js";
import { INDEX_DIR, loadOrGenerate } from "./data-dir.js";
import { JQ_SKIPPED, QUERIES } from "./queries.js";
import { renderTable, summarize, type Measurement, type RunResult } from "./report.js";
import { parseArgs, USAGE, UsageProblem, type Args } from "./args.js";

/** DuckDB's own time inside its process, from each duckdb run. */
const IN_PROCESS = "duckdb in-process";

const shellQuote = (s: string) => `'${s.replaceAll("'", "'\\''")}'`;

function hasCommand(name: string): boolean {
  try {
    execFileSync("sh", ["-c", `command -v ${name}`], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

/** Runs a command, returning its stdout, or undefined after `timeoutMs`. */
function run(command: string, args: string[], timeoutMs: number, env?: NodeJS.ProcessEnv): Promise<{ stdout: string; stderr: string; code: number | null; timedOut: boolean }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ["ignore", "pipe", "pipe"], env: env ?? process.env });
    let stdout = "";
    let stderr = "";
    let timedOut = false;
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill("SIGKILL");
    }, timeoutMs);
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ stdout, stderr, code, timedOut });
    });
  });
}

/** A node child of child.js: the time it measured inside, and the whole process's wall time. */
async function runNodeChild(tool: "tolog" | "duckdb" | "source", query: number, groupDir: string, needle: string, timeoutMs: number, threads?: number): Promise<{ inside: RunResult; whole: RunResult }> {
  const child = path.join(path.dirname(fileURLToPath(import.meta.url)), "child.js");
  const env = threads === undefined ? process.env : { ...process.env, BENCH_DUCKDB_THREADS: String(threads), TOLOG_THREADS: String(threads) };
  const started = performance.now();
  const out = await run(process.execPath, [child, tool, String(query), groupDir, needle], timeoutMs, env);
  const wholeMs = performance.now() - started;
  const failed = (error: string) => ({ inside: { error }, whole: { error } });
  if (out.timedOut) return failed(`timed out after ${timeoutMs / 1000} s`);
  const last = out.stdout.trim().split("\n").at(-1) ?? "";
  if (out.code !== 0 || !last.startsWith("{")) return failed((out.stderr.trim().split("\n")[0] || `exit ${out.code}`).slice(0, 200));
  const r = JSON.parse(last) as ChildResult;
  return { inside: { ms: r.ms, cpuMs: r.cpuMs, maxRssMb: r.maxRssMb, rows: r.rows }, whole: { ms: wholeMs, cpuMs: r.processCpuMs, maxRssMb: r.maxRssMb, rows: r.rows } };
}

const ROOT = fileURLToPath(new URL("../../../", import.meta.url));

/** `tolog query` as a user runs it: bin/tolog.js in its own process, rows as NDJSON. */
async function runTologProcess(query: number, groupDir: string, needle: string, timeoutMs: number, threads?: number): Promise<RunResult> {
  const env = threads === undefined ? process.env : { ...process.env, TOLOG_THREADS: String(threads) };
  const command = [process.execPath, path.join(ROOT, "bin", "tolog.js"), "query", QUERIES[query].tolog(needle), "--logs", groupDir, "--format", "ndjson"];
  const result = await runWhole(command, timeoutMs, env);
  return "error" in result ? result : { ...result, rows: result.stdoutLines };
}

async function runJq(query: number, files: string[], needle: string, timeoutMs: number): Promise<RunResult> {
  const pipeline = QUERIES[query].jq!(files.map(shellQuote).join(" "), needle) + " > /dev/null";
  return runWhole(["bash", "-c", pipeline], timeoutMs);
}

/**
 * A whole process, timed from spawn to exit. GNU time, where installed, reports the CPU time of
 * every process and thread it ran and the peak RSS of the largest.
 */
async function runWhole(command: string[], timeoutMs: number, env?: NodeJS.ProcessEnv): Promise<RunResult & { stdoutLines?: number }> {
  const timed = existsSync("/usr/bin/time");
  const started = performance.now();
  const out = timed ? await run("/usr/bin/time", ["-f", "%U %S %M", ...command], timeoutMs, env) : await run(command[0], command.slice(1), timeoutMs, env);
  const ms = performance.now() - started;
  if (out.timedOut) return { error: `timed out after ${timeoutMs / 1000} s` };
  if (out.code !== 0) return { error: (out.stderr.trim().split("\n")[0] || `exit ${out.code}`).slice(0, 200) };
  const [user, system, rssKb] = timed ? (out.stderr.trim().split("\n").at(-1) ?? "").split(" ").map(Number) : [NaN, NaN, NaN];
  const stdoutLines = out.stdout === "" ? 0 : out.stdout.trimEnd().split("\n").length;
  return { ms, cpuMs: (user + system) * 1000, maxRssMb: rssKb / 1024, stdoutLines };
}

/**
 * The needle again through a field index (`tolog index`), built first and timed, then removed so
 * that the data stays as generated.
 */
async function withFieldIndex(groupDir: string, needle: string, args: Args, notes: string[]): Promise<Measurement[]> {
  const indexDir = path.join(groupDir, INDEX_DIR);
  rmSync(indexDir, { recursive: true, force: true });
  try {
    process.stderr.write("tolog index --field request_id ...");
    const built = await runWhole([process.execPath, path.join(ROOT, "bin", "tolog.js"), "index", "--logs", groupDir, "--field", "request_id", "--format", "json"], args.timeoutMs);
    process.stderr.write(` ${"ms" in built ? `${(built.ms / 1000).toFixed(2)} s` : built.error}\n`);
    const out: Measurement[] = [{ name: "build the request_id index", tool: "tolog index", result: summarize([built]) }];
    if ("error" in built) return out;
    notes.push(`request_id index: ${(directoryBytes(indexDir) / 1e6).toFixed(1)} MB`);
    const runs: RunResult[] = [];
    for (let round = 1; round <= args.runs; round++) runs.push(await runTologProcess(0, groupDir, needle, args.timeoutMs, args.threads));
    out.push({ name: QUERIES[0].name, tool: "tolog indexed", result: summarize(runs) });
    return out;
  } finally {
    rmSync(indexDir, { recursive: true, force: true });
  }
}

function directoryBytes(dir: string): number {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile())
    .reduce((sum, entry) => sum + statSync(path.join(entry.parentPath ?? entry.path, entry.name)).size, 0);
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  if (args.help) {
    process.stdout.write(USAGE);
    return;
  }
  const dir = args.data ?? mkdtempSync(path.join(os.tmpdir(), "tolog-bench-"));
  const keep = args.keep || args.data !== undefined;
  let tools = args.only;
  const notes: string[] = [];
  if (tools.includes("jq") && !hasCommand("jq")) {
    tools = tools.filter((t) => t !== "jq");
    notes.push("jq: not installed, skipped");
  }
  let loaded = false;
  try {
    const { manifest, vpc } = loadOrGenerate(dir, args.size, args.queries.some((q) => QUERIES[q].dataset === "vpc"));
    loaded = true;
    const groupDir = path.join(dir, manifest.groupDir);
    const files = readdirSync(groupDir).filter((f) => f.endsWith(".jsonl")).map((f) => path.join(groupDir, f));
    const vpcDir = vpc && path.join(dir, vpc.groupDir);
    const vpcFiles = vpcDir ? readdirSync(vpcDir).filter((f) => f.endsWith(".log")).map((f) => path.join(vpcDir, f)) : [];
    // Read again before every run, so that every run starts from the page cache: a kernel that
    // pages out cold memory (DAMON's reclaim does, on the development machine) had dropped half
    // of the VPC files between their turns, and a run then read from disk.
    const warm = (paths: string[]): void => void execFileSync("cat", paths, { stdio: ["ignore", "ignore", "inherit"] });
    const measurements: Measurement[] = [];
    for (const q of args.queries) {
      const onVpc = QUERIES[q].dataset === "vpc";
      const [dataDir, dataFiles] = onVpc ? [vpcDir!, vpcFiles] : [groupDir, files];
      const runs = new Map<string, RunResult[]>();
      const record = (tool: string, result: RunResult): void => void runs.set(tool, [...(runs.get(tool) ?? []), result]);
      for (let round = 1; round <= args.runs; round++) {
        for (const tool of tools) {
          if (tool === "jq" && QUERIES[q].jq === undefined) continue;
          process.stderr.write(`${QUERIES[q].name} / ${tool} (run ${round} of ${args.runs}) ...`);
          warm(dataFiles);
          let result: RunResult;
          if (tool === "jq") result = await runJq(q, dataFiles, manifest.needleRequestId, args.timeoutMs);
          else if (tool === "tolog") result = await runTologProcess(q, dataDir, manifest.needleRequestId, args.timeoutMs, args.threads);
          else {
            const { inside, whole } = await runNodeChild(tool, q, dataDir, manifest.needleRequestId, args.timeoutMs, args.threads);
            record(IN_PROCESS, inside);
            result = whole;
          }
          process.stderr.write(` ${"ms" in result ? `${(result.ms / 1000).toFixed(2)} s` : result.error}\n`);
          record(tool, result);
        }
      }
      const data = onVpc ? { bytes: vpc!.bytes, events: vpc!.events } : undefined;
      for (const tool of [...tools, IN_PROCESS]) {
        if (runs.has(tool)) measurements.push({ name: QUERIES[q].name, tool, result: summarize(runs.get(tool)!), ...(data ? { data } : {}) });
      }
    }
    if (tools.includes("tolog")) {
      // Where tolog's time goes: reading and decoding alone, without the engine.
      process.stderr.write("read every event / local source alone ...");
      const result = (await runNodeChild("source", 0, groupDir, manifest.needleRequestId, args.timeoutMs, args.threads)).inside;
      process.stderr.write(` ${"ms" in result ? `${(result.ms / 1000).toFixed(2)} s` : result.error}\n`);
      measurements.push({ name: "read every event (no query)", tool: "tolog source", result: summarize([result]) });
      if (args.queries.includes(0)) measurements.push(...(await withFieldIndex(groupDir, manifest.needleRequestId, args, notes)));
    }
    if (vpc && tools.includes("jq")) notes.push(JQ_SKIPPED);
    if (vpc) notes.push(`VPC flow logs: ${(vpc.bytes / 1e6).toFixed(0)} MB, ${vpc.events.toLocaleString("en")} records (DuckDB reads them as CSV with a space delimiter)`);
    const threads = args.threads === undefined ? "" : `; --threads ${args.threads}`;
    process.stdout.write(renderTable(measurements, manifest, { cores: os.cpus().length, node: process.version + threads, notes }));
  } finally {
    if (!keep) rmSync(dir, { recursive: true, force: true });
    else if (loaded) process.stderr.write(`data kept in ${dir}\n`);
  }
}

try {
  await main();
} catch (error) {
  if (!(error instanceof UsageProblem)) throw error;
  process.stderr.write(`${error.message}\n\n${USAGE}`);
  process.exitCode = 2;
}
