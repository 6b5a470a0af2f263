#!/usr/bin/env node
// The CLI is written in TypeScript and bundled into dist/bundle/ (scripts/bundle.mjs), which
// `npm ci` builds (the `prepare` script) and `npm run build` rebuilds.
import module from "node:module";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

// Node 22.8+ keeps the compiled code of the bundle on disk between runs (about a third of the
// start-up); older Nodes have no such switch, and a cache that cannot be written is no error.
try {
  module.enableCompileCache?.();
} catch {
  // start without it
}

const entry = new URL("../dist/bundle/main.js", import.meta.url);
if (!existsSync(fileURLToPath(entry))) {
  process.stderr.write("tolog is not built yet: run `npm run build` (or `npm ci`) in the repository first.\n");
  process.exit(1);
}
// The signal rule comes from the bundle too: the commands register their clean-up with the same module.
const { main, installSignalExits } = await import(entry.href);
// Ctrl-C, SIGTERM and SIGHUP exit 128 + the signal's number after cleaning up (src/shared/signals.ts).
installSignalExits();
process.exitCode = await main(process.argv.slice(2));
