import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { promisify } from "node:util";
import { gunzipSync } from "node:zlib";
import { afterAll, beforeAll, expect, test } from "vitest";
import { generate, GROUP } from "../../bench/generate.js";

const ROOT = fileURLToPath(new URL("../../../", import.meta.url));
const NOW = Date.UTC(2026, 10, 21);
// A build of its own, so that no other test's build rewrites the files while workers load them.
const OUT = path.join(ROOT, "node_modules", ".cache", "tolog-list-test");

/** The analyses' saved queries as the engine runs them (comment lines left out). */
const saved = (name: string): string =>
  readFileSync(path.join(ROOT, "queries", `${name}.insights`), "utf8")
    .split("\n")
    .filter((line) => !line.startsWith("#"))
    .join("\n");

/** Listings of row-wise commands: the analyses' own, and others (needles, parse, display, nothing to match). */
const LISTINGS = [
  saved("races"),
  saved("latency"),
  saved("slow-queries"),
  "fields @timestamp, @message",
  "filter status >= 400",
  'fields @timestamp, url, duration_ms * 2 as twice | filter method = "DELETE"',
  'parse url "/api/v1/todos/*" as todo_id | filter ispresent(todo_id) | display todo_id, @logStream',
  'filter level = "nothing such"',
];

let dir: string;
beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), "tolog-list-"));
  // Files of different sizes in one group: generated TaskOverflow logs (several files), the chaos
  // run and the course practical's nested copies unzipped (so that they split in parts), one
  // line, none; parts of a few KB cut them mid-line.
  generate(dir, 1_200_000);
  const group = path.join(dir, GROUP);
  const unzip = (from: string, to: string, bytes = Infinity) => {
    const text = gunzipSync(readFileSync(path.join(ROOT, from))).toString("utf8");
    writeFileSync(path.join(group, to), bytes < text.length ? text.slice(0, text.lastIndexOf("\n", bytes) + 1) : text);
  };
  unzip("fixtures/runs/chaos/service.log.jsonl.gz", "chaos.jsonl", 900_000);
  const practical = "fixtures/course-practical/fixed/taskoverflow";
  unzip(`${practical}/ip-172-31-20-7.ec2.internal%2Fgunicorn%2Frequests%2F8.jsonl.gz`, "practical-requests.jsonl");
  unzip(`${practical}/ip-172-31-20-7.ec2.internal%2Fgunicorn%2Fsqlalchemy.engine.Engine%2F8.jsonl.gz`, "practical-sql.jsonl");
  writeFileSync(path.join(group, "one-line.jsonl"), '{"timestamp":"2026-11-21T08:00:00.000Z","event":"request_started","request_id":"r1","method":"GET","url":"/api/v1/todos"}\n');
  writeFileSync(path.join(group, "empty.jsonl"), "");
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

interface Listed {
  /** Whether the listing ran in parts. */
  parts: boolean;
  /** The batches `onRows` got, and every row in order. */
  batches: number;
  rows: Array<Record<string, string>>;
  statistics: unknown;
  warnings: string[];
}

/** Runs each listing compiled, in a child with these threads, every row taken by `onRows`. */
async function listed(queries: string[], env: Record<string, string>): Promise<{ out: Listed[]; aborted: string }> {
  const dist = (p: string) => pathToFileURL(path.join(OUT, "src", p)).href;
  const script = path.join(dir, "child.mjs");
  writeFileSync(
    script,
    `import { runQuery } from ${JSON.stringify(dist("engine/index.js"))};
import { compilePlan, readOptionsFor } from ${JSON.stringify(dist("engine/run.js"))};
import { runListInParts } from ${JSON.stringify(dist("engine/parallel/list.js"))};
import { openLocalSource } from ${JSON.stringify(dist("sources/local/index.js"))};
const [group, now, queries] = [process.argv[2], Number(process.argv[3]), JSON.parse(process.argv[4])];
const out = [];
for (const text of queries) {
  const { plan } = compilePlan(text, { now, unbounded: true });
  const job = { text, options: { now, unbounded: true } };
  const parts = (await runListInParts(job, plan, openLocalSource([group]), readOptionsFor(plan, {}), () => {}, undefined)) !== undefined;
  const rows = [];
  const warnings = [];
  let batches = 0;
  const result = await runQuery(text, openLocalSource([group]), { now, onRows: (batch) => { batches++; rows.push(...batch); }, onWarning: (m) => warnings.push(m) });
  out.push({ parts, batches, rows, statistics: result.statistics, warnings });
}
const controller = new AbortController();
setTimeout(() => controller.abort(), 0);
const aborted = await runQuery(queries[0], openLocalSource([group]), { now, signal: controller.signal, onRows: () => {} }).then(() => "finished", (e) => e.name);
process.stdout.write(JSON.stringify({ out, aborted }));
`,
  );
  const { stdout } = await promisify(execFile)(process.execPath, [script, path.join(dir, GROUP), String(NOW), JSON.stringify(queries)], {
    env: { ...process.env, ...env },
    maxBuffer: 256 * 1024 * 1024,
    timeout: 120_000,
  });
  return JSON.parse(stdout) as { out: Listed[]; aborted: string };
}

test("a listing in parts on worker threads gives one thread's rows, in the same order, and its statistics", async () => {
  const one = await listed(LISTINGS, { TOLOG_LIST_IN_PARTS: "1", TOLOG_THREADS: "1" });
  // Parts of about 40 KB, the texts sent 50 rows at a time, at most 2 batches held per part:
  // parts cut lines, and parts ahead of their turn wait for room again and again.
  const many = await listed(LISTINGS, { TOLOG_LIST_IN_PARTS: "1", TOLOG_THREADS: "3", TOLOG_PARALLEL_MIN_BYTES: "40000", TOLOG_LIST_BOUNDS: "50,2" });
  expect(many.aborted).toBe("AbortError");
  for (const [i, text] of LISTINGS.entries()) {
    expect({ text, parts: one.out[i].parts }).toEqual({ text, parts: false });
    expect({ text, parts: many.out[i].parts }).toEqual({ text, parts: true });
    expect(one.out[i].rows.length).toBe((one.out[i].statistics as { recordsMatched: number }).recordsMatched);
    const { parts: _one, batches: _b1, ...expected } = one.out[i];
    const { parts: _many, batches: _b2, ...actual } = many.out[i];
    expect({ text, ...actual }).toEqual({ text, ...expected });
  }
  // Rows stream out of the parts as they come, not at the end.
  expect(many.out[0].batches).toBeGreaterThan(10);
  expect(many.out[0].rows.length).toBeGreaterThan(1000);
}, 300_000);
