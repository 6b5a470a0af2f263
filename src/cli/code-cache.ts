/**
 * Keeps V8's compiled code of the bundle (dist/bundle/, CommonJS) between runs on Nodes that
 * have no compile cache of their own (Node 20, 22.0-22.7): about half of what tolog adds to
 * Node's own start is parsing and compiling its code, which a cache entry replaces with a read.
 * Nodes with `module.enableCompileCache` (22.8+) get theirs instead: the same thing, built in.
 *
 * How: CommonJS modules are compiled by `Module.prototype._compile`; for files of the bundle it
 * compiles them as a `vm.Script` with the `cachedData` stored for that exact content, and at exit
 * stores the code of every script that had none (created after the run, so it holds the
 * functions the run compiled, not only the top level). The first run of each command (`query`,
 * `trace`, ...) with an entry stores it again when it compiled more of its file (an empty marker
 * file, `<entry>.<command>`, records that it did).
 *
 * A cache must never give a wrong program, nor trouble a run:
 * - an entry is named by the module's content (its length and CRC-32) and path, in a folder named by the
 *   V8 version and the architecture: a rebuilt bundle or another Node finds no entry (V8 also
 *   refuses data made by another version or with other flags: the module is then compiled from
 *   its source);
 * - a missing, unreadable or unwritable cache folder means no cache, with no message;
 * - entries are written to a temporary name and renamed, so a reader never sees half of one;
 * - the folder keeps at most `MAX_ENTRIES` entries (the oldest go).
 * Where: `$XDG_CACHE_HOME/tolog/code-cache`, else `~/.cache/tolog/code-cache`;
 * `NODE_DISABLE_COMPILE_CACHE=1` turns it off, as it does Node's own.
 */
import { existsSync, readdirSync, readFileSync, renameSync, rmSync, statSync, unlinkSync, writeFileSync } from "node:fs";
import Module from "node:module";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import vm from "node:vm";
import { makeDirectorySync } from "../shared/make-directory.js";
import { crc32 } from "node:zlib";

const MAX_ENTRIES = 400;
/** This module: compiled by Node, never from the cache (see importModule). */
const ownFile = fileURLToPath(import.meta.url);

type Compile = (this: NodeModule, content: string, filename: string, format?: string) => unknown;
interface ModuleInternals {
  _compile: Compile;
}
interface ModuleStatics {
  wrap(content: string): string;
}

let installed: string | undefined;

/**
 * `import()` for the bundle's CommonJS files (scripts/bundle-cjs.mjs turns theirs into calls of
 * this): this module is compiled by Node itself, never from the cache, and on Node 20 code
 * compiled from cached data cannot run `import()` (the script loses the host options it needs).
 * A relative specifier is one of the bundle's files, which sit in this module's folder.
 *
 * A `file:` URL of one of the bundle's CommonJS files (`.js` in this folder: a source's part
 * reader, named by URL for worker threads) is required instead: the same registry and cache as
 * the bundle's other files, and no ES-module loader for a worker thread to start (about 5 ms of
 * a worker's start).
 */
export function importModule(specifier: () => string): Promise<unknown> {
  const name = specifier();
  if (name.startsWith("file:") && name.endsWith(".js")) {
    const file = fileURLToPath(name);
    // Its exports object has the named exports an importer takes; a throw becomes a rejection, as import()'s.
    if (path.dirname(file) === path.dirname(ownFile)) return new Promise((resolve) => resolve(Module.createRequire(ownFile)(file)));
  }
  return import(name);
}

/**
 * Where compiled code is kept for this Node, or undefined for none: set, absolute paths only
 * (relative ones would depend on the working folder).
 */
export function codeCacheDir(env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (env.NODE_DISABLE_COMPILE_CACHE !== undefined && env.NODE_DISABLE_COMPILE_CACHE !== "") return undefined;
  let root: string;
  if (env.XDG_CACHE_HOME !== undefined && path.isAbsolute(env.XDG_CACHE_HOME)) root = env.XDG_CACHE_HOME;
  else {
    const home = env.HOME !== undefined && env.HOME !== "" ? env.HOME : safeHomedir();
    if (home === undefined || !path.isAbsolute(home)) return undefined;
    root = path.join(home, ".cache");
  }
  return path.join(root, "tolog", "code-cache", `v8-${process.versions.v8}-${process.arch}`);
}

function safeHomedir(): string | undefined {
  try {
    return os.homedir();
  } catch {
    return undefined;
  }
}

