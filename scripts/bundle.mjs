#!/usr/bin/env node
/**
 * Bundles the tolog CLI into dist/bundle/ (what bin/tolog.js runs), with esbuild.
 *
 * Why a bundle: started from tsc's output, Node resolves and compiles about 300 files and their
 * packages before `tolog --version` can answer (0.38 s against 0.09 s for `node -e ''`), and each
 * worker thread of the parallel scan loads about 100 of them again before it takes a part. One
 * file per entry, with the dependencies inside and everything loaded with `await import()` split
 * into chunks of its own (the AWS SDK, ink/React, the server, the analyses), loads in a few ms.
 * Why esbuild: it bundles TypeScript directly (no tsc step first) in well under a second, keeps
 * `import()` as code-split chunks in ESM, and is one well-kept dependency with no plugins needed.
 *
 * The split output is then made CommonJS, file by file (scripts/bundle-cjs.mjs), so that on Node
 * 20 tolog can keep V8's compiled code between runs (src/cli/code-cache.ts): with it, `tolog
 * --version` adds about 130M instructions to Node's own start instead of 225M.
 *
 * Entry points are found, not listed: `src/cli/main.ts`, plus every module that a source file
 * loads by URL, `new URL("./name.js", import.meta.url)` (the parallel scan's worker, a source's
 * part reader, ...). Every output sits flat in one directory, so such a URL, resolved from
 * whichever chunk the calling code ended up in, names the entry built from that module.
 *
 * Usage: node scripts/bundle.mjs [--outdir DIR]   (npm's `prepare` runs it after `npm ci`)
 */
import { existsSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
/** The CLI; the rest of the entry points are found in the sources. */
const ROOT_ENTRY = "src/cli/main.ts";
/** What bin/tolog.js and every worker thread load first: the compiled-code cache (src/cli/code-cache.ts). */
const CODE_CACHE_ENTRY = "src/cli/code-cache.ts";
/** What bin/tolog.js loads next, before the CLI: it may start a worker thread early (src/cli/prestart.ts). */
const PRESTART_ENTRY = "src/cli/prestart.ts";

// An install of the dependencies alone (service/Dockerfile copies no CLI sources, and its runtime
// stage omits esbuild with the other devDependencies) has nothing to bundle: `npm ci` goes on.
let build;
try {
  ({ build } = await import("esbuild"));
} catch {
  process.stderr.write("esbuild is not installed (a production install): the tolog CLI is not bundled\n");
  process.exit(0);
}
if (!existsSync(path.join(ROOT, ROOT_ENTRY))) {
  process.stderr.write(`no CLI sources here (${ROOT_ENTRY}): nothing to bundle\n`);
  process.exit(0);
}
// Loaded only now: service/Dockerfile copies this script alone, for the install to find.
const { toCommonJS } = await import("./bundle-cjs.mjs");
const { packOutputs } = await import("./bundle-packs.mjs");
const outIndex = process.argv.indexOf("--outdir");
const OUTDIR = outIndex > 0 ? path.resolve(process.argv[outIndex + 1]) : path.join(ROOT, "dist", "bundle");

const BY_URL = /new URL\(\s*["']\.\/([\w.-]+)\.js["']\s*,\s*import\.meta\.url\s*\)/g;

/** Folders of tools that run from tsc's `dist/src` (`npm run bench`, `npm run fuzz`), not from the CLI. */
const NOT_CLI = new Set(["testing", "test", "bench", "fuzz"]);

function sourceFiles(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return NOT_CLI.has(entry.name) ? [] : sourceFiles(full);
    return /\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name) ? [full] : [];
  });
}

/** Output name -> source, for the CLI and every module loaded by URL. */
function entryPoints() {
  const entries = { main: path.join(ROOT, ROOT_ENTRY), "code-cache": path.join(ROOT, CODE_CACHE_ENTRY), prestart: path.join(ROOT, PRESTART_ENTRY) };
  for (const file of sourceFiles(path.join(ROOT, "src"))) {
    for (const [, name] of readFileSync(file, "utf8").matchAll(BY_URL)) {
      const source = path.join(path.dirname(file), `${name}.ts`);
      if (entries[name] !== undefined && entries[name] !== source) {
        throw new Error(`two modules loaded by URL share the name ${name}.js (${entries[name]}, ${source}): rename one`);
      }
      entries[name] = source;
    }
  }
  return entries;
}

