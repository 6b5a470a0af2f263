import { execFile, spawn, spawnSync, type ChildProcess } from "node:child_process";
import { appendFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterEach, beforeAll, describe, expect, test } from "vitest";
import { generate, GROUP } from "./generate.js";

/**
 * The bench as `npm run bench` runs it: dist/src/bench/main.js in a child process, over a few
 * megabytes. It runs compiled, so the sources are built first; tolog's runs use the bundle that
 * `npm run build` made.
 */
const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const MAIN = path.join(ROOT, "dist", "src", "bench", "main.js");

const dirs: string[] = [];
const children: ChildProcess[] = [];
afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

beforeAll(async () => {
  await promisify(execFile)(process.execPath, ["node_modules/typescript/bin/tsc", "-p", "tsconfig.build.json"], { cwd: ROOT }).catch(
    (error: { stdout?: string }) => {
      if (!/error TS/.test(error.stdout ?? "")) throw error;
    },
  );
}, 120_000);

function tempDir(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), "tolog-bench-main-test-"));
  dirs.push(dir);
  return dir;
}

/** The bench to its end, with its own TMPDIR so that what it leaves there can be seen. */
function bench(args: string[], env: Record<string, string> = {}) {
  const tmp = tempDir();
  const out = spawnSync(process.execPath, [MAIN, ...args], { cwd: ROOT, env: { ...process.env, TMPDIR: tmp, ...env }, encoding: "utf8", timeout: 60_000 });
  return { code: out.status, stdout: out.stdout, stderr: out.stderr, tmp };
}

describe("a command line the bench cannot run is told as such: exit 2, the problem, the help", () => {
  const cases: Array<[string[], RegExp]> = [
    [["--size", "abc"], /--size abc.*a size such as 50MB or 1GB, greater than zero/],
    [["--size", "-5MB"], /--size -5MB.*a size such as 50MB or 1GB, greater than zero/],
    [["--size", "0"], /--size 0.*greater than zero/],
    [["--query", "9"], /--query 9.*1 to 6/],
    [["--query", "0"], /--query 0.*1 to 6/],
    [["--query", "1,9"], /--query 1,9.*9.*1 to 6/],
    [["--only", "nosuch"], /--only nosuch.*tolog, duckdb, jq/],
    [["--only", "tolog,nosuch"], /--only tolog,nosuch.*nosuch.*tolog, duckdb, jq/],
  ];
  for (const [args, message] of cases) {
    test(args.join(" "), () => {
      // Never the default 1 GB, should a value be taken: a size of 1 MB before the one tested.
      const out = bench(["--size", "1MB", "--only", "tolog", "--query", "2", ...args, "--runs", "1"]);
      expect(out.code).toBe(2);
      expect(out.stderr).toMatch(message);
      expect(out.stderr).toContain("npm run bench [-- options]");
      expect(out.stderr).not.toMatch(/^\s+at /m);
      expect(out.stderr.split("\n").filter((line) => line.length > 80)).toEqual([]);
      expect(readdirSync(out.tmp)).toEqual([]);
    });
  }
});

describe("--data DIR: the bench replaces only the data it generated", () => {
  test("a directory of someone else's files is refused before anything is written, and kept as it was", () => {
    const dir = tempDir();
    const manifest = JSON.stringify({ name: "chaos", files: { log: "service.log.jsonl.gz" } });
    writeFileSync(path.join(dir, "manifest.json"), manifest);
    writeFileSync(path.join(dir, "notes.txt"), "my notes\n");
    const out = bench(["--data", dir, "--size", "1MB", "--only", "tolog", "--query", "2", "--runs", "1"]);
    expect(out.code).toBe(2);
    expect(out.stderr).toContain(dir);
    expect(out.stderr).toMatch(/empty or new directory/);
    expect(out.stderr).toContain("npm run bench [-- options]");
    expect(readdirSync(dir).sort()).toEqual(["manifest.json", "notes.txt"]);
    expect(readFileSync(path.join(dir, "manifest.json"), "utf8")).toBe(manifest);
    expect(readFileSync(path.join(dir, "notes.txt"), "utf8")).toBe("my notes\n");
  });

  test("a directory of files without a manifest is refused too", () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, "app.log"), "a line\n");
    const out = bench(["--data", dir, "--size", "1MB", "--only", "tolog", "--query", "2", "--runs", "1"]);
    expect(out.code).toBe(2);
    expect(out.stderr).toContain("app.log");
    expect(readdirSync(dir)).toEqual(["app.log"]);
  });

  test("the bench's own data of another size with a file of someone else's among it is refused", () => {
    const dir = tempDir();
    generate(dir, 200_000);
    writeFileSync(path.join(dir, GROUP, "mine.jsonl"), "{}\n");
    const out = bench(["--data", dir, "--size", "1MB", "--only", "tolog", "--query", "2", "--runs", "1"]);
    expect(out.code).toBe(2);
    expect(out.stderr).toContain("mine.jsonl");
    expect(JSON.parse(readFileSync(path.join(dir, "manifest.json"), "utf8")).targetBytes).toBe(200_000);
    expect(readFileSync(path.join(dir, GROUP, "mine.jsonl"), "utf8")).toBe("{}\n");
  });

  test("the bench's own data of another size is generated again, and a file beside it kept", () => {
    const dir = tempDir();
    generate(dir, 200_000);
    writeFileSync(path.join(dir, "notes.txt"), "my notes\n");
    const out = bench(["--data", dir, "--size", "1MB", "--only", "tolog", "--query", "2", "--runs", "1"]);
    expect(out.stderr).toMatch(/generating 1 MB/);
    expect(out.code).toBe(0);
    expect(JSON.parse(readFileSync(path.join(dir, "manifest.json"), "utf8")).targetBytes).toBe(1e6);
    expect(readFileSync(path.join(dir, "notes.txt"), "utf8")).toBe("my notes\n");
  });
});

