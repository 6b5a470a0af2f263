import { type ChildProcess, execFile, spawn } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import http from "node:http";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { freePort } from "../src/db/embedded.js";

/**
 * The service, the load runner and the demo as users run them: the compiled entry points in
 * child processes, real signals, a real terminal, a port in use. Every wait is bounded; every process a test starts is killed after it, and
 * every Postgres left on a test's directories is stopped.
 */
const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const DIST = path.join(ROOT, "dist", "service");
const SERVICE_MAIN = path.join(DIST, "src", "main.js");
const LOAD_MAIN = path.join(DIST, "loadtest", "runner", "main.js");
const DEMO_MAIN = path.join(DIST, "src", "demo", "main.js");

const embedded = !process.env.DATABASE_URL && process.platform === "linux";
const { DATABASE_URL: _url, ...baseEnv } = process.env;

let tmp: string;
const children: ChildProcess[] = [];

beforeAll(async () => {
  await promisify(execFile)(process.execPath, ["node_modules/typescript/bin/tsc", "-p", "service/tsconfig.build.json"], { cwd: ROOT });
  tmp = mkdtempSync(path.join(os.tmpdir(), "svc-processes-"));
  // As root, Postgres runs as the postgres user, which must reach the data directories.
  chmodSync(tmp, 0o755);
}, 300_000);

afterEach(() => {
  for (const child of children.splice(0)) {
    try {
      // The demo runs in a process group of its own: what it leaves behind goes with it.
      if (child.spawnargs.includes(DEMO_MAIN) && child.pid) process.kill(-child.pid, "SIGKILL");
      else if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
    } catch {
      // gone meanwhile
    }
  }
  if (!tmp) return;
  // What the demo started in process groups of their own (the service, the load runner), should
  // a test fail before the demo stopped them: their environment names this file's directory.
  for (const pid of startedUnder(tmp)) process.kill(pid, "SIGKILL");
  for (const pid of postgresUnder(tmp)) process.kill(pid, "SIGQUIT");
});

afterAll(() => {
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

interface Running {
  child: ChildProcess;
  stdout(): string;
  stderr(): string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

function start(main: string, args: string[], env: Record<string, string>, options: { detached?: boolean } = {}): Running {
  const child = spawn(process.execPath, [main, ...args], {
    cwd: ROOT,
    env: { ...baseEnv, INIT_CWD: tmp, ...env },
    stdio: ["ignore", "pipe", "pipe"],
    detached: options.detached ?? false,
  });
  children.push(child);
  let stdout = "";
  let stderr = "";
  child.stdout?.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on("exit", (code, signal) => resolve({ code, signal })));
  return { child, stdout: () => stdout, stderr: () => stderr, exited };
}

/** Bounded wait for a condition, polling. */
async function until(condition: () => boolean | Promise<boolean>, what: string, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** The exit of a child, or an error after `ms`. */
async function exitOf(run: Running, ms: number): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`still running after ${ms} ms`)), ms)));
  try {
    return await Promise.race([run.exited, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** The Postgres processes whose command line names a directory under `dir`. */
function postgresUnder(dir: string): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const args = readFileSync(`/proc/${entry}/cmdline`, "utf8").split("\0");
      if (path.basename(args[0] ?? "") === "postgres" && args.some((a) => a === dir || a.startsWith(dir + path.sep))) pids.push(Number(entry));
    } catch {
      // ended meanwhile
    }
  }
  return pids;
}

/** Node processes started by these tests, however deep: INIT_CWD or EMBEDDED_PG_DIR under `dir`. */
function startedUnder(dir: string): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    try {
      const env = readFileSync(`/proc/${entry}/environ`, "utf8").split("\0");
      if (env.some((v) => v.startsWith(`INIT_CWD=${dir}`) || v.startsWith(`EMBEDDED_PG_DIR=${dir}`))) pids.push(Number(entry));
    } catch {
      // ended meanwhile
    }
  }
  return pids;
}

/** The processes whose command line has every one of `words`. */
function processesNaming(...words: string[]): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const args = readFileSync(`/proc/${entry}/cmdline`, "utf8").split("\0");
      if (words.every((w) => args.includes(w))) pids.push(Number(entry));
    } catch {
      // ended meanwhile
    }
  }
  return pids;
}

async function healthy(port: number): Promise<boolean> {
  try {
    return (await fetch(`http://127.0.0.1:${port}/api/v1/health`, { signal: AbortSignal.timeout(1000) })).status === 200;
  } catch {
    return false;
  }
}