/**
 * yargs, cliui and wrap-ansi measure text with string-width 7/8, whose module bodies build an
 * Intl.Segmenter and Unicode-property regular expressions when they load: about 25 ms of every
 * start, `tolog --version` included, for measuring help text. They get the string-width 4 that
 * cli-table3 uses (CommonJS, so evaluated on first use; the same widths for the ASCII of help),
 * when it is installed.
 *
 * string-width 4 replaces every emoji (one large regular expression) on each call: its importers
 * get it behind `src/output/narrow-first-width.cjs`, which answers text of one-column characters
 * itself. (cli-table3, a development dependency now, is the reference tables are tested against.)
 */
const NARROW_FIRST = "narrow-first-width";
const NARROW_FIRST_FILE = path.join(ROOT, "src", "output", "narrow-first-width.cjs");
const lazyStringWidth = {
  name: "lazy-string-width",
  setup(build) {
    let v4;
    try {
      const require = createRequire(path.join(ROOT, "node_modules", "cli-table3", "index.js"));
      const main = require.resolve("string-width");
      if (/^4\./.test(JSON.parse(readFileSync(path.join(path.dirname(main), "package.json"), "utf8")).version)) v4 = main;
    } catch {
      return;
    }
    if (v4 === undefined) return;
    build.onResolve({ filter: /^string-width$/ }, (args) =>
      args.namespace !== NARROW_FIRST && /node_modules[\\/](yargs|cliui|wrap-ansi|cli-table3)[\\/]/.test(args.importer)
        ? { path: "string-width-4", namespace: NARROW_FIRST }
        : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: NARROW_FIRST }, () => ({
      contents: `module.exports = require(${JSON.stringify(NARROW_FIRST_FILE)})(require(${JSON.stringify(v4)}));\n`,
      resolveDir: ROOT,
      loader: "js",
    }));
  },
};

/**
 * string-width 8 (what tolog's own tables measure text with, `src/output/text-width.ts`, and
 * ink's) builds an Intl.Segmenter and Unicode-property regular expressions (`\p{RGI_Emoji}` with
 * the `v` flag) in its module body: ICU loads their data, 40% of the instructions `tolog
 * --version` runs on top of Node's own start (callgrind), for a function most commands call on
 * plain ASCII text if at all. Its importers get a stand-in with the same default export that
 * loads the real module on the first call; esbuild turns that `require()` of a bundled ESM
 * module into a lazy initialiser inside the bundle, so no file is looked up at run time.
 */
const lazyModuleBodies = {
  name: "lazy-module-bodies",
  setup(build) {
    const FACADE = "lazy-facade";
    build.onResolve({ filter: /^string-width$/ }, async (args) => {
      // CommonJS importers (cli-table3's string-width 4) keep their own copy, loaded on require.
      if (args.pluginData === FACADE || args.kind !== "import-statement") return undefined;
      const real = await build.resolve(args.path, { kind: args.kind, resolveDir: args.resolveDir, importer: args.importer, pluginData: FACADE });
      if (real.errors.length > 0) return { errors: real.errors };
      // Named relative to the repository: the name shows in the bundle's comments.
      return { path: path.relative(ROOT, real.path), namespace: FACADE };
    });
    build.onLoad({ filter: /.*/, namespace: FACADE }, (args) => ({
      contents: `let real;\nexport default function lazyDefault(...args) {\n  real ??= require(${JSON.stringify("./" + args.path)}).default;\n  return real(...args);\n}\n`,
      resolveDir: ROOT,
      loader: "js",
    }));
    // The facade's own require of the real file: the file itself, past the facade.
    build.onResolve({ filter: /.*/, namespace: FACADE }, (args) => ({ path: path.join(ROOT, args.path) }));
  },
};

/**
 * fdir's ESM build (tinyglobby's crawler) loads its optional picomatch with a require() made from
 * `createRequire(import.meta.url)`, which esbuild cannot see: every command that opened local
 * files compiled picomatch's six files again from node_modules (4% of the instructions of a
 * query over a one-line file). Its CommonJS build calls require() itself, which esbuild bundles
 * (the picomatch it gets is the copy tinyglobby has loaded already); the `require.resolve` probe
 * before it, which would still search node_modules at run time, goes.
 */
