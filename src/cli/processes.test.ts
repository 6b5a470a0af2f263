import { execFile, spawn, spawnSync, type ChildProcess } from "node:child_process";
import { appendFileSync, cpSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { open } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterEach, beforeAll, describe, expect, test } from "vitest";
import { startHarness, type Harness } from "../serve/test-support.js";
import { numberedEvents, seed } from "../cloudwatch/testing/seed.js";
import { runTolog } from "./test-helpers/run-tolog.js";

/**
 * tolog as users run it: the binary in a child process, real signals, a real shell. The binary
 * runs the compiled CLI, so the sources are built first.
 */
const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const BASE = Math.floor((Date.now() - 30 * 60_000) / 1000) * 1000;
const AWS_ENV = { AWS_ACCESS_KEY_ID: "test", AWS_SECRET_ACCESS_KEY: "test", AWS_REGION: "us-east-1" };

let h: Harness | undefined;
const children: ChildProcess[] = [];
afterEach(async () => {
  for (const child of children.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  await h?.close();
  h = undefined;
});

beforeAll(async () => {
  await promisify(execFile)(process.execPath, ["node_modules/typescript/bin/tsc", "-p", "tsconfig.build.json"], { cwd: ROOT }).catch(
    (error: { stdout?: string }) => {
      // Type errors elsewhere in the tree still emit JavaScript; only a missing entry point is fatal.
      if (!/error TS/.test(error.stdout ?? "")) throw error;
    },
  );
  // bin/tolog.js runs the bundle: build it from these sources too.
  await promisify(execFile)(process.execPath, ["scripts/bundle.mjs"], { cwd: ROOT });
}, 300_000);

interface Running {
  child: ChildProcess;
  stdout(): string;
  stderr(): string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

function start(args: string[], env: Record<string, string> = {}): Running {
  const child = spawn(process.execPath, ["bin/tolog.js", ...args], { cwd: ROOT, env: { PATH: process.env.PATH ?? "", ...env }, stdio: ["pipe", "pipe", "pipe"] });
  children.push(child);
  let stdout = "";
  let stderr = "";
  child.stdout?.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on("exit", (code, signal) => resolve({ code, signal })));
  return { child, stdout: () => stdout, stderr: () => stderr, exited };
}

/** Bounded wait (10 s) for a condition, polling. */
async function until(condition: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 200 && !condition(); i++) await new Promise((resolve) => setTimeout(resolve, 50));
  if (!condition()) throw new Error(`gave up waiting for ${what}`);
}