function logRecords(file: string): Record<string, unknown>[] {
  return readFileSync(file, "utf8")
    .split("\n")
    .filter((l) => l.length > 0)
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

describe("the service, stopped by a signal", () => {
  it("SIGHUP, even twice (a closed terminal sends two), drains, stops its embedded Postgres, logs service_stopping and ends by SIGHUP (129)", async (ctx) => {
    if (!embedded) return ctx.skip();
    const pgDir = path.join(tmp, "hup", "pg");
    const logFile = path.join(tmp, "hup", "service.log.jsonl");
    const port = await freePort();
    const run = start(SERVICE_MAIN, [], { PORT: String(port), EMBEDDED_PG_DIR: pgDir, LOG_FILE: logFile });
    await until(() => healthy(port), "the service to answer", 120_000);
    expect(postgresUnder(pgDir).length).toBeGreaterThan(0);
    run.child.kill("SIGHUP");
    await new Promise((resolve) => setTimeout(resolve, 20));
    run.child.kill("SIGHUP");
    // Ended by the signal itself, after the clean stop: the shell reports 128 + 1.
    expect(await exitOf(run, 30_000)).toEqual({ code: null, signal: "SIGHUP" });
    expect(postgresUnder(pgDir)).toEqual([]);
    expect(existsSync(`${pgDir}.owner`)).toBe(false);
    const records = logRecords(logFile);
    expect(records.find((r) => r.event === "service_stopping")).toMatchObject({ reason: "SIGHUP" });
    expect(run.stderr()).toBe("");
  }, 180_000);

  it("Ctrl-C in its terminal (SIGINT to its whole process group) drains before its Postgres stops, and exits 0: a completed stop", async (ctx) => {
    if (!embedded) return ctx.skip();
    const pgDir = path.join(tmp, "ctrl-c", "pg");
    const logFile = path.join(tmp, "ctrl-c", "service.log.jsonl");
    const port = await freePort();
    // Every todo request waits 0.5-2 s before its handler (chaos), so that one is in flight.
    const chaos = { CHAOS_MODE: "on", CHAOS_LATENCY_RATE: "1", CHAOS_LATENCY_MS: "2000", CHAOS_FAILURE_RATE: "0" };
    const run = start(SERVICE_MAIN, [], { PORT: String(port), EMBEDDED_PG_DIR: pgDir, LOG_FILE: logFile, ...chaos }, { detached: true });
    await until(() => healthy(port), "the service to answer", 120_000);
    // A request in flight when Ctrl-C comes: the drain lets it finish, on a database still there.
    const post = { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ title: "in flight" }) };
    const slow = fetch(`http://127.0.0.1:${port}/api/v1/todos`, post).then((r) => r.status, (e: unknown) => String(e));
    await until(() => existsSync(logFile) && logRecords(logFile).some((r) => r.event === "chaos_latency"), "the request to be in flight", 10_000);
    process.kill(-run.child.pid!, "SIGINT");
    expect(await exitOf(run, 30_000)).toEqual({ code: 0, signal: null });
    expect(await slow).toBe(201);
    const records = logRecords(logFile);
    expect(records.find((r) => r.event === "service_stopping")).toMatchObject({ reason: "SIGINT" });
    expect(records.filter((r) => r.event === "db_unavailable" || (r.event === "db_query" && r.error_code !== undefined))).toEqual([]);
    expect(postgresUnder(pgDir)).toEqual([]);
  }, 180_000);

  it("on a terminal that is closed (its pty hung up), it stops cleanly and ends by SIGHUP, not by a crash", async (ctx) => {
    if (!embedded || !existsSync("/usr/bin/script")) return ctx.skip(); // util-linux's script gives it a terminal
    const dir = path.join(tmp, "terminal");
    const pgDir = path.join(dir, "pg");
    const logFile = path.join(dir, "service.log.jsonl");
    const result = path.join(dir, "result.json");
    mkdirSync(dir, { recursive: true });
    // The terminal's shell in small: the service in the foreground on the terminal; the shell
    // passes the hang-up on to its job, and notes how the job ended.
    const shell = path.join(dir, "shell.cjs");
    writeFileSync(
      shell,
      `const { spawn } = require("node:child_process");
const child = spawn(process.execPath, [${JSON.stringify(SERVICE_MAIN)}], { stdio: "inherit" });
process.on("SIGHUP", () => child.kill("SIGHUP"));
child.on("exit", (code, signal) => { require("node:fs").writeFileSync(${JSON.stringify(result)}, JSON.stringify({ code, signal })); process.exit(0); });
`,
    );
    const port = await freePort();
    const terminal = spawn("/usr/bin/script", ["-qfec", `exec '${process.execPath}' '${shell}'`, "/dev/null"], {
      env: { ...baseEnv, INIT_CWD: tmp, PORT: String(port), EMBEDDED_PG_DIR: pgDir, LOG_FILE: logFile },
      stdio: ["pipe", "pipe", "pipe"],
    });
    children.push(terminal);
    await until(() => healthy(port), "the service to answer", 120_000);
    const owner = Number(readFileSync(`${pgDir}.owner`, "utf8"));
    try {
      terminal.kill("SIGKILL"); // the window closed: the pty's master is gone
      await until(() => existsSync(result), "the service to end", 30_000);
      expect(JSON.parse(readFileSync(result, "utf8"))).toEqual({ code: null, signal: "SIGHUP" });
      expect(postgresUnder(pgDir)).toEqual([]);
      expect(existsSync(`${pgDir}.owner`)).toBe(false);
      expect(logRecords(logFile).find((r) => r.event === "service_stopping")).toMatchObject({ reason: "SIGHUP" });
    } finally {
      // Not a child of this test (the terminal was its parent): ended here if it hangs.
      try {
        process.kill(owner, "SIGKILL");
      } catch {
        // it ended, as it should
      }
    }
  }, 180_000);

  it("SIGTERM while it is still starting stops the Postgres it started, and exits 143", async (ctx) => {
    if (!embedded) return ctx.skip();
    const pgDir = path.join(tmp, "early", "pg");
    const port = await freePort();
    const run = start(SERVICE_MAIN, [], { PORT: String(port), EMBEDDED_PG_DIR: pgDir, LOG_FILE: path.join(tmp, "early", "service.log.jsonl") });
    // Postgres has started (its lock file is written) before the migrations and the listen.
    await until(() => existsSync(path.join(pgDir, "postmaster.pid")), "Postgres to start", 120_000);
    run.child.kill("SIGTERM");
    expect(await exitOf(run, 30_000)).toEqual({ code: 143, signal: null });
    expect(postgresUnder(pgDir)).toEqual([]);
    expect(existsSync(`${pgDir}.owner`)).toBe(false);
  }, 180_000);
});