const fdirBundledPicomatch = {
  name: "fdir-bundled-picomatch",
  setup(build) {
    build.onResolve({ filter: /^fdir$/ }, (args) =>
      args.kind === "import-statement" ? build.resolve(args.path, { kind: "require-call", resolveDir: args.resolveDir, importer: args.importer }) : undefined,
    );
    build.onLoad({ filter: /[\\/]fdir[\\/]dist[\\/]index\.cjs$/ }, (args) => ({
      contents: readFileSync(args.path, "utf8").replace(/^\s*require\.resolve\("picomatch"\);\s*$/m, ""),
      loader: "js",
    }));
  },
};

/**
 * yargs guesses a version when it is made (the `--version` tolog then sets): it reads the
 * package.json found above its `mainFilename`, which its ES-module shim takes from its own path up
 * to `node_modules`. Bundled, that path has no `node_modules`, so the shim fell back to the working
 * directory: every start listed the working directory and each one above it (`readdirSync`) until
 * one held a package.json, and built an assertion error with its message when none did (a
 * directory of 3,000 log files added 18M instructions to a one-line query). The bundle's shim
 * starts from the package root above `dist/bundle/` instead: one short listing, tolog's own
 * package.json.
 */
const yargsMainFilename = {
  name: "yargs-main-filename",
  setup(build) {
    build.onLoad({ filter: /[\\/]yargs[\\/]lib[\\/]platform-shims[\\/]esm\.mjs$/ }, (args) => {
      const source = readFileSync(args.path, "utf8");
      const from = "const mainFilename = __dirname.substring(0, __dirname.lastIndexOf('node_modules'));";
      // Another yargs: bundled as it comes (the working directory is then read, as before).
      if (!source.includes(from) || !/\bresolve\b/.test(source.slice(0, source.indexOf(from)))) return undefined;
      // `__dirname` is this file's own path there: dist/bundle/<file>.js, three levels below the root.
      return { contents: source.replace(from, "const mainFilename = resolve(__dirname, '../../..');"), loader: "js" };
    });
  },
};

/**
 * yargs' ES-module shim imports node:assert for two internal sanity checks (`strictEqual`,
 * `notStrictEqual`), and loading node:assert (its error classes, `util`'s comparisons) was about
 * 5% of the instructions of a one-line query. It gets stand-ins that test as assert does
 * (`Object.is`) and hand a failing check to the real node:assert, loaded only then.
 */
const yargsLazyAssert = {
  name: "yargs-lazy-assert",
  setup(build) {
    build.onResolve({ filter: /^(node:)?assert$/ }, (args) =>
      /[\\/]yargs[\\/]lib[\\/]platform-shims[\\/]/.test(args.importer) ? { path: "assert", namespace: "yargs-lazy-assert" } : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: "yargs-lazy-assert" }, () => ({
      contents: [
        "export function strictEqual(actual, expected, message) {",
        '  if (!Object.is(actual, expected)) process.getBuiltinModule("node:assert").strictEqual(actual, expected, message);',
        "}",
        "export function notStrictEqual(actual, expected, message) {",
        '  if (Object.is(actual, expected)) process.getBuiltinModule("node:assert").notStrictEqual(actual, expected, message);',
        "}",
        "",
      ].join("\n"),
      loader: "js",
    }));
  },
};

/**
 * Packages with a native addon (a `.node` file, built or downloaded at install) cannot be inlined:
 * they stay imports, resolved from node_modules at run time like any dependency.
 */
const nativeAddonsExternal = {
  name: "native-addons-external",
  setup(build) {
    const seen = new Map();
    build.onResolve({ filter: /^(@[^/]+\/)?[^./][^/]*/ }, (args) => {
      const name = /^(@[^/]+\/)?[^/]+/.exec(args.path)[0];
      if (!seen.has(name)) seen.set(name, hasNativeAddon(name, args.resolveDir));
      return seen.get(name) ? { path: args.path, external: true } : undefined;
    });
  },
};

