import { execFile } from "node:child_process";
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import Module from "node:module";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { codeCacheDir } from "./code-cache.js";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const run = promisify(execFile);
// Node 22.8+ keeps the bundle's code in its own compile cache: tolog's is not used there.
const ownCache = typeof (Module as unknown as { enableCompileCache?: unknown }).enableCompileCache !== "function";
let dir: string;
let bin: string;
let bundle: string;

/**
 * A copy of the installed CLI (bin/ and the bundle that `npm run build` made), so that a test can
 * change its files; node_modules is the repository's.
 */
beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), "tolog-code-cache-"));
  const pkg = path.join(dir, "pkg");
  cpSync(path.join(ROOT, "bin"), path.join(pkg, "bin"), { recursive: true });
  cpSync(path.join(ROOT, "dist", "bundle"), path.join(pkg, "dist", "bundle"), { recursive: true });
  cpSync(path.join(ROOT, "package.json"), path.join(pkg, "package.json"));
  cpSync(path.join(ROOT, "queries"), path.join(pkg, "queries"), { recursive: true });
  symlinkSync(path.join(ROOT, "node_modules"), path.join(pkg, "node_modules"));
  bin = path.join(pkg, "bin", "tolog.js");
  bundle = path.join(pkg, "dist", "bundle");
  writeFileSync(path.join(dir, "one.log"), Array.from({ length: 2000 }, (_, i) => JSON.stringify({ n: i, level: i % 3 === 0 ? "error" : "info" })).join("\n") + "\n");
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function tolog(args: string[], env: NodeJS.ProcessEnv): Promise<{ stdout: string; stderr: string }> {
  const { NODE_COMPILE_CACHE: _, NODE_DISABLE_COMPILE_CACHE: __, ...rest } = process.env;
  return run(process.execPath, [bin, ...args], { env: { ...rest, NO_COLOR: "1", ...env } });
}

function entries(cache: string): Map<string, number> {
  const folder = path.join(cache, "tolog", "code-cache");
  let versions: string[];
  try {
    versions = readdirSync(folder);
  } catch {
    return new Map();
  }
  const found = new Map<string, number>();
  for (const version of versions) {
    for (const name of readdirSync(path.join(folder, version))) found.set(`${version}/${name}`, statSync(path.join(folder, version, name)).mtimeMs);
  }
  return found;
}

const QUERY = ["query", "stats count(*) by level | sort level asc", "--format", "json"];

