/**
 * `npm run bench`: generates TaskOverflow logs and VPC flow logs (about 1 GB each unless `--size`
 * says otherwise), then times five queries over the first and one over the second with tolog
 * (the real engine over the local source), DuckDB and jq, each run in its own process, and
 * prints wall time, throughput and peak RSS side by side.
 *
 * Options: --size 50MB   --data DIR (reuse or keep data there)   --keep   --only tolog,duckdb,jq
 *          --query 1,3 (1-based)   --runs 3 (per query and tool)   --timeout 600 (seconds per run)
 *
 * Each query runs `--runs` rounds, the tools taking turns within a round, and the table shows
 * medians: on a shared machine one run's time drifts by a third within minutes, and alternating
 * spreads the drift over every tool alike.
 */
import { execFileSync, spawn } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { ChildResult } from "./child.js";
import { generate, GENERATOR_VERSION, type Manifest } from "./generate.js";
import { generateVpc, VPC_GENERATOR_VERSION, type VpcManifest } from "./generate-vpc.js";
import { QUERIES } from "./queries.js";
import { renderTable, summarize, type Measurement, type RunResult } from "./report.js";
import { parseSize } from "./size.js";

const TOOLS = ["tolog", "duckdb", "jq"] as const;
type Tool = (typeof TOOLS)[number];

interface Args {
  size: number;
  data?: string;
  keep: boolean;
  only: Tool[];
  queries: number[];
  runs: number;
  timeoutMs: number;
}

function parseArgs(argv: string[]): Args {
  const args: Args = { size: 1e9, keep: false, only: [...TOOLS], queries: QUERIES.map((_, i) => i), runs: 3, timeoutMs: 600_000 };
  for (let i = 0; i < argv.length; i++) {
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${argv[i - 1]} needs a value`);
      return v;
    };
    switch (argv[i]) {
      case "--size": args.size = parseSize(value()); break;
      case "--data": args.data = path.resolve(value()); break;
      case "--keep": args.keep = true; break;
      case "--only": args.only = value().split(",").map((t) => t.trim()).filter((t): t is Tool => (TOOLS as readonly string[]).includes(t)); break;
      case "--query": args.queries = value().split(",").map((q) => Number(q) - 1).filter((q) => QUERIES[q] !== undefined); break;
      case "--runs": args.runs = positiveInteger(argv[i], value()); break;
      case "--timeout": args.timeoutMs = positiveInteger(argv[i], value()) * 1000; break;
      default: throw new Error(`unknown option ${argv[i]}; see the top of src/bench/main.ts`);
    }
  }
  return args;
}

function positiveInteger(flag: string, raw: string): number {
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${flag} takes a whole number of 1 or more, not ${raw}`);
  return n;
}

function loadOrGenerate(dir: string, size: number): Manifest {
  const manifestPath = path.join(dir, "manifest.json");
  if (existsSync(manifestPath)) {
    const manifest = JSON.parse(readFileSync(manifestPath, "utf8")) as Manifest;
    if (manifest.generator === GENERATOR_VERSION && manifest.targetBytes === size) return manifest;
    rmSync(dir, { recursive: true, force: true });
  }
  process.stderr.write(`generating ${(size / 1e6).toFixed(0)} MB of TaskOverflow logs in ${dir} ...\n`);
  const started = performance.now();
  const manifest = generate(dir, size);
  process.stderr.write(`  ${manifest.events.toLocaleString("en")} events in ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
  return manifest;
}

function loadOrGenerateVpc(dir: string, size: number): VpcManifest {
  const manifestPath = path.join(dir, "vpc-manifest.json");
  if (existsSync(manifestPath)) {
    const manifest = JSON.parse(readFileSync(manifestPath, "utf8")) as VpcManifest;
    if (manifest.generator === VPC_GENERATOR_VERSION && manifest.targetBytes === size) return manifest;
  }
  process.stderr.write(`generating ${(size / 1e6).toFixed(0)} MB of VPC flow logs in ${dir} ...\n`);
  const started = performance.now();
  const manifest = generateVpc(dir, size);
  process.stderr.write(`  ${manifest.events.toLocaleString("en")} records in ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
  return manifest;
}

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
function run(command: string, args: string[], timeoutMs: number): Promise<{ stdout: string; stderr: string; code: number | null; timedOut: boolean }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ["ignore", "pipe", "pipe"] });
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

async function runNodeChild(tool: "tolog" | "duckdb" | "source", query: number, groupDir: string, needle: string, timeoutMs: number): Promise<RunResult> {
  const child = path.join(path.dirname(fileURLToPath(import.meta.url)), "child.js");
  const out = await run(process.execPath, [child, tool, String(query), groupDir, needle], timeoutMs);
  if (out.timedOut) return { error: `timed out after ${timeoutMs / 1000} s` };
  const last = out.stdout.trim().split("\n").at(-1) ?? "";
  if (out.code !== 0 || !last.startsWith("{")) return { error: (out.stderr.trim().split("\n")[0] || `exit ${out.code}`).slice(0, 200) };
  const r = JSON.parse(last) as ChildResult;
  return { ms: r.ms, cpuMs: r.cpuMs, maxRssMb: r.maxRssMb, rows: r.rows };
}

