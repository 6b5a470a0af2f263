/**
 * Whether an index still describes its log file. Log files only grow (appends) or are replaced
 * (rotation, a rewrite): an index is trusted for the bytes it covers when the file is the same
 * file (device and inode), is at least as long, and its first and last 4 KiB of those bytes are
 * unchanged (and, when nothing was appended, its modification time too). Bytes appended since
 * are read in full.
 *
 * A file with nothing appended whose status is exactly as it was (device, inode, size,
 * modification and change times) is trusted without reading it: every write, truncation and
 * `utimes` sets the change time, which no program can set back. A file's times have a coarse
 * clock, though (a few ms on Linux, 1-2 s on some file systems): a write in the same tick as the
 * indexing's `stat` would leave them as they were. So the change time is kept only for a file
 * last changed at least `SETTLED_MS` before it was indexed ("racily clean" files, as git calls
 * them, are checked by their bytes as before).
 */
import type { Stats } from "node:fs";
import { open, type FileHandle } from "node:fs/promises";
import { bareCrLines } from "../line-time.js";
import type { IndexHeader } from "./index-file.js";

const EDGE = 4096;

/** How long before its indexing a file must have last changed for its status alone to vouch for it. */
export const SETTLED_MS = 10_000;

/** What identifies the log file's indexed bytes: the same file, its first and last bytes unchanged. */
export interface Fingerprint {
  dev: number;
  ino: number;
  mtimeMs: number;
  /** The change time, when the file had settled (see above): then an unchanged status is enough. */
  ctimeMs?: number;
  /**
   * The change time, settled or not (absent from indexes of before): a file of the same size and
   * modification time whose change time moved was written to and its times set back (`cp -p`,
   * `touch -d`), which the first and last 4 KiB would not show.
   */
  changedMs?: number;
  /** SHA-1 of the first `headBytes` (4 KiB, or the first line when longer) and of the last 4 KiB of the indexed bytes. */
  headBytes: number;
  headHash: string;
  tailHash: string;
  /** Whether lines end in a bare CR (byte-reader's `hasBareCrLines`), when the hashed head decides it. */
  bareCr?: boolean;
}

/** `headBytes`: 4 KiB, or more to cover the first line (the file's format is decided on it). */
export async function fingerprint(handle: FileHandle, indexedBytes: number, headBytes: number, settledMs = SETTLED_MS): Promise<Fingerprint> {
  const info = await handle.stat();
  const checkedAt = Date.now();
  const head = Math.min(indexedBytes, Math.max(EDGE, headBytes));
  const headBuf = await readRange(handle, 0, head);
  // Decided by the hashed bytes alone (not at their end): what the trusted head says for good.
  const bareCr = bareCrLines(headBuf, headBuf.length, false);
  return {
    dev: info.dev,
    ino: info.ino,
    mtimeMs: info.mtimeMs,
    changedMs: info.ctimeMs,
    ...(checkedAt - Math.max(info.ctimeMs, info.mtimeMs) >= settledMs ? { ctimeMs: info.ctimeMs } : {}),
    headBytes: head,
    headHash: sha1(headBuf),
    tailHash: sha1(await readRange(handle, Math.max(0, indexedBytes - EDGE), indexedBytes)),
    ...(bareCr === undefined ? {} : { bareCr }),
  };
}

async function readRange(handle: FileHandle, from: number, to: number): Promise<Buffer> {
  const buf = Buffer.alloc(to - from);
  let done = 0;
  while (done < buf.length) {
    const { bytesRead } = await handle.read(buf, done, buf.length - done, from + done);
    if (bytesRead === 0) break;
    done += bytesRead;
  }
  return buf.subarray(0, done);
}

function sha1(buf: Buffer): string {
  // Loaded on first use: a lookup that trusts a settled file by its status hashes nothing.
  const { createHash } = process.getBuiltinModule("node:crypto");
  return createHash("sha1").update(buf).digest("base64url");
}

/**
 * What the log file's status says of the index: "trusted" (an unchanged, settled file), why it
 * cannot be trusted, or "read" when only its bytes can tell.
 */
export type StatusVerdict = "trusted" | "read" | { stale: string };

export function statusVerdict(info: Stats, header: IndexHeader): StatusVerdict {
  if (info.dev !== header.dev || info.ino !== header.ino) return { stale: "the file was replaced since it was indexed" };
  if (info.size < header.indexedBytes) return { stale: "the file is shorter than when it was indexed" };
  if (info.size === header.indexedBytes && info.mtimeMs !== header.mtimeMs) return { stale: "the file was modified since it was indexed" };
  if (info.size === header.indexedBytes && header.changedMs !== undefined && info.ctimeMs !== header.changedMs) {
    return { stale: "the file was changed since it was indexed (its size and modification time were kept)" };
  }
  if (header.ctimeMs !== undefined && info.size === header.indexedBytes && info.ctimeMs === header.ctimeMs) return "trusted";
  return "read";
}

/** Why the index cannot be trusted for its bytes now, or undefined when it can. */
export async function staleness(handle: FileHandle, header: IndexHeader): Promise<string | undefined> {
  const verdict = statusVerdict(await handle.stat(), header);
  if (verdict !== "read") return verdict === "trusted" ? undefined : verdict.stale;
  const now = await fingerprint(handle, header.indexedBytes, header.headBytes);
  if (now.headHash !== header.headHash || now.tailHash !== header.tailHash) return "the file was rewritten since it was indexed";
  return undefined;
}

/**
 * `staleness` of the log file at `logPath` whose status (a `stat` of the path) is `info`: the
 * file is opened only when its status cannot vouch for it.
 */
export async function stalenessAt(logPath: string, info: Stats, header: IndexHeader): Promise<string | undefined> {
  const verdict = statusVerdict(info, header);
  if (verdict !== "read") return verdict === "trusted" ? undefined : verdict.stale;
  // Checked again through one handle: the path may name another file by now.
  const handle = await open(logPath, "r");
  try {
    return await staleness(handle, header);
  } finally {
    await handle.close();
  }
}