test("a tool that fails is shown by its message, and the bench exits 1 naming it", () => {
  const dir = tempDir();
  generate(dir, 1e6);
  // A line DuckDB's read_json cannot read; tolog reads the others.
  appendFileSync(path.join(dir, GROUP, readdirSync(path.join(dir, GROUP))[0]), "{not json\n");
  const out = bench(["--data", dir, "--size", "1MB", "--only", "tolog,duckdb", "--query", "2", "--runs", "1"]);
  expect(out.code).toBe(1);
  expect(out.stdout).not.toMatch(/node_modules|node:internal|\.js:\d+/);
  const row = out.stdout.split("\n").find((line) => /by sql\s+duckdb\s/.test(line));
  expect(row).toMatch(/JSON/i);
  expect(out.stderr).toMatch(/duckdb failed on "stats count, avg, p95 by sql": .*JSON/i);
}, 60_000);

/** A running bench, its stderr as it comes. */
function start(args: string[], tmp: string) {
  const child = spawn(process.execPath, [MAIN, ...args], { cwd: ROOT, env: { ...process.env, TMPDIR: tmp }, stdio: ["ignore", "pipe", "pipe"] });
  children.push(child);
  let stderr = "";
  child.stderr!.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  child.stdout!.resume();
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on("exit", (code, signal) => resolve({ code, signal })));
  return { child, stderr: () => stderr, exited };
}

/** Bounded wait (20 s) for a condition, polling. */
async function until(condition: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 400 && !condition(); i++) await new Promise((resolve) => setTimeout(resolve, 50));
  if (!condition()) throw new Error(`gave up waiting for ${what}`);
}

/** Processes whose command line names `dir` (the bench's runs of tolog, DuckDB, jq). */
function processesUsing(dir: string): string[] {
  const found: string[] = [];
  for (const pid of readdirSync("/proc").filter((name) => /^\d+$/.test(name))) {
    try {
      const cmdline = readFileSync(`/proc/${pid}/cmdline`, "utf8").replaceAll("\0", " ");
      if (cmdline.includes(dir)) found.push(cmdline);
    } catch {
      // It ended meanwhile.
    }
  }
  return found;
}

describe("interrupted, the bench removes the data it generated and ends by the signal", () => {
  test("SIGINT while it generates", async () => {
    const tmp = tempDir();
    const run = start(["--size", "50MB", "--only", "tolog", "--query", "2", "--runs", "1"], tmp);
    await until(() => run.stderr().includes("generating"), "the generation to start");
    run.child.kill("SIGINT");
    expect(await run.exited).toEqual({ code: null, signal: "SIGINT" });
    expect(readdirSync(tmp)).toEqual([]);
  }, 30_000);

  test("SIGTERM while a tool runs: the tool is stopped too", async () => {
    const tmp = tempDir();
    const run = start(["--size", "1MB", "--only", "tolog", "--query", "2", "--runs", "50"], tmp);
    await until(() => run.stderr().includes("(run 2 of 50)"), "the second run");
    run.child.kill("SIGTERM");
    expect(await run.exited).toEqual({ code: null, signal: "SIGTERM" });
    expect(readdirSync(tmp)).toEqual([]);
    await until(() => processesUsing(tmp).length === 0, "the tool's processes to end");
  }, 30_000);

  test("SIGHUP with --data: the data is kept, the field index it built is removed", async () => {
    const dir = tempDir();
    generate(dir, 1e6);
    const run = start(["--data", dir, "--size", "1MB", "--only", "tolog", "--query", "1", "--runs", "10"], tempDir());
    // The index is built, and the needle is running through it.
    await until(() => /tolog index --field request_id \.\.\. [\d.]+ s\n/.test(run.stderr()), "the index to be built");
    expect(existsSync(path.join(dir, GROUP, ".tolog-index"))).toBe(true);
    run.child.kill("SIGHUP");
    expect(await run.exited).toEqual({ code: null, signal: "SIGHUP" });
    expect(readdirSync(dir).sort()).toEqual(["manifest.json", GROUP]);
    expect(readdirSync(path.join(dir, GROUP)).filter((name) => name.startsWith("."))).toEqual([]);
  }, 40_000);

  test("stderr closed early (2>&1 | head): it stops and removes the data", async () => {
    const tmp = tempDir();
    const run = start(["--size", "20MB", "--only", "tolog", "--query", "2", "--runs", "5"], tmp);
    await until(() => run.stderr().includes("generating"), "the generation to start");
    run.child.stderr!.destroy();
    expect(await run.exited).toEqual({ code: 141, signal: null });
    expect(readdirSync(tmp)).toEqual([]);
  }, 30_000);
});

test("README's Benchmarks section counts the bench's queries right", async () => {
  const { QUERIES } = await import("./queries.js");
  const readme = readFileSync(path.join(ROOT, "README.md"), "utf8");
  const section = readme.slice(readme.indexOf("## Benchmarks"));
  const said = /runs (\w+) queries/.exec(section)?.[1];
  const words = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"];
  expect(said).toBe(words[QUERIES.length]);
});
