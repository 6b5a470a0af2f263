/**
 * How the bench runs each tool: in a process of its own, timed from spawn to exit. A run that
 * fails gives the reason its process printed (the error's message), not a stack trace's first line.
 */
import { execFileSync, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { ChildResult } from "./child.js";
import { stopAtExit } from "./clean-up.js";
import { QUERIES } from "./queries.js";
import type { RunResult } from "./report.js";

const shellQuote = (s: string) => `'${s.replaceAll("'", "'\\''")}'`;

export function hasCommand(name: string): boolean {
  try {
    execFileSync("sh", ["-c", `command -v ${name}`], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

interface Ended {
  stdout: string;
  stderr: string;
  code: number | null;
  signal: NodeJS.Signals | null;
  timedOut: boolean;
}

/** Runs a command to its end, killed after `timeoutMs`. */
function run(command: string, args: string[], timeoutMs: number, env?: NodeJS.ProcessEnv): Promise<Ended> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ["ignore", "pipe", "pipe"], env: env ?? process.env, detached: true });
    stopAtExit(child);
    let stdout = "";
    let stderr = "";
    let timedOut = false;
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => {
      timedOut = true;
      // The whole group: GNU time's child, or a jq pipeline, would run on holding the pipes open.
      process.kill(-child.pid!, "SIGKILL");
    }, timeoutMs);
    child.on("error", reject);
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      resolve({ stdout, stderr, code, signal, timedOut });
    });
  });
}

/** A node child of child.js: the time it measured inside, and the whole process's wall time. */
export async function runNodeChild(tool: "tolog" | "duckdb" | "source", query: number, groupDir: string, needle: string, timeoutMs: number, threads?: number): Promise<{ inside: RunResult; whole: RunResult }> {
  const child = path.join(path.dirname(fileURLToPath(import.meta.url)), "child.js");
  const env = threads === undefined ? process.env : { ...process.env, BENCH_DUCKDB_THREADS: String(threads), TOLOG_THREADS: String(threads) };
  const started = performance.now();
  const out = await run(process.execPath, [child, tool, String(query), groupDir, needle], timeoutMs, env);
  const wholeMs = performance.now() - started;
  const failed = (error: string) => ({ inside: { error }, whole: { error } });
  if (out.timedOut) return failed(`timed out after ${timeoutMs / 1000} s`);
  const last = out.stdout.trim().split("\n").at(-1) ?? "";
  if (out.code !== 0 || !last.startsWith("{")) return failed(failureReason(out));
  const r = JSON.parse(last) as ChildResult;
  return { inside: { ms: r.ms, cpuMs: r.cpuMs, maxRssMb: r.maxRssMb, rows: r.rows }, whole: { ms: wholeMs, cpuMs: r.processCpuMs, maxRssMb: r.maxRssMb, rows: r.rows } };
}

export const ROOT = fileURLToPath(new URL("../../../", import.meta.url));

/** `tolog query` as a user runs it: bin/tolog.js in its own process, rows as NDJSON. */
export async function runTologProcess(query: number, groupDir: string, needle: string, timeoutMs: number, threads?: number): Promise<RunResult> {
  const env = threads === undefined ? process.env : { ...process.env, TOLOG_THREADS: String(threads) };
  const command = [process.execPath, path.join(ROOT, "bin", "tolog.js"), "query", QUERIES[query].tolog(needle), "--logs", groupDir, "--format", "ndjson"];
  const result = await runWhole(command, timeoutMs, env);
  return "error" in result ? result : { ...result, rows: result.stdoutLines };
}

export async function runJq(query: number, files: string[], needle: string, timeoutMs: number): Promise<RunResult> {
  const pipeline = QUERIES[query].jq!(files.map(shellQuote).join(" "), needle) + " > /dev/null";
  return runWhole(["bash", "-c", pipeline], timeoutMs);
}

/**
 * A whole process, timed from spawn to exit. GNU time, where installed, reports the CPU time of
 * every process and thread it ran and the peak RSS of the largest.
 */
export async function runWhole(command: string[], timeoutMs: number, env?: NodeJS.ProcessEnv): Promise<RunResult & { stdoutLines?: number }> {
  const timed = existsSync("/usr/bin/time");
  const started = performance.now();
  const out = timed ? await run("/usr/bin/time", ["-f", "%U %S %M", ...command], timeoutMs, env) : await run(command[0], command.slice(1), timeoutMs, env);
  const ms = performance.now() - started;
  if (out.timedOut) return { error: `timed out after ${timeoutMs / 1000} s` };
  if (out.code !== 0) return { error: failureReason(timed ? { ...out, stderr: withoutTimeLines(out.stderr) } : out) };
  const [user, system, rssKb] = timed ? (out.stderr.trim().split("\n").at(-1) ?? "").split(" ").map(Number) : [NaN, NaN, NaN];
  const stdoutLines = out.stdout === "" ? 0 : out.stdout.trimEnd().split("\n").length;
  return { ms, cpuMs: (user + system) * 1000, maxRssMb: rssKb / 1024, stdoutLines };
}


/** A failed run's stderr without GNU time's own lines: its figures last, and how the command ended. */
function withoutTimeLines(stderr: string): string {
  const lines = stderr.trimEnd().split("\n").slice(0, -1);
  return lines.filter((line) => !/^Command (exited with non-zero status|terminated by signal) \d+$/.test(line)).join("\n");
}

const REASON_WIDTH = 160;

/**
 * Why a process failed, in one short line: the message of the error it printed (`Error: ...`,
 * `TypeError [CODE]: ...`) where Node printed a stack trace, else its first line that is not a
 * source location, a line of code under it or a stack frame, else how it ended.
 */
export function failureReason(out: Pick<Ended, "stderr" | "code" | "signal">): string {
  const lines = out.stderr.split("\n").map((line) => line.trim()).filter((line) => line !== "");
  const thrown = lines.map((line) => /^\w*(?:Error|Exception)(?: \[\w+\])?: (.+)$/.exec(line)?.[1]).find((message) => message !== undefined);
  const trace = lines.some((line) => /^at /.test(line));
  const plain = lines.find((line) => !/^(at |\^+$)/.test(line) && !/^(file:\/\/|node:|\/).*:\d+$/.test(line));
  const reason = (trace ? thrown : undefined) ?? plain ?? (out.signal ? `ended by ${out.signal}` : `exit ${out.code}`);
  return reason.length > REASON_WIDTH ? `${reason.slice(0, REASON_WIDTH - 1)}…` : reason;
}
