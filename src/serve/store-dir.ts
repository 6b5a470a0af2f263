/**
 * What the store learns of its directory before it reads it: whether its file system tells
 * names apart by case, and which stream files the endpoint created (their last line it may
 * repair, stream-file.ts).
 */
import { randomInt } from "node:crypto";
import { lstat, open, rm } from "node:fs/promises";
import { join } from "node:path";
import { encodeName } from "../sources/local/layout.js";
import { GROUP_METADATA_FILE, type GroupMetadata } from "./store.js";
import { readRegularFile, STREAM_FILE_SUFFIX } from "./stream-file.js";

/**
 * Whether names that differ only in case name the same entry in `dir` (macOS's and Windows' file
 * systems by default): a probe file made in lower case is looked for in upper case.
 */
export async function caseInsensitiveDir(dir: string): Promise<boolean> {
  const name = `.tolog-case-probe-${process.pid}-${randomInt(1e9)}`;
  const probe = join(dir, name);
  const handle = await open(probe, "wx");
  await handle.close();
  try {
    return (await lstat(join(dir, name.toUpperCase())).catch(() => undefined)) !== undefined;
  } finally {
    await rm(probe, { force: true });
  }
}

/** The names of the stream files a group directory's `.group.json` records: those the endpoint created. */
export async function ownStreamFiles(groupDir: string): Promise<ReadonlySet<string>> {
  try {
    const metadata = JSON.parse(await readRegularFile(join(groupDir, GROUP_METADATA_FILE))) as GroupMetadata;
    const own = Object.entries(metadata.streams ?? {}).filter(([, recorded]) => recorded.own === true);
    return new Set(own.map(([name]) => encodeName(name) + STREAM_FILE_SUFFIX));
  } catch {
    return new Set(); // no record (a directory made by hand or by `tolog pull`): no file of its own
  }
}
