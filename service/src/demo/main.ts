import { existsSync, mkdirSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { freePort } from "../db/embedded.js";
import { handleInterrupts, interruptedBy, removeScratchDatabase, scratchDatabase } from "./interrupt.js";
import { runChild, runLoad, startServiceProcess } from "./processes.js";
import { demoLoadArgs } from "./scenario.js";
import { echoedCommand } from "./echo.js";

/** One finished run of the service under load: where its log is and what was run. */
export interface DemoRun {
  dir: string;
  logFile: string;
  loadArgs: string[];
  loadExitCode: number | null;
}

/** Long enough for the course-bugs table to grow to a few hundred todos and the pool to saturate; two runs stay under three minutes. */
const RUN_SECONDS = 45;

function timestampDir(): string {
  return new Date().toISOString().replace(/[:]/g, "-").replace(/\..+$/, "Z");
}

/**
 * `npm run demo`: the practical's story, in the order a tutor tells it. Two runs of the
 * planners-and-studiers scenario on a fresh service each (embedded Postgres, logs in
 * .tolog/runs/<time>/<run>/): first the course's k6 script with its bugs (the orphans and why,
 * then latency rising with the table while requests wait for a DB connection), then the
 * corrected script, the two compared, and an HTML report of the first. Extra arguments go to
 * the load runner; `--course-bugs 2023` picks the 2023 script for the first run.
 *
 * Ctrl-C, SIGTERM or SIGHUP stop the load and the service, remove the scratch database as a
 * finished run does, say where the logs so far are, and exit 128 + the signal's number
 * (interrupt.ts).
 */
async function main(): Promise<void> {
  const cwd = process.env.INIT_CWD ?? process.cwd();
  const base = path.join(cwd, ".tolog", "runs", timestampDir());
  const extra = process.argv.slice(2);
  const variant = takeCourseBugs(extra);
  const rel = (file: string) => path.relative(cwd, file);
  handleInterrupts((signal) =>
    existsSync(base)
      ? `demo: interrupted (${signal}); the logs so far are in ${rel(base)}${path.sep}`
      : `demo: interrupted (${signal}) before the first run began`,
  );

  chapter(`1/2 · The practical's k6 script as given (${variant === "2023" ? "the 2023 version" : "2025/26"}), ${RUN_SECONDS} s of load`);
  const bugs = await recordRun(path.join(base, "course-bugs"), ["--course-bugs", ...(variant === "2023" ? ["2023"] : []), ...extra]);
  const bugsLog = rel(bugs.logFile);
  say("Why is the todo list full of the same task? What became of every todo the script created:");
  await runTolog(["races", "--logs", bugsLog]);
  say("Why does it get slower as the test ramps up? Latency against the table's size and the pool, per 5 s:");
  await runTolog(["latency", "--by-time", "5s", "--chart", "--logs", bugsLog]);
  say("Where the time goes, per route:");
  await runTolog(["latency", "--logs", bugsLog]);

  chapter(`2/2 · The corrected script (the new id read from the POST, the DELETE URL fixed), ${RUN_SECONDS} s of load`);
  const fixed = await recordRun(path.join(base, "corrected"), extra);
  const fixedLog = rel(fixed.logFile);
  say("Before and after the fix:");
  await runTolog(["compare", "--logs", bugsLog, "--logs", fixedLog]);

  const report = path.join(base, "report.html");
  say("A report of the first run to hand in or show on a projector (one file, opens offline):");
  await runTolog(["report", "--logs", bugsLog, "--out", rel(report), "--title", "TaskOverflow under the practical's k6 script"]);
  process.stdout.write(`\n${wrapped(`The logs: ${bugsLog} (${megabytes(bugs.logFile)}) and ${fixedLog} (${megabytes(fixed.logFile)})\nThe report: ${rel(report)}`)}\n`);
  process.stdout.write(`${wrapped("Every command above can be pasted as it is; each analysis also takes --format json, and --follow while a test runs (or tolog watch).")}\n`);
  if (failed.length > 0) {
    process.stderr.write(`demo: ${failed.length} command(s) failed: ${failed.join("; ")}\n`);
    process.exitCode = 1;
  }
}

/** The tolog commands that did not exit 0: the demo goes on (each step stands alone) but does not end as a success. */
const failed: string[] = [];

/** Removes `--course-bugs [2023]` from the load runner's arguments: the demo runs both scripts itself. */
function takeCourseBugs(args: string[]): "2023" | "2025" {
  const at = args.indexOf("--course-bugs");
  if (at < 0) return "2025";
  const variant = args[at + 1] === "2023" ? "2023" : "2025";
  args.splice(at, variant === "2023" ? 2 : 1);
  return variant;
}

/** The service on a fresh embedded Postgres in `dir`, the scenario against it, then a clean stop. */
async function recordRun(dir: string, extra: string[]): Promise<DemoRun> {
  mkdirSync(dir, { recursive: true });
  const logFile = path.join(dir, "service.log.jsonl");
  const pgDir = path.join(dir, "pg");
  const port = await freePort();
  process.stderr.write(`${wrapped(`demo: starting TaskOverflow on 127.0.0.1:${port} (embedded Postgres, a few seconds)`)}\n`);
  // The logs are the product of the run; the database was only its scratch space (as root,
  // perhaps moved where Postgres's user can reach it: removeEmbeddedData finds it there),
  // removed at the end, when the run fails, and when the demo is interrupted.
  scratchDatabase(pgDir);
  try {
    const service = await startServiceProcess({ LOG_FILE: logFile, EMBEDDED_PG_DIR: pgDir, LOG_LEVEL: "info" }, port);
    const loadArgs = demoLoadArgs(service.url, RUN_SECONDS, extra);
    let loadExitCode: number | null = null;
    try {
      process.stderr.write(`${wrapped(`demo: load: ${loadArgs.slice(2).join(" ")}`)}\n`);
      loadExitCode = await runLoad(loadArgs);
    } finally {
      process.stderr.write("demo: stopping the service (SIGTERM: drain, close the pool, flush the logs)\n");
      await service.stop();
    }
    return { dir, logFile, loadArgs, loadExitCode };
  } finally {
    await removeScratchDatabase(pgDir);
  }
}

function chapter(title: string): void {
  process.stdout.write(`\n${wrapped(`━━ ${title}`)}\n`);
}

function say(text: string): void {
  process.stdout.write(`\n${wrapped(text)}\n`);
}

/** On a terminal (a projector's 80 columns) each line wrapped at words to its width; whole otherwise (a saved log of the demo). */
function wrapped(text: string): string {
  const width = process.stdout.isTTY ? (process.stdout.columns ?? 80) : Infinity;
  return text
    .split("\n")
    .map((line) => {
      const lines: string[] = [];
      let current = "";
      for (const word of line.split(" ")) {
        if (current !== "" && current.length + 1 + word.length > width) {
          lines.push(current);
          current = word;
        } else current = current === "" ? word : `${current} ${word}`;
      }
      return [...lines, current].join("\n");
    })
    .join("\n");
}

function megabytes(file: string): string {
  return `${(statSync(file).size / 1e6).toFixed(1)} MB`;
}

/** Runs the tolog CLI (built by the root `npm run build`) with the terminal as its output, echoing the command as a user would paste it. */
async function runTolog(args: string[]): Promise<void> {
  const bin = fileURLToPath(new URL("../../../../bin/tolog.js", import.meta.url));
  // `npm ci` puts no tolog on PATH; npx runs this repository's bin.
  const words = ["npx", "tolog", ...args.map(shellQuote)];
  const line = words.join(" ");
  process.stdout.write(`\n${echoedCommand(words, process.stdout.isTTY ? (process.stdout.columns ?? 80) : Infinity)}\n`);
  const cwd = process.env.INIT_CWD ?? process.cwd();
  const { code, signal } = await runChild(bin, args, { cwd });
  if (code !== 0) failed.push(`${line} (${signal ?? `exit ${code}`})`);
}

/** POSIX shell quoting, as tolog quotes the commands it prints (src/cli/follow-up.ts). */
function shellQuote(word: string): string {
  return /^[A-Za-z0-9_\/.:=@%+,-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

main().catch((err: unknown) => {
  if (interruptedBy()) return; // the interruption's clean-up ends the process
  process.stderr.write(`demo: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
