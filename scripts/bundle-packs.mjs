/**
 * Packs the CommonJS outputs of the bundle (scripts/bundle-cjs.mjs) that load together into one
 * file each, in place, for scripts/bundle.mjs.
 *
 * Why: a one-line query loaded 57 files of the bundle, and each cost about 0.75M instructions
 * besides its code (resolving it, a `stat`, opening and reading it and its cached code, a module
 * object, a `require` of its own): about 40M of the 190M that tolog added to Node's start. The
 * CLI's entry (`main`) and each output loaded by `import()` (the engine, the local source, each
 * command's own modules) now carry, besides their own code, the code of every output they import
 * statically: one file to read and one entry of compiled code (src/cli/code-cache.ts) each.
 *
 * How module identity is kept: every output, packed or not, registers itself in one registry per
 * thread (`globalThis[Symbol.for("tolog.chunks")]`) and asks it for the outputs it imports. The
 * registry hands out the one instance of an output, made from the first definition a pack gave it
 * or else by `require` of the output's own file, which stays in the folder (worker threads load
 * those; so does any output not in a loaded pack). A pack's copy of an output that already runs
 * is never run. A pack leaves out what `main`'s pack holds (always loaded first on the main
 * thread; elsewhere such outputs load from their own files).
 *
 * Not packed: `code-cache` (loaded by bin/tolog.js and worker threads before anything else), the
 * other entries (worker threads: their first line turns the code cache on, so a pack of theirs
 * would be compiled without it), and the ES modules (ink's and yoga-layout's), whose imports of
 * CommonJS outputs go through the registry too (scripts/bundle-cjs.mjs, keepModule).
 */
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

/** The registry, as its first user makes it (see above). */
export const REGISTRY =
  'var __tologChunks = globalThis[Symbol.for("tolog.chunks")] ??= (() => { const mods = new Map(), defs = new Map(); return { mods,' +
  " define(name, body, dir, req) { if (!mods.has(name) && !defs.has(name)) defs.set(name, { body, dir, req }); }," +
  " load(name, req) { const known = mods.get(name); if (known !== undefined) return known.exports; const def = defs.get(name);" +
  ' if (def === undefined) return req("./" + name + ".js"); const module = { exports: {} }; mods.set(name, module);' +
  ' try { def.body.call(module.exports, module.exports, def.req, module, def.dir + "/" + name + ".js", def.dir); } catch (error) { mods.delete(name); throw error; }' +
  " return module.exports; } }; })();";

/** The largest output (in characters) that a pack copies when another pack holds it already. */
const MAX_COPIED = 32 * 1024;
/** The most code (in characters) a pack other than main's copies in. */
const MAX_PACKED = 512 * 1024;
const OUTPUT_REQUIRE = /\brequire\("\.\/([\w.-]+)\.js"\)/g;
const MAP_COMMENT = /\n\/\/# sourceMappingURL=[^\n]*\n?$/;

/**
 * @param {string} outdir the bundle's folder
 * @param {import("esbuild").Metafile} metafile the ES-module build's metafile
 * @param {{ entries: readonly string[], esm: readonly string[], importer: string }} options the
 *   entry names, the outputs that stayed ES modules, and the output every thread loads first
 * @returns {{ packs: number, packed: number }} how many packs were written, holding how many outputs besides their own
 */
