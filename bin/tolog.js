#!/usr/bin/env node
// The CLI is written in TypeScript and bundled into dist/bundle/ (scripts/bundle.mjs), which
// `npm ci` builds (the `prepare` script) and `npm run build` rebuilds.
//
// This file and the bundle are CommonJS (bin/package.json, dist/bundle/package.json): Node starts
// them without its ES-module loader, and their compiled code can be kept between runs, by Node's
// compile cache where the running Node has one (22.8+), by tolog's own otherwise
// (src/cli/code-cache.ts). A cache that cannot be read or written is no error: tolog starts without it.
"use strict";
const { existsSync } = require("node:fs");
const path = require("node:path");

const bundle = path.join(__dirname, "..", "dist", "bundle");
if (!existsSync(path.join(bundle, "main.js"))) {
  process.stderr.write("tolog is not built yet: run `npm run build` (or `npm ci`) in the repository first.\n");
  process.exit(1);
}
// `tolog --version` alone prints what yargs would (package.json's version) without loading the
// CLI: the command tree, yargs and the modules every command imports are 80% of its instructions.
// Any other argument, `--version` among others included, goes through the CLI as before.
if (process.argv.length === 3 && process.argv[2] === "--version") {
  process.stdout.write(`${require(path.join(__dirname, "..", "package.json")).version}\n`);
  return;
}
require(path.join(bundle, "code-cache.js")).installCodeCache(bundle);
// Queries over large local files get their first worker thread now, loading while the CLI loads (src/cli/prestart.ts).
require(path.join(bundle, "prestart.js")).prestart(process.argv.slice(2));
// The signal rule comes from the bundle too: the commands register their clean-up with the same module.
const { main, installSignalExits } = require(path.join(bundle, "main.js"));
// Ctrl-C, SIGTERM and SIGHUP exit 128 + the signal's number after cleaning up (src/shared/signals.ts).
installSignalExits();
main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