describe("interrupted by a signal: 128 + the signal's number, after cleaning up", () => {
  for (const [signal, code] of [["SIGINT", 130], ["SIGTERM", 143]] as const) {
    test(`${signal} stops the running CloudWatch query (StopQuery) and exits ${code}; no SDK notice on stderr`, async () => {
      const harness = (h = await startHarness({ inject: { queryTimeMs: 120_000 } }));
      await seed(harness.client, "app", "s", numberedEvents(20, BASE, 1000));
      const run = start(
        ["query", "fields n", "--log-group", "app", "--endpoint-url", harness.server.url, "--start", String(BASE - 1000), "--end", String(BASE + 60_000)],
        AWS_ENV,
      );
      // The query stays Running for two minutes: wait until it is polled.
      await until(() => harness.server.requests.some((r) => r.operation === "GetQueryResults"), "the query to be polled");
      run.child.kill(signal);
      expect(await run.exited).toEqual({ code, signal: null });
      expect(harness.server.requests.filter((r) => r.operation === "StopQuery").map((r) => r.status)).toEqual([200]);
      expect(run.stderr()).toContain("interrupted: the query was stopped on CloudWatch");
      expect(run.stderr()).not.toMatch(/NodeVersionSupportWarning|AWS SDK for JavaScript/);
    }, 60_000);

    test(`${signal} on a local query that is reading a pipe ends it by the signal (the shell reports ${code})`, async () => {
      const dir = mkdtempSync(join(tmpdir(), "tolog-signal-"));
      const fifo = join(dir, "events.fifo");
      await promisify(execFile)("mkfifo", [fifo]);
      try {
        const run = start(["query", "stats count(*)", "--logs", fifo]);
        // Opening a FIFO for writing waits for its reader: then tolog is running and reading.
        const writer = await open(fifo, "w");
        await writer.write('{"level":"info","message":"one"}\n');
        run.child.kill(signal);
        // Nothing to clean up remotely: it ends by the signal itself (the shell says 128 + N).
        expect(await run.exited).toEqual({ code: null, signal });
        expect(run.stdout()).toBe("");
        await writer.close();
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    }, 30_000);

    test(`query --follow ends on ${signal} with ${code}, quietly`, async () => {
      const dir = mkdtempSync(join(tmpdir(), "tolog-follow-signal-"));
      try {
        const file = join(dir, "app.jsonl");
        writeFileSync(file, '{"level":"info","n":1}\n');
        const run = start(["query", "stats count(*) as n", "--follow", "--interval", "500ms", "--logs", file]);
        await until(() => run.stdout().includes("│ 1 │"), "the first snapshot");
        appendFileSync(file, '{"level":"info","n":2}\n');
        await until(() => run.stdout().includes("│ 2 │"), "the snapshot after a line was added");
        run.child.kill(signal);
        expect(await run.exited).toEqual({ code, signal: null });
        expect(run.stderr()).toBe("");
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    }, 30_000);

    test(`tolog serve stops cleanly on ${signal} and exits ${code}`, async () => {
      const dir = mkdtempSync(join(tmpdir(), "tolog-serve-signal-"));
      try {
        const run = start(["serve", "--port", "0", "--dir", dir]);
        await until(() => run.stdout().includes("AWS_ENDPOINT_URL"), "the endpoint to listen");
        run.child.kill(signal);
        expect(await run.exited).toEqual({ code, signal: null });
        expect(run.stderr()).toContain(`${signal}: stopping`);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    }, 30_000);
  }
});

test("tolog serve runs StartQuery's query on its query threads, from the bundle", async () => {
  const dir = mkdtempSync(join(tmpdir(), "tolog-serve-threads-"));
  try {
    const run = start(["serve", "--port", "0", "--dir", dir]);
    await until(() => /http:\/\/127\.0\.0\.1:\d+/.test(run.stdout()), "the endpoint to listen");
    const url = /http:\/\/127\.0\.0\.1:\d+/.exec(run.stdout())![0];
    const { CloudWatchLogsClient, CreateLogGroupCommand, CreateLogStreamCommand, PutLogEventsCommand, StartQueryCommand, GetQueryResultsCommand } =
      await import("@aws-sdk/client-cloudwatch-logs");
    const client = new CloudWatchLogsClient({ endpoint: url, region: "us-east-1", credentials: { accessKeyId: "test", secretAccessKey: "test" } });
    const now = Date.now();
    await client.send(new CreateLogGroupCommand({ logGroupName: "app" }));
    await client.send(new CreateLogStreamCommand({ logGroupName: "app", logStreamName: "s" }));
    const logEvents = [1, 2, 3].map((n) => ({ timestamp: now, message: JSON.stringify({ n }) }));
    await client.send(new PutLogEventsCommand({ logGroupName: "app", logStreamName: "s", logEvents }));
    const { queryId } = await client.send(
      new StartQueryCommand({ logGroupName: "app", startTime: Math.floor(now / 1000) - 60, endTime: Math.floor(now / 1000) + 60, queryString: "stats sum(n) as total" }),
    );
    let answer;
    for (let i = 0; i < 200; i++) {
      answer = await client.send(new GetQueryResultsCommand({ queryId }));
      if (answer.status !== "Scheduled" && answer.status !== "Running") break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    client.destroy();
    expect(answer?.status).toBe("Complete");
    expect(answer?.results).toEqual([[{ field: "total", value: "6" }]]);
    run.child.kill("SIGINT");
    await run.exited;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}, 60_000);

test("--follow of stdin refused for ndjson snapshots exits 2 at once, the pipe still open", async () => {
  const run = start(["query", "stats count(*) by route", "--follow", "--logs", "-", "--format", "ndjson"]);
  run.child.stdin?.write('{"route":"/a"}\n');
  const exited = await Promise.race([run.exited, new Promise<"waiting">((resolve) => setTimeout(() => resolve("waiting"), 8000))]);
  expect(exited).toEqual({ code: 2, signal: null });
  expect(run.stderr()).toMatch(/ndjson's rows would run one snapshot into the next/);
});

test("`2>&1 | head -1` ends quietly with exit 0: stderr on the pipe the reader closed is dropped as stdout is", async () => {
  // The footer and warnings go to stderr after the rows: on the closed pipe their write failed
  // with EPIPE, and tolog exited 1 with nothing said (the race made it one run in two or three).
  for (let run = 0; run < 4; run++) {
    const shell = 'node bin/tolog.js query "fields event" --logs fixtures/runs/corrected --format ndjson 2>&1 | head -1 >/dev/null; echo "${PIPESTATUS[0]}"';
    const { stdout } = await promisify(execFile)("bash", ["-c", shell], { cwd: ROOT, env: { PATH: process.env.PATH ?? "" } });
    expect({ run, exit: stdout.trim() }).toEqual({ run, exit: "0" });
  }
}, 60_000);

test("the SDK's Node-version notice is turned off, and other warnings still show", async () => {
  const script = [
    `const { createLogsClient } = await import(${JSON.stringify(new URL("../../dist/src/cloudwatch/client.js", import.meta.url).href)});`,
    `createLogsClient({ endpointUrl: "http://127.0.0.1:9", region: "us-east-1" }, {}).destroy();`,
    `process.emitWarning("another warning");`,
  ].join("\n");
  const { stderr } = await promisify(execFile)(process.execPath, ["--input-type=module", "-e", script], { cwd: ROOT, env: { PATH: process.env.PATH ?? "" } });
  expect(stderr).toContain("another warning");
  expect(stderr).not.toMatch(/NodeVersionSupportWarning/);
});

test("a printed follow-up command runs when pasted into a shell, quoted, with the logs and range it ran on", async () => {
  // A directory whose name needs quoting: a space and a quote.
  const parent = mkdtempSync(join(tmpdir(), "tolog-hint-"));
  const logs = join(parent, "it's logs");
  cpSync(join(ROOT, "fixtures/course-practical/single-quote-bug"), logs, { recursive: true });
  try {
    const races = await runTolog(["races", "--logs", logs, "--start", "2025-09-01T00:00:00Z", "--end", "2025-09-02T00:00:00Z"]);
    const example = /^Example: (.*)$/m.exec(races.stdout)?.[1] ?? "";
    expect(example).toBe(
      `npx tolog trace ${/Example: npx tolog trace ([\w-]+)/.exec(races.stdout)?.[1]} --logs '${parent}/it'\\''s logs' ` +
        "--start 2025-09-01T00:00:00.000Z --end 2025-09-02T00:00:00.000Z",
    );
    // `npx tolog` runs this repository's bin (bin/tolog.js); the shell function stands in for npx
    // so that the command runs on the build made above, not on whatever dist/ npx would find.
    const shell = `npx() { [ "$1" = tolog ] && shift; node bin/tolog.js "$@"; }\n${example}`;
    const { stdout } = await promisify(execFile)("sh", ["-c", shell], { cwd: ROOT, env: { PATH: process.env.PATH ?? "" } });
    expect(stdout).toMatch(/^POST \/api\/v1\/todos -> .* in [\d.]+ ms\n.*\nrequest a4128fae-/); // headline, time split, request
  } finally {
    rmSync(parent, { recursive: true, force: true });
  }
});

// A pseudo-terminal from util-linux's `script`, so that the bundle's interactive views run as on
// a user's terminal (the in-process view tests run the sources, where React loads differently).
const HAS_SCRIPT = spawnSync("script", ["--version"], { stdio: "ignore" }).status === 0;

test.skipIf(!HAS_SCRIPT)("an interactive view runs from the binary on an 80x24 terminal, headline first, and q quits it", async () => {
  const command = `stty cols 80 rows 24; exec '${process.execPath}' bin/tolog.js races -i --logs fixtures/runs/course-bugs-2023`;
  const child = spawn("script", ["-qec", command, "/dev/null"], { cwd: ROOT, env: { PATH: process.env.PATH ?? "", NO_COLOR: "1" } });
  children.push(child);
  let screen = "";
  child.stdout.on("data", (chunk: Buffer) => (screen += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  await until(() => /337 created, 0 deleted, 337 orphaned/.test(screen) || child.exitCode !== null, "the view's headline");
  child.stdin.write("q");
  expect(await exited).toBe(0);
  expect(screen).not.toMatch(/a bug in tolog/);
  expect(screen).toMatch(/up\/down or j\/k: move {2}q: quit/);
}, 60_000);

test.skipIf(!HAS_SCRIPT)("Ctrl-C while the progress line is drawn clears it before tolog ends, so the prompt starts on a clean line", async () => {
  const dir = mkdtempSync(join(tmpdir(), "tolog-progress-signal-"));
  try {
    // Enough to read for seconds on one thread: request lines, ~150 MB.
    const file = join(dir, "big.log");
    const out = await open(file, "w");
    for (let batch = 0; batch < 90; batch++) {
      const lines = Array.from({ length: 10_000 }, (_, i) => {
        const n = batch * 10_000 + i;
        return JSON.stringify({ timestamp: new Date(Date.UTC(2026, 0, 1) + n * 10).toISOString(), level: "info", event: n % 2 ? "request_finished" : "request_started", request_id: `r${n >> 1}`, method: "GET", route: "/api/v1/todos", status: 200, duration_ms: 5 });
      });
      await out.write(lines.join("\n") + "\n");
    }
    await out.close();
    const command = `stty cols 80 rows 24; TOLOG_THREADS=1 exec '${process.execPath}' bin/tolog.js latency --logs '${file}'`;
    const child = spawn("script", ["-qec", command, "/dev/null"], { cwd: ROOT, env: { PATH: process.env.PATH ?? "", NO_COLOR: "1" } });
    children.push(child);
    let screen = "";
    child.stdout.on("data", (chunk: Buffer) => (screen += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
    await until(() => /Reading {2}[\d,]+ events/.test(screen) || child.exitCode !== null, "the progress line");
    // Ctrl-C as a terminal sends it: SIGINT to the foreground process.
    child.stdin.write("\x03");
    expect(await exited).toBe(130);
    // After the last progress line drawn: the sequence that clears it (or a newline), before the end.
    const after = screen.slice(screen.lastIndexOf("Reading"));
    expect(after).toMatch(/\r\x1b\[2K|\n/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}, 60_000);