export function packOutputs(outdir, metafile, { entries, esm, importer }) {
  const staticImports = new Map();
  const dynamicTargets = new Set();
  const dynamicImports = new Map();
  for (const [file, output] of Object.entries(metafile.outputs)) {
    if (!file.endsWith(".js")) continue;
    const name = path.basename(file, ".js");
    staticImports.set(name, output.imports.filter((i) => i.kind === "import-statement" && !i.external).map((i) => path.basename(i.path, ".js")));
    const dynamic = output.imports.filter((i) => i.kind === "dynamic-import" && !i.external).map((i) => path.basename(i.path, ".js"));
    dynamicImports.set(name, dynamic);
    for (const target of dynamic) dynamicTargets.add(target);
  }
  const excluded = new Set([importer, ...esm]);
  const commonjs = [...staticImports.keys()].filter((name) => !excluded.has(name));
  const isOutput = new Set(commonjs);

  // Every CommonJS output registers itself and asks the registry for the outputs it imports.
  const code = new Map();
  for (const name of commonjs) {
    const text = readFileSync(path.join(outdir, `${name}.js`), "utf8");
    const [first, ...rest] = text.split("\n");
    if (!first.startsWith('"use strict";')) throw new Error(`${name}.js does not start with "use strict"`);
    // On the first line, after the banner: every later line stays where its source map says.
    const body = [first + ` ${REGISTRY} __tologChunks.mods.set(${JSON.stringify(name)}, module);`, ...rest]
      .join("\n")
      .replace(OUTPUT_REQUIRE, (whole, target) => (isOutput.has(target) ? `__tologChunks.load(${JSON.stringify(target)}, require)` : whole));
    code.set(name, body);
  }

  const closure = (root) => {
    const seen = new Set();
    const visit = (name) => {
      for (const next of staticImports.get(name) ?? []) {
        if (seen.has(next) || !isOutput.has(next)) continue;
        seen.add(next);
        visit(next);
      }
    };
    visit(root);
    seen.delete(root);
    return seen;
  };
  const hooked = new Set(entries.filter((name) => name !== "main"));
  const roots = ["main", ...[...dynamicTargets].filter((name) => isOutput.has(name) && !hooked.has(name) && name !== "main")];

  // Read before any pack's index map replaces a member's own.
  const maps = new Map(commonjs.map((name) => [name, readMap(outdir, name)]));
  let packed = 0;
  const written = new Map();
  // The outputs that the CLI's modules load with import() (the engine, the local source, a
  // command's own modules) carry every output they import that main's pack does not hold, and a
  // copy of the small ones another pack holds too (which of them comes first depends on the
  // command); a large one (the engine's core, the AWS SDK's) stays in one pack, and another that
  // needs it first loads it from its own file: what a file costs is mostly per file, not per byte.
  // Deeper packs (the AWS SDK's own lazy modules) take only what no pack holds yet.
  const mainClosure = closure("main");
  const firstLevel = new Set([...mainClosure, "main"].flatMap((name) => dynamicImports.get(name) ?? []).filter((name) => roots.includes(name)));
  const taken = new Set(["main", ...mainClosure]);
  const bytes = (names) => [...names].reduce((sum, name) => sum + code.get(name).length, 0);
  const deeper = roots.filter((root) => root !== "main" && !firstLevel.has(root)).sort();
  for (const root of ["main", ...[...firstLevel].sort(), ...deeper]) {
    const copies = (name) => root === "main" || !taken.has(name) || (firstLevel.has(root) && code.get(name).length <= MAX_COPIED);
    const members = [...closure(root)].filter((name) => (root === "main" || !mainClosure.has(name)) && name !== "main" && copies(name)).sort();
    // The AWS SDK's core (over a MB, for commands that wait on the network anyway) is not copied.
    if (root !== "main" && bytes(members) > MAX_PACKED) continue;
    for (const name of members) taken.add(name);
    if (process.env.TOLOG_PACKS_DEBUG) process.stderr.write(`pack ${root}${firstLevel.has(root) ? " (first level)" : ""}: ${members.length} ${bytes(members)}\n`);
    if (members.length === 0) continue;
    packed += members.length;
    written.set(root, pack(root, members, code, maps));
  }
  for (const [name, { map }] of written) writeFileSync(path.join(outdir, `${name}.js.map`), JSON.stringify(map));
  for (const name of commonjs) {
    if (written.has(name)) continue;
    writeFileSync(path.join(outdir, `${name}.js`), code.get(name));
  }
  for (const [name, { text }] of written) writeFileSync(path.join(outdir, `${name}.js`), text);
  return { packs: written.size, packed };
}

