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
 * With the needle query (1) and tolog selected, it also builds a request_id field index and runs
 * the needle through it (`tolog indexed`), then removes the index.
 *
 * Exit codes: 2 for a command line it cannot use (data-dir.ts: a --data directory that is not its
 * own), 1 when a tool failed on a query, 128 + N when signal N ended it (clean-up.ts).
 *
 * Each query runs `--runs` rounds, the tools taking turns within a round, and the table shows
 * medians: on a shared machine one run's time drifts by a third within minutes, and alternating
 * spreads the drift over every tool alike.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { INDEX_DIR, loadOrGenerate } from "./data-dir.js";
import { JQ_SKIPPED, QUERIES } from "./queries.js";
import { failures, renderTable, summarize, type Measurement, type RunResult } from "./report.js";
import { parseArgs, USAGE, UsageProblem, type Args } from "./args.js";
import { installCleanUp, removeAtExit } from "./clean-up.js";
import { hasCommand, ROOT, runJq, runNodeChild, runTologProcess, runWhole } from "./runs.js";

/** DuckDB's own time inside its process, from each duckdb run. */
const IN_PROCESS = "duckdb in-process";

/**
 * The needle again through a field index (`tolog index`), built first and timed, then removed so
 * that the data stays as generated.
 */
async function withFieldIndex(groupDir: string, needle: string, args: Args, notes: string[]): Promise<Measurement[]> {
  const indexDir = path.join(groupDir, INDEX_DIR);
  rmSync(indexDir, { recursive: true, force: true });
  const removeIndex = removeAtExit(indexDir);
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
    removeIndex();
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
  installCleanUp();
  const dir = args.data ?? mkdtempSync(path.join(os.tmpdir(), "tolog-bench-"));
  // Data given with --data is the user's: kept whatever happens.
  const removeData = args.keep || args.data !== undefined ? undefined : removeAtExit(dir);
  let tools = args.only;
  const notes: string[] = [];
  if (tools.includes("jq") && !hasCommand("jq")) {
    tools = tools.filter((t) => t !== "jq");
    notes.push("jq: not installed, skipped");
  }
  let loaded = false;
  try {
    const { manifest, vpc } = await loadOrGenerate(dir, args.size, args.queries.some((q) => QUERIES[q].dataset === "vpc"));
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
    // A terminal gets a layout that fits it; a file or a pipe the wide table scripts read.
    const width = process.stdout.isTTY ? process.stdout.columns : undefined;
    process.stdout.write(renderTable(measurements, manifest, { cores: os.cpus().length, node: process.version + threads, notes }, width));
    const failed = failures(measurements);
    for (const line of failed) process.stderr.write(`${line}\n`);
    if (failed.length > 0) process.exitCode = 1;
  } finally {
    if (removeData) removeData();
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
