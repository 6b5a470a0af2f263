/**
 * Turns esbuild's ES-module bundle (code-split chunks) into CommonJS files, in place, for
 * scripts/bundle.mjs.
 *
 * Why: Node 20 has no compile cache for ES modules (and `vm.SourceTextModule`, which takes cached
 * code, needs a flag); CommonJS modules are compiled by one function that src/cli/code-cache.ts
 * can wrap to give V8 the code it compiled on an earlier run. Parsing and compiling are about half
 * of what tolog adds to Node's start, and CommonJS files also load with less work than ES modules.
 * esbuild splits code only in ESM output, so the split is done there and each output is then
 * transformed on its own, keeping the chunks, their names and their sharing as they were.
 *
 * What changes in each file:
 * - `import`/`export` become `require`/`module.exports` (esbuild's transform, which keeps live
 *   bindings through getters and annotates the export names for Node's ES-module importers);
 * - `import("./chunk.js")` of another output becomes a promise of its `require`, so it shares the
 *   one module registry and the cache; every other `import()` (a built-in, an ES module, a URL)
 *   calls `importModule` of src/cli/code-cache.ts, which Node compiles itself: on Node 20, code
 *   compiled from cached data has lost what `import()` needs (ERR_VM_DYNAMIC_IMPORT_CALLBACK_MISSING);
 * - `import.meta.url` becomes the file's URL, and every file runs in strict mode, as an ES module did;
 * - the banner that made `require` for ES modules goes (CommonJS has its own);
 * - entries other than `main` first turn the code cache on for their thread (worker threads).
 * An output that cannot be CommonJS (top-level await, in ink's and yoga-layout's modules), and any
 * output importing one statically, stays an ES module renamed `.mjs` (its imports of CommonJS
 * outputs made live: see keepModule). A `package.json` of
 * `{"type": "commonjs"}` in the folder makes Node read the `.js` files as CommonJS.
 * Source maps are carried through (the transform reads the first map inline and writes the chained one).
 */
import { build, transform } from "esbuild";
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { REGISTRY } from "./bundle-packs.mjs";

