import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, expect, test } from "vitest";
import { generate, GROUP } from "../../bench/generate.js";
import { runQuery } from "../index.js";
import { openLocalSource } from "../../sources/local/index.js";
import { vpcLineMaker } from "../test/vpc-lines.js";

const ROOT = fileURLToPath(new URL("../../../", import.meta.url));
const NOW = Date.UTC(2026, 10, 21);
// A build of its own, so that no other test's build rewrites the files while workers load them.
const OUT = path.join(ROOT, "node_modules", ".cache", "tolog-parallel-test");

/**
 * Every mergeable aggregate, by keys with and without bin(), filters, parse, later commands; and
 * sorts, limits and the row cap right after row-wise commands.
 */
const PARALLEL = [
  "stats count(*), avg(duration_ms), pct(duration_ms, 95) by sql",
  "stats count(*) by bin(1m), status",
  // Read in morsels: groups first seen all through the input, in first-seen order.
  "stats count(*), max(duration_ms), min(status) by request_id",
  "stats count() as n, count(status), sum(duration_ms), min(duration_ms), max(duration_ms) by event",
  "stats stddev(duration_ms), variance(duration_ms), avg(db_ms) by level, status",
  "stats countDistinct(request_id), count_distinct(url), values(status) by event",
  "stats values(url) by level",
  "stats earliest(request_id), latest(request_id), earliest(status), latest(message) by bin(5m)",
  "stats min(@timestamp), max(@timestamp), sortsFirst(url), sortsLast(url) by status",
  "stats topk(3, sql)",
  "stats count(*)",
  "stats sum(response_bytes) / count(*) as mean, pct(response_bytes, 50) as p50",
  'filter event = "db_query" | stats pct(duration_ms, 50), pct(duration_ms, 99), avg(pool_wait_ms) by operation',
  'parse url "/api/v1/todos/*" as todo_id | filter ispresent(todo_id) | stats count(*) as n by todo_id | sort n desc, todo_id asc | limit 50',
  'fields concat(level, "-", status) as ls | stats count(*) as n, sum(response_bytes) by ls | sort n desc',
  'fields concat("", duration_ms) as d | stats pct(d, 50), pct(d, 90), min(d), max(d) by level',
  "stats count(*) as n by bin(5m) | sort @timestamp asc",
  "stats avg(duration_ms) as a by sql | stats max(a), count(*)",
  "stats countOverTime(status), sumOverTime(duration_ms) by bin(10m)",
  "filter status >= 400 | stats count(*) by url | limit 3",
  'filter level = "nothing such" | stats count(*) by url',
  // The first rows of an order: a part's own first rows, merged in scan order (ties on time and keys).
  "sort duration_ms desc | limit 20",
  'parse url "/api/v1/todos/*" as todo_id | filter ispresent(todo_id) | limit 500',
  "fields @timestamp, status, url | sort status asc | limit 50",
  "sort @timestamp asc | limit 7",
  'filter event = "request_finished" | limit 30 | fields status, duration_ms',
  // The default order's first rows, with the floor the threads share (ties on time included).
  "fields @timestamp, status | limit 7",
  "filter ispresent(duration_ms) | limit 1000",
  // Up to the row cap: the default order's parts hold only rows after the shared floor.
  "filter status >= 400",
  "filter ispresent(sql) | limit 5000",
  'fields concat(method, " ", route) as call | sort call | limit 200 | display call, status',
  'filter level = "nothing such" | sort duration_ms | limit 3',
  // Needles (a literal searched in the raw bytes): any bound up to the row cap.
  'filter level = "error" | sort @timestamp asc',
  'filter method = "DELETE" | fields @timestamp, url',
];

