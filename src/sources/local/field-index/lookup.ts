/**
 * Which byte ranges of a log file a query must read, by the field indexes next to it: the blocks
 * where the index places every key's values (intersected over the keys that have an index),
 * then every byte appended since the file was indexed. No usable index: the whole file.
 */
import { statSync, type Stats } from "node:fs";
import type { IndexKey } from "../../../engine/source.js";
import type { LocalFile } from "../local-file.js";
import type { FileFormat } from "../line-decoder.js";
import { stalenessAt } from "./fingerprint.js";
import { valueHash } from "./hash.js";
import { openIndexFile } from "./index-file.js";
import { indexPathFor } from "./location.js";

/** Lines starting in `[from, to)` (`to` Infinity: to the end). */
export interface ByteRange {
  from: number;
  to: number;
}

/**
 * The ranges to read, or undefined to read the whole file. `warn` is told when an index exists
 * but cannot be trusted (it is then ignored).
 */
export async function indexedRanges(
  file: LocalFile,
  keys: IndexKey[],
  warn: (message: string) => void,
): Promise<{ ranges: ByteRange[]; format?: FileFormat; bareCr?: boolean } | undefined> {
  if (file.handle || keys.length === 0) return undefined;
  let blocks: number[] | undefined;
  let format: FileFormat | undefined;
  let bareCr: boolean | undefined;
  let covered = 0;
  let blockSize = 0;
  // The log file's status, once: for a file unchanged since it was indexed, all the lookup reads of it.
  let info: Stats | undefined;
  try {
    for (const key of keys) {
      const index = await openIndexFile(indexPathFor(file.path, key.field), key.field);
      if (!index) continue;
      if ("unusable" in index) {
        warn(notUsed(key.field, file, index.unusable));
        continue;
      }
      try {
        info ??= statSync(file.path);
        const stale = await stalenessAt(file.path, info, index.header);
        if (stale !== undefined) {
          warn(notUsed(key.field, file, stale));
          continue;
        }
        // Indexes built with another block size than the first are left out (one is enough).
        if (blocks !== undefined && index.header.blockSize !== blockSize) continue;
        const found = await index.blocks(key.values.map(valueHash));
        // A chunk it read is damaged: this index is left out (the others, if any, still apply).
        if (!Array.isArray(found)) {
          warn(notUsed(key.field, file, found.unusable));
          continue;
        }
        // Several indexes over one file: the blocks every one allows, up to the shortest cover.
        covered = blocks === undefined ? index.header.indexedBytes : Math.min(covered, index.header.indexedBytes);
        blockSize = index.header.blockSize;
        format ??= index.header.lineFormat;
        bareCr ??= index.header.bareCr;
        blocks = blocks === undefined ? found : intersect(blocks, found);
      } finally {
        await index.close();
      }
    }
  } catch (error) {
    // The log file itself is gone or unreadable: the plain read reports that as it always does.
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
  const size = info?.size ?? Infinity;
  if (blocks === undefined) return undefined;
  const ranges: ByteRange[] = [];
  for (const b of blocks) {
    const from = b * blockSize;
    if (from >= covered) break;
    const to = Math.min(covered, from + blockSize);
    const last = ranges.at(-1);
    if (last && last.to === from) last.to = to;
    else ranges.push({ from, to });
  }
  // Lines appended since the index was built (none: no range, rather than a read of nothing).
  const last = ranges.at(-1);
  if (last && last.to === covered) last.to = Infinity;
  else if (size > covered) ranges.push({ from: covered, to: Infinity });
  return { ranges, format, bareCr };
}

function notUsed(field: string, file: LocalFile, why: string): string {
  return `the ${field} index of ${file.display} is not used: ${why}; run tolog index again to rebuild it`;
}

function intersect(a: number[], b: number[]): number[] {
  const set = new Set(b);
  return a.filter((x) => set.has(x));
}