const REQUIRE_BANNER = /^import \{ createRequire as __tologRequire \} from "node:module"; const require = __tologRequire\(import\.meta\.url\);\n?/;
const OUTPUT_SPECIFIER = /(["'])\.\/([\w.-]+)\.js\1/g;
const DYNAMIC_IMPORT = /\bimport\((["'])\.\/([\w.-]+)\.js\1\)/g;
const MAP_COMMENT = /\n\/\/# sourceMappingURL=[^\n]*\n?$/;
/** What esbuild makes of `import(x)` in CommonJS: `Promise.resolve().then(() => __toESM(require(x)))`. */
const REQUIRED_IMPORT = /Promise\.resolve\(\)\.then\(\(\) => __toESM\d*\(require\(/g;
/**
 * esbuild's `module.exports` of a converted ES module: a copy of its exports object whose every
 * property is a getter of one shared closure (`() => from[key]`), in front of the exports' own
 * getters. Every call of a function from another output went through both, and the shared one,
 * a keyed load whose feedback all outputs share, stayed out of line: 8% of a `stats ... by sql`
 * scan's CPU. The exports object itself (one getter per name, live bindings kept) is exported instead.
 */
const COPIED_EXPORTS = 'var __toCommonJS = (mod) => __copyProps(__defProp({}, "__esModule", { value: true }), mod);';
const OWN_EXPORTS = 'var __toCommonJS = (mod) => __defProp(mod, "__esModule", { value: true });';

/**
 * @param {string} outdir the bundle's folder
 * @param {import("esbuild").Metafile} metafile the build's metafile (paths relative to the working folder)
 * @param {{ hooked: readonly string[], importer: string }} entries the entries whose threads turn
 *   on the code cache first, and the one that loads the cache and does every other one's `import()`
 */
export async function toCommonJS(outdir, metafile, { hooked, importer }) {
  const outputs = new Map(); // name (without .js) -> static imports of other outputs
  for (const [file, output] of Object.entries(metafile.outputs)) {
    if (!file.endsWith(".js")) continue;
    const name = path.basename(file, ".js");
    const imports = output.imports.filter((i) => i.kind === "import-statement" && !i.external).map((i) => path.basename(i.path, ".js"));
    outputs.set(name, imports);
  }
  const sources = new Map([...outputs.keys()].map((name) => [name, readFileSync(path.join(outdir, `${name}.js`), "utf8")]));

  const esm = new Set();
  const converted = new Map();
  for (const [name, source] of sources) {
    const result = await convert(outdir, name, source, new Set(), { hooked: hooked.includes(name), importer });
    if (result === undefined) esm.add(name);
    else converted.set(name, result);
  }
  // An output importing an ES module statically cannot be required: it stays one too.
  for (let grew = true; grew; ) {
    grew = false;
    for (const [name, imports] of outputs) {
      if (!esm.has(name) && imports.some((i) => esm.has(i))) {
        esm.add(name);
        grew = true;
      }
    }
  }
  if (esm.has(importer)) throw new Error(`${importer} cannot be CommonJS`);
  if (esm.has("main")) throw new Error("the CLI's entry (main) cannot be CommonJS: it or a module it imports statically has a top-level await");
  if (esm.size > 0) {
    // Converted again with the ES modules' new names.
    for (const name of converted.keys()) {
      if (!esm.has(name)) converted.set(name, await convert(outdir, name, sources.get(name), esm, { hooked: hooked.includes(name), importer }));
    }
  }
  for (const [name, { code, map }] of converted) {
    if (esm.has(name)) continue;
    writeFileSync(path.join(outdir, `${name}.js`), `${code}//# sourceMappingURL=${name}.js.map\n`);
    writeFileSync(path.join(outdir, `${name}.js.map`), map);
  }
  for (const name of esm) {
    const { code, map } = await keepModule(outdir, name, sources.get(name), esm);
    writeFileSync(path.join(outdir, `${name}.mjs`), `${code}//# sourceMappingURL=${name}.mjs.map\n`);
    writeFileSync(path.join(outdir, `${name}.mjs.map`), map);
    rmSync(path.join(outdir, `${name}.js`));
    rmSync(path.join(outdir, `${name}.js.map`), { force: true });
  }
  writeFileSync(path.join(outdir, "package.json"), `${JSON.stringify({ type: "commonjs" })}\n`);
  return { commonjs: converted.size - esm.size, esm: [...esm] };
}

/**
 * An output that stays an ES module, with its imports of CommonJS outputs made live: Node gives an
 * ES module the exports of a CommonJS one as they were when it finished loading, and esbuild's
 * chunks fill some exports later (a module body run on first use, `init_*()`), which would stay
 * undefined. Bundled again with each such import behind a CommonJS stand-in, esbuild reads every
 * name from the module's exports object where it is used, as it does for any CommonJS package.
 */
async function keepModule(outdir, name, source, esm) {
  const map = readMap(outdir, name);
  let text = source.replace(REQUIRE_BANNER, "").replace(MAP_COMMENT, "\n");
  if (map !== undefined) text += `//# sourceMappingURL=data:application/json;base64,${Buffer.from(map).toString("base64")}\n`;
  const outputs = {
    name: "commonjs-outputs",
    setup(b) {
      b.onResolve({ filter: /^\.\/[\w.-]+\.js$/ }, (args) => {
        const target = path.basename(args.path, ".js");
        if (esm.has(target)) return { path: `./${target}.mjs`, external: true };
        if (args.namespace === "commonjs-output") return { path: args.path, external: true };
        return { path: target, namespace: "commonjs-output" };
      });
      // Through the outputs' registry (scripts/bundle-packs.mjs): the instance a pack may have made.
      b.onLoad({ filter: /.*/, namespace: "commonjs-output" }, (args) => ({ contents: `${REGISTRY}\nmodule.exports = __tologChunks.load(${JSON.stringify(args.path)}, require);\n`, loader: "js" }));
    },
  };
  const result = await build({
    stdin: { contents: text, resolveDir: outdir, sourcefile: `${name}.js`, loader: "js" },
    bundle: true,
    write: false,
    format: "esm",
    platform: "node",
    target: "node20.19",
    packages: "external",
    outfile: path.join(outdir, `${name}.mjs`),
    sourcemap: map === undefined ? false : "external",
    // Before esbuild's own helpers, whose `__require` looks for a `require` when it is defined.
    banner: { js: 'import { createRequire as __tologRequire } from "node:module"; const require = __tologRequire(import.meta.url);' },
    plugins: [outputs],
    logLevel: "silent",
  });
  const code = result.outputFiles.find((f) => f.path.endsWith(".mjs")).text.replace(MAP_COMMENT, "\n");
  return { code, map: result.outputFiles.find((f) => f.path.endsWith(".map"))?.text ?? "" };
}

function readMap(outdir, name) {
  try {
    return readFileSync(path.join(outdir, `${name}.js.map`), "utf8");
  } catch {
    return undefined;
  }
}

/** The CommonJS text and map of one output, or undefined when it cannot be CommonJS. */
async function convert(outdir, name, source, esm, { hooked, importer }) {
  const isImporter = name === importer;
  const map = readMap(outdir, name);
  let text = source.replace(REQUIRE_BANNER, "").replace(MAP_COMMENT, "\n");
  text = text.replace(DYNAMIC_IMPORT, (_, quote, target) =>
    esm.has(target) ? `import(${quote}./${target}.mjs${quote})` : `Promise.resolve().then(() => require(${quote}./${target}.js${quote}))`,
  );
  text = text.replace(OUTPUT_SPECIFIER, (whole, quote, target) => (esm.has(target) ? `${quote}./${target}.mjs${quote}` : whole));
  // The replacements above keep every line where it was, so the first map still applies.
  if (map !== undefined) text += `//# sourceMappingURL=data:application/json;base64,${Buffer.from(map).toString("base64")}\n`;
  // Each line of the banner only where it is used: every file runs it at every start.
  const banner = ['"use strict";'];
  if (/\bimport\.meta\b/.test(text)) banner.push('var __tologUrl = require("node:url").pathToFileURL(__filename).href;');
  if (!isImporter && /\bimport\s*\(/.test(text)) banner.push(`var __tologImport = require("./${importer}.js").importModule;`);
  if (hooked) banner.push(`require("./${importer}.js").installCodeCache(__dirname);`);
  try {
    const result = await transform(text, {
      format: "cjs",
      platform: "node",
      target: "node20.19",
      sourcefile: `${name}.js`,
      sourcemap: map === undefined ? false : "external",
      define: { "import.meta.url": "__tologUrl" },
      supported: { "dynamic-import": isImporter },
      banner: banner.join(" "),
      logLevel: "silent",
    });
    const exported = ownExports(name, result.code);
    // The same parentheses close it: `__tologImport(() => ((x)))`.
    if (isImporter) return { code: exported, map: result.map };
    const code = exported.replace(REQUIRED_IMPORT, "__tologImport(() => ((");
    if (/\bimport\s*\(/.test(code)) throw new Error(`${name}.js still has an import() after its conversion to CommonJS`);
    return { code, map: result.map };
  } catch (error) {
    if ((error.errors ?? []).some((e) => /top-level await/i.test(e.text))) return undefined;
    throw error;
  }
}

/** The code with its exports object as `module.exports` (COPIED_EXPORTS); only the helper's own line changes, so the map still applies. */
function ownExports(name, code) {
  if (!code.includes("__toCommonJS")) return code;
  if (!code.includes(COPIED_EXPORTS)) throw new Error(`${name}.js: esbuild's __toCommonJS helper changed; update COPIED_EXPORTS in scripts/bundle-cjs.mjs`);
  return code.replace(COPIED_EXPORTS, OWN_EXPORTS);
}