/** Plans the parallel path must leave to the single thread (still the same results). */
const SINGLE = [
  "unnest url into u | stats count(*) by u",
  "pattern @message | stats count(*)",
  "stats rate(duration_ms, 1m) by bin(5m)",
  "stats histogram(duration_ms, 5)",
  "sort duration_ms desc | dedup status",
  "dedup url | limit 5",
  // More rows than TOP_IN_PARTS_MAX to keep in an order of their own: a large limit, the row cap.
  "sort duration_ms desc | limit 5000",
  "sort @timestamp asc",
  // More than the row cap in the default order.
  "filter status >= 400 | limit 20000",
];

/**
 * The default order read newest part first: files whose times tie across files and parts, and
 * lines that are not JSON in several parts, so that ties and warnings must come out in scan order.
 */
const NEWEST_FIRST = [
  "fields @timestamp, n | limit 7",
  "filter n % 3 = 0 | limit 900",
  'filter tag = "b" | fields n, @logStream',
  'fields @timestamp, n, @message | filter file = "c.jsonl"',
  // No needle, up to the row cap.
  "filter n % 7 = 1",
];

/**
 * The default order over one file in ascending time, where later parts' rows fall before the
 * shared floor: the same rows as one thread, and `truncated` only where the row cap cut rows
 * (whether a part's rows are outdated after it read them depends on timing: part.test.ts).
 */
const ASCENDING = ["fields @timestamp, n | limit 5000", "fields @timestamp, n | limit 7", "fields @timestamp, n"];

/**
 * Stats handed usual flow records from their bytes (engine/vended/flow-stats.ts), in parts: the
 * rows, statistics and warnings of a row at a time on one thread (a filter of a system field takes that path).
 */
const FLOW_RECORDS = [
  "stats sum(bytes), count(*), avg(packets) by srcAddr, dstAddr",
  "stats count(*) by dstPort, action, srcAddr",
  "stats sum(bytes), count(srcPort) by dstAddr",
  'filter action = "ACCEPT" and dstPort < 800 | stats sum(bytes) by srcAddr, dstAddr',
];

/** Flow log lines of every kind (vpcLineMaker), and usual records among them from thousands of address pairs. */
function writeFlows(into: string): void {
  mkdirSync(into);
  const { random, line } = vpcLineMaker(11);
  // Files under a MiB: a part holds several, which a read of small ranges would take at once.
  for (const name of ["a.log", "b.log", "c.log", "d.log", "e.log", "f.log", "g.log", "h.log"]) {
    const lines: string[] = [];
    for (let n = 0; n < 7_000; n++) {
      const usual = `2 123456789012 eni-0a1 10.1.${n % 7}.${Math.floor(random() * 90)} 10.2.0.${Math.floor(random() * 50)} 443 ${n % 900} 6 ${n % 13} ${n * 7} 1700000000 1700000060 ACCEPT OK`;
      lines.push(random() < 0.5 ? usual : line());
    }
    writeFileSync(path.join(into, name), lines.join("\n") + "\n");
  }
}

const TIES_MAX_LINE_BYTES = 200;

/** Three files of the same few seconds (ties across files), each with a line too long now and then. */
function writeTies(into: string): void {
  mkdirSync(into);
  for (const name of ["a.jsonl", "b.jsonl", "c.jsonl"]) {
    const lines: string[] = [];
    for (let n = 0; n < 4000; n++) {
      const time = new Date(NOW + Math.floor(n / 400) * 1000).toISOString();
      // Longer than the test's line limit now and then: a warning from that part.
      const pad = n % 1500 === 700 ? "x".repeat(TIES_MAX_LINE_BYTES) : "";
      lines.push(JSON.stringify({ timestamp: time, n, tag: "abc"[n % 3], file: name, pad }));
    }
    writeFileSync(path.join(into, name), lines.join("\n") + "\n");
  }
}

/** One file of 40,000 lines 10 ms apart. */
function writeAscending(into: string): void {
  mkdirSync(into);
  const lines = Array.from({ length: 40_000 }, (_, n) => JSON.stringify({ timestamp: new Date(NOW + n * 10).toISOString(), n }));
  writeFileSync(path.join(into, "a.jsonl"), lines.join("\n") + "\n");
}

