import { existsSync } from "node:fs";
import path from "node:path";
import { valueHash } from "./hash.js";

/** The directory, next to the log files, that holds their indexes (hidden: never read as logs). */
export const INDEX_DIR = ".tolog-index";

/** Where the index of `field` over the log file `logFile` lives: one directory per log file. */
export function indexPathFor(logFile: string, field: string): string {
  return path.join(path.dirname(logFile), INDEX_DIR, path.basename(logFile), `${indexFileStem(field)}.idx`);
}

/** Bytes of a field's encoded name kept as they are; past them, the name is cut and its hash added. */
const MAX_STEM_BYTES = 160;

/**
 * A field's name as a file name: percent-encoded, capital letters too (`Rid` is `%52id`), so that
 * `Rid` and `rid` have files of their own where a file system ignores case (macOS, Windows). A
 * name longer than a file name may be (255 bytes) is cut and told apart by its hash; the index's
 * header names its field, and a lookup checks it (index-file.ts).
 */
export function indexFileStem(field: string): string {
  const encoded = encodeURIComponent(field).replace(/[A-Z]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  if (encoded.length <= MAX_STEM_BYTES) return encoded;
  return `${encoded.slice(0, MAX_STEM_BYTES).replace(/%[0-9A-F]?$/, "")}~${valueHash(field).toString(16).padStart(8, "0")}`;
}

/** Whether an index of one of the keys' fields lies next to the log file (trusted or not). */
export function hasFieldIndex(logFile: string, keys: ReadonlyArray<{ field: string }>): boolean {
  return keys.some((key) => existsSync(indexPathFor(logFile, key.field)));
}