describe("the service on a port in use", () => {
  it("says so at once, before any Postgres work, names the address and the way out, and exits 1", async () => {
    const taken = net.createServer();
    await new Promise<void>((resolve) => taken.listen(0, "127.0.0.1", resolve));
    const port = (taken.address() as net.AddressInfo).port;
    const pgDir = path.join(tmp, "taken", "pg");
    try {
      const t0 = Date.now();
      const run = start(SERVICE_MAIN, [], { PORT: String(port), EMBEDDED_PG_DIR: pgDir });
      expect(await exitOf(run, 30_000)).toEqual({ code: 1, signal: null });
      expect(Date.now() - t0).toBeLessThan(3000);
      expect(existsSync(pgDir)).toBe(false);
      const stderr = run.stderr();
      expect(stderr).toContain(`127.0.0.1:${port} is already in use`);
      expect(stderr).toMatch(/PORT=\d+ npm start -w service/);
      expect(stderr).not.toContain("EADDRINUSE");
      expect(stderr.trim().split("\n")).toHaveLength(1);
    } finally {
      taken.close();
    }
  }, 60_000);

  it("a HOST that is not this machine's: the same, at once", async () => {
    const pgDir = path.join(tmp, "elsewhere", "pg");
    const port = await freePort();
    const run = start(SERVICE_MAIN, [], { HOST: "192.0.2.1", PORT: String(port), EMBEDDED_PG_DIR: pgDir }); // TEST-NET-1
    expect(await exitOf(run, 30_000)).toEqual({ code: 1, signal: null });
    expect(existsSync(pgDir)).toBe(false);
    expect(run.stderr()).toBe("taskoverflow: HOST=192.0.2.1 is not an address of this machine: leave HOST unset for 127.0.0.1, or set HOST=0.0.0.0 to listen on every interface\n");
  }, 60_000);
});

