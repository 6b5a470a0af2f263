import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { promisify } from "node:util";
import { gunzipSync } from "node:zlib";
import { afterAll, beforeAll, expect, test } from "vitest";
import { generate, GROUP } from "../bench/generate.js";

// The analyses over local files fold their query's rows in parts on worker threads
// (RunOptions.partFolds, engine/parallel/fold.ts) and merge the parts' folds in scan order:
// their answers must be exactly those of one thread folding every row. The workers run compiled
// JavaScript, so this runs a build of its own in a child process.
const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const NOW = Date.UTC(2026, 10, 21);
const OUT = path.join(ROOT, "node_modules", ".cache", "tolog-part-folds-test");

let dir: string;
beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), "tolog-part-folds-"));
  // Files of different sizes in one group: generated TaskOverflow logs, the chaos run and the
  // course practical's nested copies unzipped; parts of a few KB cut requests' lines apart.
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

interface Answers {
  /** Saved folds taken in (parts), and batches of rows taken (one thread, or a part read by the main thread in its turn). */
  parts: number;
  batches: number;
  answers: unknown;
}

/** Each analysis over the group, compiled, in a child with these threads. */
async function analyses(env: Record<string, string>): Promise<Answers> {
  const dist = (p: string) => JSON.stringify(pathToFileURL(path.join(OUT, "src", p)).href);
  const script = path.join(dir, "child.mjs");
  writeFileSync(
    script,
    `import { runQuery } from ${dist("engine/index.js")};
import { openLocalSource } from ${dist("sources/local/index.js")};
import { savedQueryLoader } from ${dist("analyses/saved-query-loader.js")};
import { latency } from ${dist("analyses/latency/query.js")};
import { races } from ${dist("analyses/races/query.js")};
import { slowQueries } from ${dist("analyses/slow-queries/query.js")};
const [group, now, queries] = [process.argv[2], Number(process.argv[3]), process.argv[4]];
const load = savedQueryLoader([queries]);
let parts = 0;
let batches = 0;
const each = async (name, params, onRows, options = {}) => {
  const partFolds = options.parts;
  const counted = partFolds && { ...partFolds, onPart: (state) => (parts++, partFolds.onPart(state)) };
  // TEXTS=1: every value as text, as the engine gives it without RunOptions.numberColumns.
  const numbers = process.env.TEXTS === "1" ? {} : { numberColumns: options.numberColumns };
  // A batch taken on this thread takes a while, so that the workers fold parts while it reads its
  // own: the first of a run long enough for a worker to start on a busy machine (else this thread
  // may read every part in its turn, and nothing would be handed over), the others 5 ms.
  let first = process.env.TOLOG_THREADS !== "1";
  const slow = (rows) => {
    batches++;
    const until = performance.now() + (first ? 1500 : 5);
    first = false;
    while (performance.now() < until);
    onRows(rows);
  };
  await runQuery(await load(name, params), openLocalSource([group]), { now, onRows: slow, ...(counted ? { partFolds: counted } : {}), ...numbers });
};
const run = Object.assign(async () => { throw new Error("streamed only"); }, { each });
const answers = {
  latency: await latency(run, { binMs: 86_400_000 }),
  route: await latency(run, { route: "/api/v1/todos" }),
  races: await races(run),
  slowQueries: await slowQueries(run, { binMs: 86_400_000 }),
  onRoute: await slowQueries(run, { route: "/api/v1/todos/{id}" }),
  nowhere: await slowQueries(run, { route: "/no/such/route" }),
};
process.stdout.write(JSON.stringify({ parts, batches, answers }));
`,
  );
  const { stdout } = await promisify(execFile)(process.execPath, [script, path.join(dir, GROUP), String(NOW), path.join(ROOT, "queries")], {
    env: { ...process.env, ...env },
    maxBuffer: 256 * 1024 * 1024,
    timeout: 120_000,
  });
  return JSON.parse(stdout) as Answers;
}

test("latency, races and slow-queries folded in parts on worker threads give one thread's answers", async () => {
  const one = await analyses({ TOLOG_THREADS: "1", TEXTS: "1" });
  // Parts of about 40 KB over 3 threads (9 per run: partShares), requests cut between them.
  const many = await analyses({ TOLOG_THREADS: "3", TOLOG_PARALLEL_MIN_BYTES: "40000" });
  expect(one.parts).toBe(0);
  expect(one.batches).toBeGreaterThan(0);
  // Most parts folded where they were read; those the main thread read in their turn went to onRows.
  expect(many.parts).toBeGreaterThan(0);
  expect(many.batches).toBeGreaterThan(0);
  expect(many.answers).toEqual(one.answers);
  // Numbers handed over as numbers on one thread too (a part in its turn, and --follow's runs).
  expect((await analyses({ TOLOG_THREADS: "1" })).answers).toEqual(one.answers);
  expect((one.answers as { races: { requests?: number } }).races).toBeTruthy();
  // A route no statement ran on: the routes each part saw, merged.
  expect((many.answers as { nowhere: { routesSeen?: string[] } }).nowhere.routesSeen?.length).toBeGreaterThan(0);
}, 300_000);