let dir: string;
beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), "tolog-parallel-"));
  generate(dir, 1_500_000);
  writeTies(path.join(dir, "ties"));
  writeFlows(path.join(dir, "flows"));
  writeAscending(path.join(dir, "ascending"));
  // The workers run compiled JavaScript: build it from the current sources first.
  await promisify(execFile)(process.execPath, ["node_modules/typescript/bin/tsc", "-p", "tsconfig.build.json", "--outDir", OUT], { cwd: ROOT }).catch(
    (error: { stdout?: string }) => {
      if (!/error TS/.test(error.stdout ?? "")) throw error;
    },
  );
}, 300_000);
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
  rmSync(OUT, { recursive: true, force: true });
});

/** Runs the queries compiled, in a child: whether each ran in parts, and its result. */
interface Compiled {
  out: Array<{ parts: boolean; result: unknown; warnings: string[] }>;
  /** The first query with an abort signal fired right away: the error's name. */
  aborted: string;
  /** Calls of onProgress while the first query runs. */
  progress: number;
}

async function compiled(queries: string[], group = GROUP, maxLineBytes?: number): Promise<Compiled> {
  const dist = (p: string) => pathToFileURL(path.join(OUT, "src", p)).href;
  const script = path.join(dir, "child.mjs");
  writeFileSync(
    script,
    `import { runQuery } from ${JSON.stringify(dist("engine/index.js"))};
import { compilePlan, readOptionsFor } from ${JSON.stringify(dist("engine/run.js"))};
import { runInParts } from ${JSON.stringify(dist("engine/parallel/run.js"))};
import { openLocalSource } from ${JSON.stringify(dist("sources/local/index.js"))};
const [group, now, queries, maxLineBytes] = [process.argv[2], Number(process.argv[3]), JSON.parse(process.argv[4]), Number(process.argv[5]) || undefined];
const out = [];
for (const text of queries) {
  const { plan } = compilePlan(text, { now });
  const parts = (await runInParts({ text, options: { now } }, plan, openLocalSource([group], { maxLineBytes }), readOptionsFor(plan, {}), undefined)) !== undefined;
  const warnings = [];
  const result = await runQuery(text, openLocalSource([group], { onWarning: (m) => warnings.push(m), maxLineBytes }), { now, onWarning: (m) => warnings.push(m) });
  out.push({ parts, result, warnings });
}
const controller = new AbortController();
setTimeout(() => controller.abort(), 0);
const aborted = await runQuery(queries[0], openLocalSource([group]), { now, signal: controller.signal }).then(() => "finished", (e) => e.name);
let progress = 0;
await runQuery(queries[0], openLocalSource([group]), { now, onProgress: (p) => progress += p.partialRows().length >= 0 ? 1 : 0 });
process.stdout.write(JSON.stringify({ out, aborted, progress }));
`,
  );
  const { stdout } = await promisify(execFile)(process.execPath, [script, path.join(dir, group), String(NOW), JSON.stringify(queries), String(maxLineBytes ?? "")], {
    env: { ...process.env, TOLOG_THREADS: "3", TOLOG_PARALLEL_MIN_BYTES: "0" },
    maxBuffer: 64 * 1024 * 1024,
    timeout: 60_000,
  });
  return JSON.parse(stdout) as Compiled;
}

async function singleThread(text: string, group = GROUP, warnings: string[] = [], maxLineBytes?: number): Promise<unknown> {
  // Under vitest the engine runs from its TypeScript sources, where no worker exists: one thread.
  const source = openLocalSource([path.join(dir, group)], { onWarning: (m) => warnings.push(m), maxLineBytes });
  return JSON.parse(JSON.stringify(await runQuery(text, source, { now: NOW, onWarning: (m) => warnings.push(m) })));
}

