/**
 * The indexes of log files that are gone: `tolog index` removes them from the `.tolog-index`
 * directories of the files it indexes (a log deleted or rotated away leaves its index behind,
 * which no query reads again).
 *
 * Only tolog's own files go: in a directory of `.tolog-index` named as a log file that has no
 * entry any more, the regular files named as an index (`<field>.idx`) or as one being written
 * (`.<field>.idx.<pid>.tmp`) that start with an index's magic; then the directory, if nothing else
 * is left in it (else it is kept, with a warning naming what is left). No link is followed: a
 * `.tolog-index`, a directory or a file that is a symbolic link is left as it is.
 */
import { constants, type Dirent } from "node:fs";
import { lstat, open, readdir, rmdir, unlink } from "node:fs/promises";
import path from "node:path";
import { MAGIC } from "./index-file.js";
import { INDEX_DIR } from "./location.js";

export interface RemovedIndex {
  /** The log file the index was of (gone). */
  logFile: string;
  field: string;
}

const INDEX_NAME = /^.+\.idx$/;
const TEMPORARY_NAME = /^\..+\.idx\.\d+\.tmp$/;

/** Removes the indexes of gone log files from `<dir>/.tolog-index` of each of `dirs`; returns those removed. */
export async function removeOrphanIndexes(dirs: Iterable<string>, warn: (message: string) => void): Promise<RemovedIndex[]> {
  const removed: RemovedIndex[] = [];
  for (const dir of new Set(dirs)) {
    const indexes = path.join(dir, INDEX_DIR);
    if (!(await isRealDirectory(indexes))) continue;
    for (const entry of await entriesOf(indexes)) {
      if (!entry.isDirectory()) continue;
      const logFile = path.join(dir, entry.name);
      if (await exists(logFile)) continue;
      removed.push(...(await removeIndexesOf(logFile, path.join(indexes, entry.name), warn)));
    }
  }
  return removed;
}

async function removeIndexesOf(logFile: string, own: string, warn: (message: string) => void): Promise<RemovedIndex[]> {
  const removed: RemovedIndex[] = [];
  const left: string[] = [];
  for (const entry of await entriesOf(own)) {
    const file = path.join(own, entry.name);
    const isIndex = INDEX_NAME.test(entry.name);
    const field = entry.isFile() && (isIndex || TEMPORARY_NAME.test(entry.name)) ? await indexedField(file) : undefined;
    if (field === undefined) {
      left.push(entry.name);
      continue;
    }
    try {
      await unlink(file);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") continue;
      left.push(entry.name);
      continue;
    }
    if (isIndex) removed.push({ logFile, field: field || stemField(entry.name) });
  }
  if (left.length === 0) await rmdir(own).catch(() => undefined);
  else {
    warn(`kept ${own}, the index directory of ${logFile}, which no longer exists: it holds files tolog did not write (${left.sort().join(", ")})`);
  }
  return removed;
}

/**
 * The field an index file names in its header ("" when its header cannot be read), or undefined
 * when it does not start with an index's magic. Opened without following a link.
 */
async function indexedField(file: string): Promise<string | undefined> {
  let handle;
  try {
    handle = await open(file, constants.O_RDONLY | constants.O_NOFOLLOW);
  } catch {
    return undefined;
  }
  try {
    if (!(await handle.stat()).isFile()) return undefined;
    const head = Buffer.alloc(4096);
    const { bytesRead } = await handle.read(head, 0, head.length, 0);
    if (bytesRead < MAGIC.length || head.toString("latin1", 0, MAGIC.length) !== MAGIC) return undefined;
    try {
      const length = head.readUInt32LE(MAGIC.length);
      const field = (JSON.parse(head.toString("utf8", MAGIC.length + 4, MAGIC.length + 4 + length)) as { field?: unknown }).field;
      return typeof field === "string" ? field : "";
    } catch {
      return "";
    }
  } finally {
    await handle.close();
  }
}

/** The field an index's file name encodes (location.ts), for one whose header is damaged. */
function stemField(name: string): string {
  const stem = name.slice(0, -".idx".length);
  try {
    return decodeURIComponent(stem);
  } catch {
    return stem;
  }
}

async function isRealDirectory(p: string): Promise<boolean> {
  try {
    return (await lstat(p)).isDirectory();
  } catch {
    return false;
  }
}

/** Whether anything is at `p` (a dangling link too: not followed). */
async function exists(p: string): Promise<boolean> {
  try {
    await lstat(p);
    return true;
  } catch (error) {
    // Only a clear "no entry" lets an index go: an unreadable directory keeps it.
    return (error as NodeJS.ErrnoException).code !== "ENOENT";
  }
}

async function entriesOf(dir: string): Promise<Dirent[]> {
  try {
    return (await readdir(dir, { withFileTypes: true })).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  } catch {
    return [];
  }
}