/**
 * The pack of `root`: its members' definitions, then its own code, with a source map that
 * places each one's own map at its first line, so that stack traces still name the sources.
 */
function pack(root, members, code, maps) {
  const sections = [];
  const lines = [`"use strict"; ${REGISTRY}`];
  for (const member of members) {
    lines.push(`__tologChunks.define(${JSON.stringify(member)}, function (exports, require, module, __filename, __dirname) {`);
    const text = code.get(member).replace(MAP_COMMENT, "\n");
    sections.push({ offset: { line: lines.length, column: 0 }, map: maps.get(member) });
    lines.push(...text.replace(/\n$/, "").split("\n"));
    lines.push("}, __dirname, require);");
  }
  const own = code.get(root).replace(MAP_COMMENT, "\n");
  sections.push({ offset: { line: lines.length, column: 0 }, map: maps.get(root) });
  lines.push(...own.replace(/\n$/, "").split("\n"));
  return { text: `${lines.join("\n")}\n//# sourceMappingURL=${root}.js.map\n`, map: flatMap(`${root}.js`, sections) };
}

/**
 * One source map for a pack, from each output's own map placed at its first line. Not an index
 * map (`sections`): Node 20 reads none from a file (its `sourcesToAbsolute` expects `sources`).
 */
function flatMap(file, sections) {
  const sources = [];
  const sourcesContent = [];
  const names = [];
  const lines = [];
  for (const { offset, map } of sections) {
    if (map === undefined) continue;
    const sourceBase = sources.length;
    const nameBase = names.length;
    sources.push(...map.sources);
    sourcesContent.push(...(map.sourcesContent ?? map.sources.map(() => null)));
    names.push(...(map.names ?? []));
    const state = [0, 0, 0, 0, 0];
    map.mappings.split(";").forEach((line, index) => {
      state[0] = 0;
      const segments = line === "" ? [] : line.split(",").map((segment) => {
        const fields = decodeVlq(segment);
        for (let i = 0; i < fields.length; i++) state[i] += fields[i];
        const absolute = [state[0]];
        if (fields.length >= 4) absolute.push(sourceBase + state[1], state[2], state[3]);
        if (fields.length >= 5) absolute.push(nameBase + state[4]);
        return absolute;
      });
      lines[offset.line + index] = segments;
    });
  }
  // Encoded again relative to the segment before, across every line (columns per line).
  const previous = [0, 0, 0, 0, 0];
  const mappings = Array.from({ length: lines.length }, (_, i) => lines[i] ?? []).map((segments) => {
    previous[0] = 0;
    return segments.map((segment) => {
      const out = segment.map((value, i) => value - previous[i]);
      segment.forEach((value, i) => (previous[i] = value));
      return out.map(encodeVlq).join("");
    }).join(",");
  });
  return { version: 3, file, sources, sourcesContent, names, mappings: mappings.join(";") };
}

const BASE64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

function decodeVlq(text) {
  const values = [];
  let value = 0;
  let shift = 0;
  for (const char of text) {
    const digit = BASE64.indexOf(char);
    value += (digit & 31) << shift;
    if (digit & 32) shift += 5;
    else {
      values.push(value & 1 ? -(value >>> 1) : value >>> 1);
      value = 0;
      shift = 0;
    }
  }
  return values;
}

function encodeVlq(number) {
  let value = number < 0 ? (-number << 1) | 1 : number << 1;
  let out = "";
  do {
    let digit = value & 31;
    value >>>= 5;
    if (value > 0) digit |= 32;
    out += BASE64[digit];
  } while (value > 0);
  return out;
}

function readMap(outdir, name) {
  try {
    return JSON.parse(readFileSync(path.join(outdir, `${name}.js.map`), "utf8"));
  } catch {
    return undefined;
  }
}