/** A stand-in for the service: lists, creates and deletes, without a database. */
async function stubService(): Promise<{ port: number; close(): Promise<void> }> {
  let id = 0;
  const server = http.createServer((req, res) => {
    req.resume();
    req.on("end", () => {
      res.setHeader("content-type", "application/json");
      if (req.method === "POST") {
        res.statusCode = 201;
        res.end(JSON.stringify({ id: ++id }));
      } else res.end(req.method === "GET" ? "[]" : "{}");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    close: () => new Promise<void>((resolve) => (server.closeAllConnections(), server.close(() => resolve()))),
  };
}

const SMALL_LOAD = ["--studiers", "4", "--planners", "2", "--iterations", "50", "--studier-sleep", "100ms", "--planner-sleep", "100ms", "--quiet"];

describe("the load runner", () => {
  it("says the endpoint could not be reached, and exits 1, when no request could connect", async () => {
    const port = await freePort();
    const run = start(LOAD_MAIN, ["--endpoint", `http://127.0.0.1:${port}`, "--duration", "2s", "--course-bugs", ...SMALL_LOAD], {});
    expect(await exitOf(run, 30_000)).toEqual({ code: 1, signal: null });
    expect(run.stdout()).toContain("http_req_failed");
    expect(run.stderr()).toContain(`could not connect to http://127.0.0.1:${port}`);
    expect(run.stderr()).toContain("Is the service running? Start it with: npm start -w service");
  }, 60_000);

  it("with --course-bugs against a service that answers: the DELETEs fail as the course's, no hint, exit 0", async () => {
    const stub = await stubService();
    try {
      const run = start(LOAD_MAIN, ["--endpoint", `http://127.0.0.1:${stub.port}`, "--duration", "2s", "--course-bugs", ...SMALL_LOAD], {});
      expect(await exitOf(run, 30_000)).toEqual({ code: 0, signal: null });
      expect(run.stdout()).toMatch(/http_req_failed\.+: [1-9]/);
      expect(run.stderr()).not.toContain("could not connect");
    } finally {
      await stub.close();
    }
  }, 60_000);

  it("Ctrl-C prints the summary so far and exits 130", async () => {
    const stub = await stubService();
    try {
      const run = start(LOAD_MAIN, ["--endpoint", `http://127.0.0.1:${stub.port}`, "--duration", "60s", ...SMALL_LOAD], {});
      await until(() => run.stderr().includes("planners"), "the run to start", 20_000);
      await new Promise((resolve) => setTimeout(resolve, 1500));
      run.child.kill("SIGINT");
      expect(await exitOf(run, 10_000)).toEqual({ code: 130, signal: null });
      expect(run.stdout()).toContain("TOTAL RESULTS");
      expect(run.stdout()).toMatch(/http_reqs\.+: [1-9]/);
      expect(run.stderr()).toContain("load: interrupted (SIGINT)");
    } finally {
      await stub.close();
    }
  }, 60_000);
});

describe("the demo, interrupted", () => {
  for (const [how, signal, code] of [
    ["Ctrl-C (SIGINT to its whole process group, as a terminal sends it)", "SIGINT", 130],
    ["SIGTERM to the demo alone", "SIGTERM", 143],
  ] as const) {
    it(`${how}: stops the service and the load, removes the scratch database, says where the logs are, exits ${code}`, async (ctx) => {
      if (!embedded) return ctx.skip();
      const home = path.join(tmp, `demo-${signal}`);
      const run = start(DEMO_MAIN, [], { INIT_CWD: home }, { detached: true });
      await until(() => run.stderr().includes("demo: load:"), "the service to start and the load to begin", 150_000);
      const runs = path.join(home, ".tolog", "runs");
      const [stamp] = readdirSync(runs);
      const runDir = path.join(runs, stamp, "course-bugs");
      const pgDir = path.join(runDir, "pg");
      expect(postgresUnder(pgDir).length).toBeGreaterThan(0);
      const service = Number(readFileSync(`${pgDir}.owner`, "utf8"));
      const port = /TaskOverflow on 127\.0\.0\.1:(\d+)/.exec(run.stderr())![1];
      // The demo says "load:" just before it spawns the runner, whose command line shows once it runs.
      await until(() => processesNaming(LOAD_MAIN, `http://127.0.0.1:${port}`).length > 0, "the load runner to run", 10_000);
      const load = processesNaming(LOAD_MAIN, `http://127.0.0.1:${port}`);
      expect(load).toHaveLength(1);
      await new Promise((resolve) => setTimeout(resolve, 1000));
      if (signal === "SIGINT") process.kill(-run.child.pid!, signal);
      else run.child.kill(signal);
      expect(await exitOf(run, 60_000)).toEqual({ code, signal: null });
      // The service and its Postgres, and the load runner, ended before it.
      for (const pid of [service, ...load]) expect(() => process.kill(pid, 0), `process ${pid}`).toThrow();
      expect(postgresUnder(pgDir)).toEqual([]);
      for (const left of [pgDir, `${pgDir}.owner`, `${pgDir}.password`]) expect(existsSync(left), left).toBe(false);
      // The service flushed its log as it stopped, and the load runner printed its summary so far.
      expect(logRecords(path.join(runDir, "service.log.jsonl")).find((r) => r.event === "service_stopping")).toMatchObject({ reason: "SIGTERM" });
      expect(run.stdout()).toContain("TOTAL RESULTS");
      const said = run.stderr().trim().split("\n").at(-1);
      expect(said).toBe(`demo: interrupted (${signal}); the logs so far are in ${path.join(".tolog", "runs", stamp)}/`);
      // No analysis of the half-written log was started.
      expect(run.stdout()).not.toContain("npx tolog");
    }, 240_000);
  }
});