describe.runIf(ownCache)("the code cache (Node without its own compile cache)", () => {
  test("is written by a first run, read by the next without being written again, and gives the same answers", async () => {
    const cache = path.join(dir, "cache-first");
    const first = await tolog([...QUERY, "--logs", path.join(dir, "one.log")], { XDG_CACHE_HOME: cache });
    const written = entries(cache);
    // One entry per file the query loaded: the CLI's pack, the local source's, the engine's (scripts/bundle-packs.mjs).
    expect(written.size).toBeGreaterThanOrEqual(3);
    expect([...written.keys()].every((name) => name.startsWith(`v8-${process.versions.v8}-${process.arch}/`))).toBe(true);
    const second = await tolog([...QUERY, "--logs", path.join(dir, "one.log")], { XDG_CACHE_HOME: cache });
    expect(second).toEqual(first);
    expect(JSON.parse(first.stdout)).toMatchObject({ rows: [{ level: "error", "count(*)": "667" }, { level: "info", "count(*)": "1333" }] });
    // Every module came from its entry (a refused or missing one would have been written again).
    expect(entries(cache)).toEqual(written);
  });

  test("a second copy of the same bundle elsewhere (another clone) gets entries of its own, so that stack traces name its own files", async () => {
    const cache = path.join(dir, "cache-copies");
    const other = path.join(dir, "pkg-copy");
    cpSync(path.join(dir, "pkg"), other, { recursive: true, verbatimSymlinks: true });
    await tolog([...QUERY, "--logs", path.join(dir, "one.log")], { XDG_CACHE_HOME: cache });
    const once = entries(cache).size;
    const { stdout } = await run(process.execPath, [path.join(other, "bin", "tolog.js"), ...QUERY, "--logs", path.join(dir, "one.log")], {
      env: { ...process.env, NODE_COMPILE_CACHE: undefined, NODE_DISABLE_COMPILE_CACHE: undefined, NO_COLOR: "1", XDG_CACHE_HOME: cache },
    });
    expect(JSON.parse(stdout)).toMatchObject({ rows: [{ level: "error", "count(*)": "667" }, { level: "info", "count(*)": "1333" }] });
    expect(entries(cache).size).toBe(2 * once);
  });

  test("an entry written by one command is stored again by the first run of another that compiled more of its file", async () => {
    const cache = path.join(dir, "cache-refresh");
    const folder = path.join(cache, "tolog", "code-cache", `v8-${process.versions.v8}-${process.arch}`);
    const main = readFileSync(path.join(bundle, "main.js"), "utf8");
    // The entry of the CLI's own file (main.js), by its name (length, CRC-32 and path's CRC-32, code-cache.ts).
    const { crc32 } = await import("node:zlib");
    const mainEntry = path.join(folder, `${main.length.toString(36)}-${crc32(main).toString(36)}-${crc32(path.join(bundle, "main.js")).toString(36)}.bin`);
    await tolog(["queries", "list"], { XDG_CACHE_HOME: cache });
    const afterList = statSync(mainEntry).size;
    const expected = await tolog([...QUERY, "--logs", path.join(dir, "one.log")], { XDG_CACHE_HOME: path.join(dir, "cache-refresh-fresh") });
    const first = await tolog([...QUERY, "--logs", path.join(dir, "one.log")], { XDG_CACHE_HOME: cache });
    expect(first).toEqual(expected);
    // The query ran code of main.js that listing the saved queries did not: the entry holds it now.
    expect(statSync(mainEntry).size).toBeGreaterThan(afterList);
    const written = entries(cache);
    expect([...written.keys()].some((name) => name.endsWith(".bin.query"))).toBe(true);
    // Once per command: the next query writes nothing.
    expect(await tolog([...QUERY, "--logs", path.join(dir, "one.log")], { XDG_CACHE_HOME: cache })).toEqual(expected);
    expect(entries(cache)).toEqual(written);
  });

  test("never runs the code of a changed bundle, even one of the same length", async () => {
    const cache = path.join(dir, "cache-stale");
    const before = await tolog(["--help"], { XDG_CACHE_HOME: cache });
    expect(before.stdout).toContain("Run CloudWatch Logs Insights queries");
    const main = path.join(bundle, "main.js");
    const original = readFileSync(main, "utf8");
    try {
      // V8 itself checks only the length of the source: the cache must tell the difference.
      writeFileSync(main, original.replace("Run CloudWatch Logs Insights queries", "RUN CLOUDWATCH LOGS INSIGHTS QUERIES"));
      const after = await tolog(["--help"], { XDG_CACHE_HOME: cache });
      expect(after.stdout).toContain("RUN CLOUDWATCH LOGS INSIGHTS QUERIES");
      expect(after.stdout.replace("RUN CLOUDWATCH LOGS INSIGHTS QUERIES", "Run CloudWatch Logs Insights queries")).toBe(before.stdout);
    } finally {
      writeFileSync(main, original);
    }
  });

  test("compiles from the source when an entry was made by another V8 (or is damaged), and replaces it", async () => {
    const cache = path.join(dir, "cache-foreign");
    const expected = await tolog([...QUERY, "--logs", path.join(dir, "one.log")], { XDG_CACHE_HOME: cache });
    const folder = path.join(cache, "tolog", "code-cache", `v8-${process.versions.v8}-${process.arch}`);
    // The entries, not the markers of the commands that stored them (empty files).
    const names = readdirSync(folder).filter((name) => name.endsWith(".bin"));
    for (const [i, name] of names.entries()) {
      // Half of them the data of another module (a valid entry, for another source), half garbage.
      const other = readFileSync(path.join(folder, names[(i + 1) % names.length]));
      writeFileSync(path.join(folder, name), i % 2 === 0 ? other : Buffer.from("not V8's code cache at all"));
    }
    const got = await tolog([...QUERY, "--logs", path.join(dir, "one.log")], { XDG_CACHE_HOME: cache });
    expect(got).toEqual(expected);
    const replaced = names.filter((name) => statSync(path.join(folder, name)).size > 100 && readFileSync(path.join(folder, name)).toString() !== "not V8's code cache at all");
    expect(replaced.length).toBeGreaterThan(names.length / 2);
  });

  test("worker threads keep their modules' code too, with the same answers", async () => {
    const cache = path.join(dir, "cache-workers");
    const env = { XDG_CACHE_HOME: cache, TOLOG_THREADS: "2", TOLOG_PARALLEL_MIN_BYTES: "0" };
    const single = await tolog([...QUERY, "--logs", path.join(dir, "one.log")], { XDG_CACHE_HOME: path.join(dir, "cache-single"), TOLOG_THREADS: "1" });
    const first = await tolog([...QUERY, "--logs", path.join(dir, "one.log")], env);
    const written = entries(cache);
    const second = await tolog([...QUERY, "--logs", path.join(dir, "one.log")], env);
    expect(JSON.parse(first.stdout).rows).toEqual(JSON.parse(single.stdout).rows);
    expect(second).toEqual(first);
    expect(entries(cache)).toEqual(written);
    // The worker's own modules are there: more entries than the one-thread run left.
    expect(written.size).toBeGreaterThan(entries(path.join(dir, "cache-single")).size);
  });
});