function hasNativeAddon(name, from) {
  let manifest;
  try {
    manifest = createRequire(path.join(from, "x.js")).resolve(`${name}/package.json`);
  } catch {
    return false; // a package that hides its package.json: bundled as usual
  }
  const pkg = JSON.parse(readFileSync(manifest, "utf8"));
  const deps = { ...pkg.dependencies, ...pkg.optionalDependencies };
  return pkg.gypfile === true || existsSync(path.join(path.dirname(manifest), "binding.gyp")) ||
    ["node-gyp-build", "bindings", "prebuild-install", "node-pre-gyp", "@mapbox/node-pre-gyp"].some((d) => d in deps);
}

/**
 * The JSON scanner's WebAssembly module (src/engine/wasm/flat-scan.ts) is assembled by
 * JavaScript that runs once per thread, interpreted: 15-20 ms of a query's start, and of each
 * worker's. Its bytes depend on nothing at run time, so they are assembled here, by the same
 * code, and given to the bundle as a constant.
 */
async function flatScannerBytes() {
  return wasmModuleBytes("src/engine/wasm/flat-scan.ts", "flatModule");
}

/** The same for the needle search's module (src/engine/wasm/needle-scan.ts). */
async function needleScannerBytes() {
  return wasmModuleBytes("src/engine/wasm/needle-scan.ts", "needleModule");
}

/** The same for the VPC flow record check's module (src/engine/wasm/vpc-scan.ts). */
async function vpcScannerBytes() {
  return wasmModuleBytes("src/engine/wasm/vpc-scan.ts", "vpcModule");
}

async function wasmModuleBytes(source, assemble) {
  const { outputFiles } = await build({ entryPoints: [path.join(ROOT, source)], bundle: true, write: false, format: "esm", platform: "node", logLevel: "warning" });
  const module = await import(`data:text/javascript;base64,${Buffer.from(outputFiles[0].text).toString("base64")}`);
  return Buffer.from(module[assemble]()).toString("base64");
}

rmSync(OUTDIR, { recursive: true, force: true });
const result = await build({
  entryPoints: entryPoints(),
  outdir: OUTDIR,
  bundle: true,
  splitting: true,
  format: "esm",
  platform: "node",
  target: "node20.19",
  entryNames: "[name]",
  chunkNames: "chunk-[hash]",
  sourcemap: "linked",
  legalComments: "linked",
  logLevel: "warning",
  metafile: true,
  // Development-only tooling that ink imports when DEV=true. re2js (300 KB) is required by the
  // first query regex (src/engine/compile/regex.ts): left in node_modules, it is read only then,
  // where bundled it was scanned by every query's start (3% of a one-line query's instructions).
  external: ["react-devtools-core", "re2js"],
  // Bundled CommonJS packages (the AWS SDK's) call require() for Node's built-ins.
  banner: { js: 'import { createRequire as __tologRequire } from "node:module"; const require = __tologRequire(import.meta.url);' },
  plugins: [lazyStringWidth, lazyModuleBodies, fdirBundledPicomatch, yargsMainFilename, yargsLazyAssert, nativeAddonsExternal],
  define: {
    "process.env.NODE_ENV": '"production"',
    __TOLOG_FLAT_WASM__: JSON.stringify(await flatScannerBytes()),
    __TOLOG_NEEDLE_WASM__: JSON.stringify(await needleScannerBytes()),
    __TOLOG_VPC_WASM__: JSON.stringify(await vpcScannerBytes()),
  },
});
// Then into CommonJS files, which src/cli/code-cache.ts can compile from cached code on Node 20.
const entries = Object.keys(entryPoints());
const { commonjs, esm } = await toCommonJS(OUTDIR, result.metafile, {
  hooked: entries.filter((name) => name !== "main" && name !== "code-cache"),
  importer: "code-cache",
});
// Then the outputs that load together into one file each (scripts/bundle-packs.mjs).
packOutputs(OUTDIR, result.metafile, { entries, esm, importer: "code-cache" });
// One short line: `npm ci` and `npm run demo` print it on a projector's 80 columns.
process.stderr.write(
  `bundled ${entries.length} entry points into ${path.relative(ROOT, OUTDIR) || OUTDIR}: ${commonjs} CommonJS files, ${esm.length} ES modules\n`,
);