async function runJq(query: number, files: string[], needle: string, timeoutMs: number): Promise<RunResult> {
  const pipeline = QUERIES[query].jq(files.map(shellQuote).join(" "), needle) + " > /dev/null";
  // GNU time reports the CPU time of the whole pipeline and the peak RSS of its largest process.
  const timed = existsSync("/usr/bin/time");
  const started = performance.now();
  const out = timed
    ? await run("/usr/bin/time", ["-f", "%U %S %M", "bash", "-c", pipeline], timeoutMs)
    : await run("bash", ["-c", pipeline], timeoutMs);
  const ms = performance.now() - started;
  if (out.timedOut) return { error: `timed out after ${timeoutMs / 1000} s` };
  if (out.code !== 0) return { error: (out.stderr.trim().split("\n")[0] || `exit ${out.code}`).slice(0, 200) };
  const [user, system, rssKb] = timed ? (out.stderr.trim().split("\n").at(-1) ?? "").split(" ").map(Number) : [NaN, NaN, NaN];
  return { ms, cpuMs: (user + system) * 1000, maxRssMb: rssKb / 1024 };
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const dir = args.data ?? mkdtempSync(path.join(os.tmpdir(), "tolog-bench-"));
  const keep = args.keep || args.data !== undefined;
  let tools = args.only;
  const notes: string[] = [];
  if (tools.includes("jq") && !hasCommand("jq")) {
    tools = tools.filter((t) => t !== "jq");
    notes.push("jq: not installed, skipped");
  }
  try {
    const manifest = loadOrGenerate(dir, args.size);
    const vpc = args.queries.some((q) => QUERIES[q].dataset === "vpc") ? loadOrGenerateVpc(dir, args.size) : undefined;
    const groupDir = path.join(dir, manifest.groupDir);
    const files = readdirSync(groupDir).filter((f) => f.endsWith(".jsonl")).map((f) => path.join(groupDir, f));
    const vpcDir = vpc && path.join(dir, vpc.groupDir);
    const vpcFiles = vpcDir ? readdirSync(vpcDir).filter((f) => f.endsWith(".log")).map((f) => path.join(vpcDir, f)) : [];
    // Read everything once so that every tool starts from the page cache.
    execFileSync("cat", [...files, ...vpcFiles], { stdio: ["ignore", "ignore", "inherit"] });
    const measurements: Measurement[] = [];
    for (const q of args.queries) {
      const onVpc = QUERIES[q].dataset === "vpc";
      const [dataDir, dataFiles] = onVpc ? [vpcDir!, vpcFiles] : [groupDir, files];
      const runs = new Map<Tool, RunResult[]>(tools.map((tool) => [tool, []]));
      for (let round = 1; round <= args.runs; round++) {
        for (const tool of tools) {
          process.stderr.write(`${QUERIES[q].name} / ${tool} (run ${round} of ${args.runs}) ...`);
          const result =
            tool === "jq" ? await runJq(q, dataFiles, manifest.needleRequestId, args.timeoutMs) : await runNodeChild(tool, q, dataDir, manifest.needleRequestId, args.timeoutMs);
          process.stderr.write(` ${"ms" in result ? `${(result.ms / 1000).toFixed(2)} s` : result.error}\n`);
          runs.get(tool)!.push(result);
        }
      }
      const data = onVpc ? { bytes: vpc!.bytes, events: vpc!.events } : undefined;
      for (const tool of tools) measurements.push({ name: QUERIES[q].name, tool, result: summarize(runs.get(tool)!), ...(data ? { data } : {}) });
    }
    if (tools.includes("tolog")) {
      // Where tolog's time goes: reading and decoding alone, without the engine.
      process.stderr.write("read every event / local source alone ...");
      const result = await runNodeChild("source", 0, groupDir, manifest.needleRequestId, args.timeoutMs);
      process.stderr.write(` ${"ms" in result ? `${(result.ms / 1000).toFixed(2)} s` : result.error}\n`);
      measurements.push({ name: "read every event (no query)", tool: "tolog source", result: summarize([result]) });
    }
    if (vpc) notes.push(`VPC flow logs: ${(vpc.bytes / 1e6).toFixed(0)} MB, ${vpc.events.toLocaleString("en")} records (DuckDB reads them as CSV with a space delimiter)`);
    process.stdout.write(renderTable(measurements, manifest, { cores: os.cpus().length, node: process.version, notes }));
  } finally {
    if (!keep) rmSync(dir, { recursive: true, force: true });
    else process.stderr.write(`data kept in ${dir}\n`);
  }
}

await main();
