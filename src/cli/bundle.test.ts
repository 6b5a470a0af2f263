import { execFile } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, expect, test } from "vitest";
import { generate, GROUP } from "../bench/generate.js";
import { runQuery } from "../engine/index.js";
import { openLocalSource } from "../sources/local/index.js";
import { flatModule } from "../engine/wasm/flat-scan.js";
import { needleModule } from "../engine/wasm/needle-scan.js";
import { vpcModule } from "../engine/wasm/vpc-scan.js";
import { runTolog } from "./test-helpers/run-tolog.js";

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
  // Help is laid out with the bundle's string widths (scripts/bundle.mjs): the same as the sources'.
  for (const args of [["--help"], ["query", "--help"]]) {
    expect((await run(process.execPath, [entry, ...args])).stdout, args.join(" ")).toBe((await runTolog(args)).stdout);
  }
});

test("the bundled CLI measures wide and zero-width text in tables as the sources do", async () => {
  // The bundle loads string-width on the first text that is not plain ASCII (scripts/bundle.mjs).
  const logs = path.join(dir, "wide.log");
  const messages = ["plain ascii", "日本語のメッセージ", "emoji 👍 and 👨‍👩‍👧", "e\u0301 combining", "tab\there", "\u001b[31mred\u001b[0m"];
  writeFileSync(logs, messages.map((msg, i) => JSON.stringify({ n: i, msg })).join("\n") + "\n");
  const args = ["query", "fields n, msg | sort n asc", "--logs", logs, "--format", "table", "--no-color"];
  const { stdout } = await run(process.execPath, [entry, ...args], { env: { ...process.env, NO_COLOR: "1" } });
  const expected = await runTolog(args, { env: { NO_COLOR: "1" } });
  expect(expected.code).toBe(0);
  expect(stdout).toBe(expected.stdout);
  expect(stdout).toContain("日本語");
}, 120_000);

test("the bundled CLI expands a glob as the sources do", async () => {
  // tinyglobby's crawler (fdir) gets the bundled picomatch (scripts/bundle.mjs).
  const glob = path.join(dir, GROUP, "**", "*.jsonl").split(path.sep).join("/");
  const args = ["query", "stats count(*) by level", "--logs", glob, "--format", "json"];
  const { stdout } = await run(process.execPath, [entry, ...args]);
  const expected = await runTolog(args);
  expect(expected.code).toBe(0);
  expect(JSON.parse(stdout)).toEqual(JSON.parse(expected.stdout));
  expect((JSON.parse(stdout) as { rows: unknown[] }).rows.length).toBeGreaterThan(0);
}, 120_000);

function sourcesOf(file: string): string[] {
  // A pack's map is an index map, a section per output it holds (scripts/bundle-packs.mjs).
  type Map = { sources?: string[]; sections?: { map: Map }[] };
  const all = (map: Map): string[] => [...(map.sources ?? []), ...(map.sections ?? []).flatMap((section) => all(section.map))];
  return all(JSON.parse(readFileSync(`${file}.map`, "utf8")) as Map).map((source) => path.relative(ROOT, path.resolve(path.dirname(file), source)).split(path.sep).join("/"));
}

test("the bundle loads the engine only for commands that run queries, and re2js only for a query's regex", async () => {
  // A module hook (node --import) records every file the bundled CLI imports, and requires.
  const hooks = path.join(dir, "record-loads.mjs");
  writeFileSync(
    hooks,
    `import { appendFileSync } from "node:fs";\nimport { createRequire, register } from "node:module";\nimport { pathToFileURL } from "node:url";\n` +
      // In the main thread: the hooks below (in their own thread), and at exit what require() loaded.
      `if (!process.env.TOLOG_TEST_HOOKED) {\n  process.env.TOLOG_TEST_HOOKED = "1";\n  register(import.meta.url);\n` +
      `  process.on("exit", () => appendFileSync(process.env.TOLOG_TEST_LOADS, Object.keys(createRequire(import.meta.url).cache).map((f) => pathToFileURL(f).href + "\\n").join("")));\n}\n` +
      `export async function load(url, context, next) { if (url.startsWith("file:")) appendFileSync(process.env.TOLOG_TEST_LOADS, url + "\\n"); return next(url, context); }\n`,
  );
  const oneLine = path.join(dir, "one-line.log");
  writeFileSync(oneLine, '{"level":"info","msg":"hi"}\n');
  let runs = 0;
  const loaded = async (args: string[]): Promise<{ engine: boolean; re2js: boolean }> => {
    const record = path.join(dir, `loads-${runs++}.txt`);
    writeFileSync(record, "");
    await run(process.execPath, ["--import", pathToFileURL(hooks).href, entry, ...args], { env: { ...process.env, TOLOG_TEST_LOADS: record, TOLOG_TEST_HOOKED: "" } });
    const files = readFileSync(record, "utf8").split("\n").filter((url) => url.startsWith("file:")).map((url) => fileURLToPath(url));
    return {
      // Which sources a bundle file holds: its source map says.
      engine: files.some((file) => file.startsWith(OUT) && sourcesOf(file).includes("src/engine/run.ts")),
      re2js: files.some((file) => file.includes(`${path.sep}re2js${path.sep}`)),
    };
  };
  expect(await loaded(["--version"])).toEqual({ engine: false, re2js: false });
  expect(await loaded(["trace", "--help"])).toEqual({ engine: false, re2js: false });
  expect(await loaded(["query", "stats count(*)", "--logs", oneLine])).toEqual({ engine: true, re2js: false });
  expect(await loaded(["query", "filter msg like /h.$/", "--logs", oneLine])).toEqual({ engine: true, re2js: true });
}, 120_000);

