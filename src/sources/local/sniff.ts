/**
 * Whether a file is a log stream at all, told from its first bytes (decompressed when gzip), so
 * that a directory of logs can hold other files: a binary (an executable, an image, a tar inside
 * `.gz`) or a JSON document (a pretty-printed `manifest.json`) is skipped, never read as events.
 *
 * - binary: a NUL byte in the first `SNIFF_BYTES` (git's and grep's test), or more than a tenth
 *   of them control bytes other than tab, newline, carriage return, form feed and escape;
 * - a JSON document: the first non-empty line starts with `{` or `[` and is not JSON by itself
 *   (`{` alone, `[`, `{"key": 1,`), where a JSON-lines file has one whole value per line.
 * A first line that does not end within the bytes read is not judged: long lines are logs too.
 */
import { closeSync, openSync, readSync } from "node:fs";
import type { Readable } from "./local-file.js";

export const SNIFF_BYTES = 8192;
/** Compressed bytes read of a gzip file: enough for `SNIFF_BYTES` of any log. */
const GZIP_HEAD_BYTES = 4096;

export type NotALog = "binary" | "document" | "project file" | "broken link" | "not a file";

async function head(file: Readable): Promise<Buffer> {
  if (file.handle) return firstBytes(file.handle.read.bind(file.handle));
  // A file by its path: read synchronously, as the scan reads. Each asynchronous call is a round
  // trip through libuv's threads, and resolving 40 files awaited 120 of them one after another.
  const fd = openSync(file.path, "r");
  try {
    return await firstBytes(async (buf, offset, length, position) => ({ bytesRead: readSync(fd, buf, offset, length, position) }));
  } finally {
    closeSync(fd);
  }
}

type ReadAt = (buf: Buffer, offset: number, length: number, position: number) => Promise<{ bytesRead: number }>;

async function firstBytes(read: ReadAt): Promise<Buffer> {
  const buf = Buffer.alloc(SNIFF_BYTES);
  const { bytesRead } = await read(buf, 0, SNIFF_BYTES, 0);
  const bytes = buf.subarray(0, bytesRead);
  if (bytesRead < 2 || bytes[0] !== 0x1f || bytes[1] !== 0x8b) return bytes;
  try {
    // node:zlib only for a gzip file: loading it costs every command that reads plain files.
    const { constants, gunzipSync } = process.getBuiltinModule("node:zlib");
    return gunzipSync(bytes.subarray(0, GZIP_HEAD_BYTES), { finishFlush: constants.Z_SYNC_FLUSH }).subarray(0, SNIFF_BYTES);
  } catch {
    // Corrupt from the start: reading it says so, with the file's name.
    return Buffer.alloc(0);
  }
}

/** The control bytes counted against a log: below 0x20 but tab, LF, CR, FF and ESC (NUL is tested first). */
const CONTROL = /[\x00-\x08\x0b\x0e-\x1a\x1c-\x1f]/;

function controlBytes(bytes: Buffer): number {
  // Most logs have none: one native search over the bytes as Latin-1 (a code unit per byte)
  // answers that. A loop over 8 KiB per file runs in the interpreter (code that runs once per
  // file is never optimised): 6-25 ms over the 40 files of an indexed trace.
  if (!CONTROL.test(bytes.toString("latin1"))) return 0;
  let control = 0;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i];
    if (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d && b !== 0x0c && b !== 0x1b) control++;
  }
  return control;
}

/** Why the file is not a log stream, or undefined when it may be one. */
export async function notALog(file: Readable): Promise<NotALog | undefined> {
  return judge(await head(file));
}

export function judge(bytes: Buffer): NotALog | undefined {
  if (bytes.indexOf(0) >= 0) return "binary";
  if (controlBytes(bytes) * 10 > bytes.length) return "binary";
  let start = bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  while (start < bytes.length && (bytes[start] === 0x20 || bytes[start] === 0x09 || bytes[start] === 0x0d || bytes[start] === 0x0a)) start++;
  if (start >= bytes.length || (bytes[start] !== 0x7b && bytes[start] !== 0x5b)) return undefined;
  let end = start;
  while (end < bytes.length && bytes[end] !== 0x0a && bytes[end] !== 0x0d) end++;
  if (end >= bytes.length) return undefined;
  try {
    JSON.parse(bytes.toString("utf8", start, end));
    return undefined;
  } catch {
    return "document";
  }
}

/**
 * A JSON document named `manifest.json` (or `<name>-manifest.json`) describes the logs beside
 * it: `npm run record-fixtures` writes one next to each recorded run (fixtures/runs/*), the
 * bench next to its data. By its name no one means it as a log stream, so a directory or glob
 * skips it without the warning, which is for files a user may have expected to be read (such
 * as the JSON output of `aws logs filter-log-events`).
 */
export function isManifest(fileName: string, reason: NotALog): boolean {
  return reason === "document" && /^(?:.+-)?manifest\.json$/.test(fileName);
}

/**
 * A file a project ships beside its code, named as such, that a log's extension would have read:
 * - its texts: README, LICENSE, NOTICE, CHANGELOG and the like, and the `*.LEGAL.txt` licence
 *   texts a bundler extracts (the bundle's 85 in this repository's `dist/`). Only `.txt`:
 *   `notice.log` may well be a log;
 * - its JSON settings: `package.json`, `tsconfig*.json`, `cdk.json` and the like. A one-line one
 *   (the bundle's `{"type":"commonjs"}`) is a valid JSON line, so its content cannot tell it
 *   from a log, as it tells a pretty-printed document.
 * `--logs .` in a project read them as events. A directory skips them without a warning, as a
 * manifest: by their names no one means them as logs. Named themselves, they are read.
 */
export function isProjectFile(fileName: string): boolean {
  const name = fileName.replace(/\.gz$/i, "");
  if (/\.json$/.test(name)) return PROJECT_JSON.test(name);
  if (!/\.txt$/i.test(name)) return false;
  return /\.LEGAL\.txt$/.test(name) || /^(?:readme|licen[cs]e|notice|changelog|copying|authors|contributing|third[-_]party[-_](?:notices|licen[cs]es))(?:[-_.][^/]*)?\.txt$/i.test(name);
}

/** The JSON settings files of npm, TypeScript, the AWS CDK and the usual JavaScript tools, by name. */
const PROJECT_JSON =
  /^(?:package|package-lock|npm-shrinkwrap|composer|bower|deno|lerna|nx|turbo|renovate|biome|vercel|angular|cdk|cdk\.context|(?:ts|js)config(?:\.[^/]*)?)\.json$/;

export function describeNotALog(reason: NotALog): string {
  switch (reason) {
    case "binary":
      return "binary";
    case "document":
      return "a JSON document, not one event per line";
    case "project file":
      return "a project's own file by its name, such as a README, a licence or package.json; name it to read it";
    case "broken link":
      return "a symbolic link to nothing, or a loop of links";
    case "not a file":
      return "not a regular file: a FIFO, socket or device; name it to read it";
  }
}