test("stats, sorts and limits in worker threads give the single-thread rows, in order, and statistics", async () => {
  const { out, aborted, progress } = await compiled(PARALLEL);
  expect(aborted).toBe("AbortError");
  expect(progress).toBeGreaterThan(0);
  for (const [i, text] of PARALLEL.entries()) {
    expect({ text, parts: out[i].parts }).toEqual({ text, parts: true });
    const expected = (await singleThread(text)) as { rows: unknown[]; statistics: { recordsScanned: number } };
    expect(expected.statistics.recordsScanned).toBeGreaterThan(0);
    expect({ text, result: out[i].result }).toEqual({ text, result: expected });
  }
}, 120_000);

test("stats handed usual flow records in parts give the rows, statistics and warnings of a row at a time", async () => {
  const { out } = await compiled(FLOW_RECORDS, "flows");
  for (const [i, text] of FLOW_RECORDS.entries()) {
    const warnings: string[] = [];
    const expected = (await singleThread(`filter ispresent(@logStream) | ${text}`, "flows", warnings)) as { rows: unknown[] };
    expect(expected.rows.length).toBeGreaterThan(text.split(" by ")[1].includes(",") ? 4096 : 40);
    expect(warnings.length).toBeGreaterThan(0);
    expect({ text, parts: out[i].parts, result: out[i].result, warnings: out[i].warnings }).toEqual({ text, parts: true, result: expected, warnings });
  }
}, 120_000);

test("plans not row-wise before their first blocking step, or keeping many rows, stay on one thread", async () => {
  const { out } = await compiled(SINGLE);
  for (const [i, text] of SINGLE.entries()) {
    expect({ text, parts: out[i].parts }).toEqual({ text, parts: false });
    expect({ text, result: out[i].result }).toEqual({ text, result: await singleThread(text) });
  }
}, 120_000);

test("the default order, read newest part first, gives the single-thread rows, ties and warnings in scan order", async () => {
  const { out } = await compiled(NEWEST_FIRST, "ties", TIES_MAX_LINE_BYTES);
  for (const [i, text] of NEWEST_FIRST.entries()) {
    const warnings: string[] = [];
    const expected = (await singleThread(text, "ties", warnings, TIES_MAX_LINE_BYTES)) as { rows: unknown[] };
    expect(expected.rows.length).toBeGreaterThan(6);
    expect(warnings.length).toBeGreaterThan(0);
    expect({ text, parts: out[i].parts, result: out[i].result, warnings: out[i].warnings }).toEqual({ text, parts: true, result: expected, warnings });
  }
}, 120_000);

test("the default order's parts cut by the shared floor tell the row cap only where the cap cut them", async () => {
  const { out } = await compiled(ASCENDING, "ascending");
  for (const [i, text] of ASCENDING.entries()) {
    const expected = (await singleThread(text, "ascending")) as { truncated?: unknown };
    expect(expected.truncated !== undefined).toBe(!text.includes("limit"));
    expect({ text, parts: out[i].parts, result: out[i].result }).toEqual({ text, parts: true, result: expected });
  }
}, 120_000);

/** Runs `script` (an ES module importing the compiled engine by `dist(path)`) in a child with three threads; its stdout. */
async function inChild(script: string, args: string[], timeout = 60_000): Promise<string> {
  const dist = (p: string) => JSON.stringify(pathToFileURL(path.join(OUT, "src", p)).href);
  const file = path.join(dir, "standby-child.mjs");
  writeFileSync(file, script.replace(/\$dist\(([^)]+)\)/g, (_, p: string) => dist(p)));
  const { stdout } = await promisify(execFile)(process.execPath, [file, ...args], {
    env: { ...process.env, TOLOG_THREADS: "3", TOLOG_PARALLEL_MIN_BYTES: "0" },
    maxBuffer: 64 * 1024 * 1024,
    timeout,
  });
  return stdout;
}