test("a query over a one-line file loads none of Node's modules that only some queries need", async () => {
  // node:crypto, node:worker_threads, node:perf_hooks and node:assert were each loaded by every
  // command (a file's id, the parallel scan, the scan's clock, yargs' checks): now on first use.
  const record = path.join(dir, "builtins.txt");
  const preload = path.join(dir, "record-builtins.cjs");
  writeFileSync(preload, `process.on("exit", () => require("node:fs").writeFileSync(${JSON.stringify(record)}, process.moduleLoadList.join("\\n")));\n`);
  const oneLine = path.join(dir, "one-line-builtins.log");
  writeFileSync(oneLine, '{"level":"info","msg":"hi","ip":"10.0.0.1"}\n');
  await run(process.execPath, ["-r", preload, entry, "query", "stats count(*)", "--logs", oneLine]);
  const modules = readFileSync(record, "utf8").split("\n");
  for (const name of ["crypto", "worker_threads", "perf_hooks", "assert"]) expect(modules, name).not.toContain(`NativeModule ${name}`);
  // Those that use them still do: a hash and an address test in a query.
  const args = ["query", "fields sha256(msg) as h, isValidIpV4(ip) as v4", "--logs", oneLine, "--format", "json"];
  const { stdout } = await run(process.execPath, [entry, ...args]);
  expect(stdout).toBe((await runTolog(args)).stdout);
  expect(JSON.parse(stdout).rows).toMatchObject([{ h: "8f434346648f6b96df89dda901c5176b10a6d83961dd3c1ac88b59b2dc327aa4", v4: "1" }]);
}, 120_000);

test("packed outputs run once per thread, their source maps name the sources, and packs mean few files", async () => {
  // Each output that the CLI loads with import() carries the outputs it imports (scripts/bundle-packs.mjs):
  // an output in two packs, or in a pack and in its own file, must still run once.
  const record = path.join(dir, "packs.json");
  const preload = path.join(dir, "record-packs.cjs");
  writeFileSync(
    preload,
    `process.on("exit", () => {\n` +
      `  const registry = globalThis[Symbol.for("tolog.chunks")];\n` +
      `  const files = Object.keys(require.cache).filter((f) => f.startsWith(${JSON.stringify(OUT)}));\n` +
      `  const twice = files.filter((f) => { const known = registry.mods.get(require("node:path").basename(f, ".js")); return known !== undefined && known.exports !== require.cache[f].exports; });\n` +
      `  require("node:fs").writeFileSync(${JSON.stringify(record)}, JSON.stringify({ files: files.length, modules: registry.mods.size, twice }));\n` +
      `});\n`,
  );
  const logs = path.join(dir, GROUP);
  const [id] = /"request_id":"([^"]+)"/.exec(readFileSync(path.join(logs, readdirSync(logs)[0]), "utf8"))!.slice(1);
  for (const args of [["trace", id, "--logs", logs], ["query", "stats count(*) by level", "--logs", logs, "--format", "json"], ["fields", "--logs", logs]]) {
    const { stdout } = await run(process.execPath, ["-r", preload, entry, ...args], { maxBuffer: 16 * 1024 * 1024 });
    expect(stdout, args[0]).toBe((await runTolog(args)).stdout);
    const { files, modules, twice } = JSON.parse(readFileSync(record, "utf8")) as { files: number; modules: number; twice: string[] };
    expect(twice, args[0]).toEqual([]);
    // Many modules from a few files.
    expect(files, args[0]).toBeLessThan(modules / 4);
  }
  // A pack's map places each output's own map: the CLI's createParser is in src/cli/main.ts.
  const main = path.join(OUT, "main.js");
  const line = readFileSync(main, "utf8").split("\n").findIndex((text) => text.includes("function createParser("));
  const { SourceMap } = await import("node:module");
  const entry0 = new SourceMap(JSON.parse(readFileSync(`${main}.map`, "utf8"))).findEntry(line, 2) as { originalSource?: string };
  expect(entry0.originalSource).toMatch(/src\/cli\/main\.ts$/);
}, 120_000);

test("an output's module.exports is its exports object, not a copy behind generic getters", () => {
  // scripts/bundle-cjs.mjs (COPIED_EXPORTS): each call across outputs went through a second, shared getter.
  const outputs = readdirSync(OUT).filter((name) => name.endsWith(".js"));
  const converted = outputs.filter((name) => readFileSync(path.join(OUT, name), "utf8").includes("var __toCommonJS ="));
  expect(converted.length).toBeGreaterThan(10);
  const copying = converted.filter((name) => /var __toCommonJS = \(mod\) => __copyProps\(/.test(readFileSync(path.join(OUT, name), "utf8")));
  expect(copying).toEqual([]);
});

test("the bundle holds each WebAssembly module as the sources assemble it (a missing or stale one would fall back to JavaScript unseen)", () => {
  const code = readdirSync(OUT)
    .filter((f) => f.endsWith(".js"))
    .map((f) => readFileSync(path.join(OUT, f), "utf8"))
    .join("\n");
  for (const [name, assemble] of [["flat", flatModule], ["needle", needleModule], ["vpc", vpcModule]] as const) {
    expect(code.includes(JSON.stringify(Buffer.from(assemble()).toString("base64"))), name).toBe(true);
  }
});
