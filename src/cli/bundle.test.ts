import { execFile } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, expect, test } from "vitest";
import { generate, GROUP } from "../bench/generate.js";
import { runQuery } from "../engine/index.js";
import { openLocalSource } from "../sources/local/index.js";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
// A bundle of its own (scripts/bundle.mjs), so that no other build rewrites it while it runs.
const OUT = path.join(ROOT, "node_modules", ".cache", "tolog-bundle-test");
const run = promisify(execFile);
let dir: string;
let entry: string;

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), "tolog-bundle-"));
  generate(dir, 400_000);
  await run(process.execPath, ["scripts/bundle.mjs", "--outdir", OUT], { cwd: ROOT });
  entry = path.join(dir, "tolog.mjs");
  writeFileSync(entry, `const { main } = await import(${JSON.stringify(pathToFileURL(path.join(OUT, "main.js")).href)});\nprocess.exitCode = await main(process.argv.slice(2));\n`);
}, 120_000);
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
  rmSync(OUT, { recursive: true, force: true });
});

test("the bundled CLI answers as the sources do, with stats in worker threads", async () => {
  const query = "stats count(*), avg(duration_ms), pct(duration_ms, 95) by sql";
  const profiles = path.join(dir, "profiles");
  const { stdout } = await run(process.execPath, ["--cpu-prof", "--cpu-prof-dir", profiles, entry, "query", query, "--logs", path.join(dir, GROUP), "--format", "json"], {
    env: { ...process.env, TOLOG_THREADS: "3", TOLOG_PARALLEL_MIN_BYTES: "0" },
    maxBuffer: 16 * 1024 * 1024,
  });
  const expected = await runQuery(query, openLocalSource([path.join(dir, GROUP)]));
  const got = JSON.parse(stdout) as { rows: unknown[]; statistics: unknown };
  expect(got.rows).toEqual(expected.rows);
  expect(got.statistics).toEqual(expected.statistics);
  // One CPU profile per thread: the main thread and at least one worker ran.
  expect(readdirSync(profiles).length).toBeGreaterThan(1);
}, 120_000);

test("the bundled CLI answers --version and a command's help", async () => {
  const { stdout } = await run(process.execPath, [entry, "--version"]);
  expect(stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
  const help = await run(process.execPath, [entry, "index", "--help"]);
  expect(help.stdout).toMatch(/--field/);
});