/** Counts the workers started, and which got a job, in the child (the engine takes `Worker` from node:worker_threads when it starts one). */
const RECORD_WORKERS = `import threads from "node:worker_threads";
const made = [];
const Real = threads.Worker;
threads.Worker = class extends Real {
  constructor(...args) {
    if (process.env.NO_THREADS) throw Object.assign(new Error("no thread"), { code: "ERR_WORKER_INIT_FAILED" });
    super(...args);
    const worker = { job: false };
    made.push(worker);
    const post = this.postMessage.bind(this);
    this.postMessage = (message, transfer) => ((worker.job = true), post(message, transfer));
  }
};`;

test("a worker started before the query (prestart) is the one its parts run takes, with the same result", async () => {
  const text = PARALLEL[0];
  const stdout = await inChild(
    `${RECORD_WORKERS}
import { runQuery } from $dist(engine/index.js);
import { openLocalSource } from $dist(sources/local/index.js);
import { startStandby, standbyWaiting } from $dist(engine/parallel/workers.js);
const started = startStandby();
const waiting = standbyWaiting();
const result = await runQuery(process.argv[3], openLocalSource([process.argv[2]]), { now: Number(process.argv[4]) });
process.stdout.write(JSON.stringify({ started, waiting, taken: !standbyWaiting(), made, result }));`,
    [path.join(dir, GROUP), text, String(NOW)],
  );
  // Three threads: the standby and one more worker, each given the job.
  const expected = await singleThread(text);
  expect(JSON.parse(stdout)).toEqual({ started: true, waiting: true, taken: true, made: [{ job: true }, { job: true }], result: expected });
}, 120_000);

test("a worker started before its job loads the module it is told its job will read with, while it waits", async () => {
  // The module tells the thread that loaded it, by a file: no job is ever sent.
  const marker = path.join(dir, "preloaded.txt");
  const module = path.join(dir, "preload-me.mjs");
  writeFileSync(module, `import { writeFileSync } from "node:fs";\nimport { isMainThread } from "node:worker_threads";\nwriteFileSync(${JSON.stringify(marker)}, isMainThread ? "main" : "worker");\n`);
  const stdout = await inChild(
    `import { existsSync } from "node:fs";
import { setTimeout } from "node:timers/promises";
import { startStandby } from $dist(engine/parallel/workers.js);
const started = startStandby(process.argv[2]);
for (let i = 0; i < 200 && !existsSync(process.argv[3]); i++) await setTimeout(50);
process.stdout.write(JSON.stringify({ started, loaded: existsSync(process.argv[3]) }));`,
    [pathToFileURL(module).href, marker],
    30_000,
  );
  expect({ child: JSON.parse(stdout), by: readFileSync(marker, "utf8") }).toEqual({ child: { started: true, loaded: true }, by: "worker" });
}, 60_000);

test("a worker started before the query that no run takes lets the process end", async () => {
  const stdout = await inChild(
    `import { startStandby, standbyWaiting } from $dist(engine/parallel/workers.js);
process.stdout.write(JSON.stringify({ started: startStandby(), waiting: standbyWaiting() }));`,
    [],
    20_000,
  );
  expect(JSON.parse(stdout)).toEqual({ started: true, waiting: true });
}, 60_000);

test("where no thread can be started, no standby is and the query runs on this thread, with the same result", async () => {
  const text = PARALLEL[0];
  const stdout = await inChild(
    `${RECORD_WORKERS}
process.env.NO_THREADS = "1";
import { runQuery } from $dist(engine/index.js);
import { openLocalSource } from $dist(sources/local/index.js);
import { startStandby } from $dist(engine/parallel/workers.js);
const started = startStandby();
const result = await runQuery(process.argv[3], openLocalSource([process.argv[2]]), { now: Number(process.argv[4]) });
process.stdout.write(JSON.stringify({ started, made, result }));`,
    [path.join(dir, GROUP), text, String(NOW)],
  );
  expect(JSON.parse(stdout)).toEqual({ started: false, made: [], result: await singleThread(text) });
}, 120_000);
