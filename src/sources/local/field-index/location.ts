import { existsSync } from "node:fs";
import path from "node:path";

/** The directory, next to the log files, that holds their indexes (hidden: never read as logs). */
export const INDEX_DIR = ".tolog-index";

/** Where the index of `field` over the log file `logFile` lives: one directory per log file. */
export function indexPathFor(logFile: string, field: string): string {
  return path.join(path.dirname(logFile), INDEX_DIR, path.basename(logFile), `${encodeURIComponent(field)}.idx`);
}

/** Whether an index of one of the keys' fields lies next to the log file (trusted or not). */
export function hasFieldIndex(logFile: string, keys: ReadonlyArray<{ field: string }>): boolean {
  return keys.some((key) => existsSync(indexPathFor(logFile, key.field)));
}
