#!/usr/bin/env node
// The CLI is written in TypeScript and compiled to dist/ by `npm run build`.
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

const entry = new URL("../dist/src/cli/main.js", import.meta.url);
if (!existsSync(fileURLToPath(entry))) {
  process.stderr.write("tolog is not built yet: run `npm run build` in the repository first.\n");
  process.exit(1);
}
const { main } = await import(entry.href);
const { installSignalExits } = await import(new URL("../dist/src/shared/signals.js", import.meta.url).href);
// Ctrl-C, SIGTERM and SIGHUP exit 128 + the signal's number after cleaning up (src/shared/signals.ts).
installSignalExits();
process.exitCode = await main(process.argv.slice(2));