test("an unwritable or missing cache folder changes nothing but speed: same output, nothing on stderr", async () => {
  const expected = await tolog([...QUERY, "--logs", path.join(dir, "one.log")], { XDG_CACHE_HOME: path.join(dir, "cache-ok") });
  const file = path.join(dir, "a-file");
  writeFileSync(file, "");
  for (const env of [
    { XDG_CACHE_HOME: path.join(file, "cache") }, // a path through a file: nothing can be made there
    { XDG_CACHE_HOME: undefined, HOME: path.join(file, "home") }, // the same for a home folder
    { XDG_CACHE_HOME: "relative/cache", HOME: "relative/home" }, // neither gives an absolute folder: no cache
    // A folder where mkdir answers ENOENT under a parent that exists: Node 20's recursive mkdir loops on it forever.
    ...(process.platform === "linux" ? [{ XDG_CACHE_HOME: "/proc/self" }] : []),
    { NODE_DISABLE_COMPILE_CACHE: "1", XDG_CACHE_HOME: path.join(dir, "cache-disabled") },
  ]) {
    const got = await tolog([...QUERY, "--logs", path.join(dir, "one.log")], env);
    expect(got, JSON.stringify(env)).toEqual(expected);
  }
  expect(entries(path.join(dir, "cache-disabled")).size).toBe(0);
});

test("the cache folder follows XDG_CACHE_HOME, then HOME, and is named by the V8 version and architecture", () => {
  const tail = path.join("tolog", "code-cache", `v8-${process.versions.v8}-${process.arch}`);
  expect(codeCacheDir({ XDG_CACHE_HOME: "/x/cache", HOME: "/home/u" })).toBe(path.join("/x/cache", tail));
  expect(codeCacheDir({ HOME: "/home/u" })).toBe(path.join("/home/u", ".cache", tail));
  expect(codeCacheDir({ XDG_CACHE_HOME: "cache", HOME: "/home/u" })).toBe(path.join("/home/u", ".cache", tail));
  expect(codeCacheDir({ HOME: "/home/u", NODE_DISABLE_COMPILE_CACHE: "1" })).toBeUndefined();
});

test("importModule requires a CommonJS file of the bundle named by file URL: the module its own require gives, no ES-module loader", async () => {
  const script = `const path = require("node:path");
const { pathToFileURL } = require("node:url");
const bundle = process.argv[1];
const { importModule } = require(path.join(bundle, "code-cache.js"));
const file = path.join(bundle, "read-part.js");
importModule(() => pathToFileURL(file).href).then((loaded) => {
  process.stdout.write(JSON.stringify({ same: loaded === require(file), readPart: typeof loaded.readPart }));
});`;
  const { stdout } = await run(process.execPath, ["-e", script, bundle]);
  expect(JSON.parse(stdout)).toEqual({ same: true, readPart: "function" });
});