/**
 * Turns the cache on for the modules under `bundleDir` (this thread's; each worker thread calls it
 * again). Returns which cache runs: "node" (Node's own compile cache), "tolog" (this one) or "off".
 */
export function installCodeCache(bundleDir: string, env: NodeJS.ProcessEnv = process.env): "node" | "tolog" | "off" {
  const nodeCache = (Module as unknown as { enableCompileCache?: () => unknown }).enableCompileCache;
  if (typeof nodeCache === "function") {
    try {
      nodeCache();
      return "node";
    } catch {
      return "off";
    }
  }
  const dir = codeCacheDir(env);
  if (dir === undefined) return "off";
  if (installed !== undefined) return "tolog";
  installed = dir;
  const prefix = path.resolve(bundleDir) + path.sep;
  const proto = Module.prototype as unknown as ModuleInternals;
  const original = proto._compile;
  const toStore: { file: string; script: vm.Script; had?: number }[] = [];
  const run = runKind();
  proto._compile = function compileWithCache(this: NodeModule, content: string, filename: string, format?: string) {
    if (format === "module" || !filename.startsWith(prefix) || filename === ownFile) return Reflect.apply(original, this, arguments);
    const file = path.join(dir, entryName(content, filename));
    const cachedData = readEntry(file);
    const script = new vm.Script((Module as unknown as ModuleStatics).wrap(content), { filename, cachedData });
    if (cachedData === undefined || script.cachedDataRejected === true) toStore.push({ file, script });
    // An entry holds the functions that the run which wrote it compiled: one written by `tolog
    // query` lacks what `tolog trace` runs of the same file (the engine's pack), which every trace
    // then compiled again. The first run of each command made with an entry stores it again when
    // it compiled more (a marker file per entry and command says it was done).
    else if (!existsSync(`${file}.${run}`)) toStore.push({ file, script, had: cachedData.length });
    const wrapper = script.runInThisContext({ displayErrors: true }) as (...args: unknown[]) => unknown;
    const require = Module.createRequire(filename);
    return Reflect.apply(wrapper, this.exports, [this.exports, require, this, filename, path.dirname(filename)]);
  };
  process.once("exit", () => storeEntries(dir, toStore, run));
  return "tolog";
}

/** What this run is, for the markers above: the command's first word (`query`, `trace`, ...). */
function runKind(): string {
  const word = process.argv.slice(2).find((arg) => !arg.startsWith("-")) ?? "";
  return /^[a-z][a-z-]{0,30}$/.test(word) ? word : "other";
}

/**
 * An entry's name: the content's length and CRC-32, which is how Node's own compile cache tells a
 * changed source (src/node_compile_cache.cc; zlib's CRC-32 needs no crypto module, 15% of
 * `--version`), and the file's path: code compiled for another clone's copy named that copy's
 * files in stack traces. V8 checks the length, its version and its flags itself.
 */
function entryName(content: string, filename: string): string {
  return `${content.length.toString(36)}-${crc32(content).toString(36)}-${crc32(filename).toString(36)}.bin`;
}

function readEntry(file: string): Buffer | undefined {
  try {
    return readFileSync(file);
  } catch {
    return undefined;
  }
}

function storeEntries(dir: string, entries: readonly { file: string; script: vm.Script; had?: number }[], run: string): void {
  if (entries.length === 0) return;
  try {
    makeDirectorySync(dir);
    for (const { file, script, had } of entries) {
      const data = script.createCachedData();
      // An entry read whole: stored again only when this run compiled more of the file.
      if (had === undefined || data.length > had) {
        const temporary = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
        try {
          writeFileSync(temporary, data);
          renameSync(temporary, file);
        } catch (error) {
          rmSync(temporary, { force: true });
          throw error;
        }
      }
      writeFileSync(`${file}.${run}`, "");
    }
    prune(dir);
  } catch {
    // a read-only or full disk: the next run compiles again, as this one did
  }
}

function prune(dir: string): void {
  const names = readdirSync(dir);
  if (names.length <= MAX_ENTRIES) return;
  const byAge = names
    .map((name) => {
      try {
        return { name, time: statSync(path.join(dir, name)).mtimeMs };
      } catch {
        return { name, time: 0 };
      }
    })
    .sort((a, b) => a.time - b.time);
  for (const { name } of byAge.slice(0, names.length - MAX_ENTRIES / 2)) {
    try {
      unlinkSync(path.join(dir, name));
    } catch {
      // another process pruned it first
    }
  }
}
