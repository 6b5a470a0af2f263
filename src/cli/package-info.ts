import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/**
 * The repository root, found by walking up from this file. It works both from `src/cli/`
 * (tests, tsx) and from `dist/src/cli/` (the built binary), which sit at different depths.
 */
export function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = join(dir, "package.json");
    if (existsSync(candidate) && readPackageJson(candidate).name === "tolog") return dir;
    const parent = dirname(dir);
    if (parent === dir) throw new Error("cannot find tolog's package.json above " + fileURLToPath(import.meta.url));
    dir = parent;
  }
}

export function packageVersion(): string {
  return String(readPackageJson(join(packageRoot(), "package.json")).version);
}

/** The saved queries that ship with tolog. */
export function bundledQueriesDir(): string {
  return join(packageRoot(), "queries");
}

function readPackageJson(path: string): { name?: string; version?: string } {
  return JSON.parse(readFileSync(path, "utf8")) as { name?: string; version?: string };
}
