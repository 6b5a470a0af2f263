/**
 * `mkdir -p` that always ends. Node's own (`{ recursive: true }`, sync and async) spins for
 * ever where mkdir answers ENOENT although the parent exists, as procfs does (`/proc/x/y`): it
 * takes ENOENT for a missing parent, makes the parent (EEXIST) and tries again (seen with
 * `tolog report --out /proc/nope/x.html`; CommandMate#1774 measured the same). Here each missing
 * directory is made once, from the top: an ENOENT then is the answer, thrown.
 */
import { mkdirSync, statSync } from "node:fs";
import { mkdir, stat } from "node:fs/promises";
import path from "node:path";

export function makeDirectorySync(dir: string): void {
  for (const missing of missingFrom(dir)) {
    try {
      mkdirSync(missing);
    } catch (error) {
      if (!(isCode(error, "EEXIST") && statSync(missing, { throwIfNoEntry: false })?.isDirectory())) throw error;
    }
  }
}

export async function makeDirectory(dir: string): Promise<void> {
  // The walk up is synchronous (a few stats), the making asynchronous: as mkdir -p, in order.
  for (const missing of missingFrom(dir)) {
    try {
      await mkdir(missing);
    } catch (error) {
      if (!(isCode(error, "EEXIST") && (await stat(missing).catch(() => undefined))?.isDirectory())) throw error;
    }
  }
}

/**
 * The directories to make, outermost first: `dir` and its ancestors up to the first that exists.
 * A path that is there and is no directory is left for mkdir to refuse (ENOTDIR below it,
 * EEXIST for `dir` itself), with its own path in the error.
 */
function missingFrom(dir: string): string[] {
  const missing: string[] = [];
  for (let at = path.resolve(dir); ; at = path.dirname(at)) {
    const found = statSync(at, { throwIfNoEntry: false });
    if (found !== undefined) {
      if (missing.length === 0 && !found.isDirectory()) missing.push(at);
      break;
    }
    missing.push(at);
    if (path.dirname(at) === at) break;
  }
  return missing.reverse();
}

function isCode(error: unknown, code: string): boolean {
  return (error as NodeJS.ErrnoException).code === code;
}
