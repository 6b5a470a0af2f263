/**
 * Whether an index still describes its log file. Log files only grow (appends) or are replaced
 * (rotation, a rewrite): an index is trusted for the bytes it covers when the file is the same
 * file (device and inode), is at least as long, and its first and last 4 KiB of those bytes are
 * unchanged (and, when nothing was appended, its modification time too). Bytes appended since
 * are read in full.
 */
import { createHash } from "node:crypto";
import type { FileHandle } from "node:fs/promises";
import type { IndexHeader } from "./index-file.js";

const EDGE = 4096;

/** What identifies the log file's indexed bytes: the same file, its first and last bytes unchanged. */
export interface Fingerprint {
  dev: number;
  ino: number;
  mtimeMs: number;
  /** SHA-1 of the first `headBytes` (4 KiB, or the first line when longer) and of the last 4 KiB of the indexed bytes. */
  headBytes: number;
  headHash: string;
  tailHash: string;
}

/** `headBytes`: 4 KiB, or more to cover the first line (the file's format is decided on it). */
export async function fingerprint(handle: FileHandle, indexedBytes: number, headBytes: number): Promise<Fingerprint> {
  const info = await handle.stat();
  const head = Math.min(indexedBytes, Math.max(EDGE, headBytes));
  return {
    dev: info.dev,
    ino: info.ino,
    mtimeMs: info.mtimeMs,
    headBytes: head,
    headHash: await hashRange(handle, 0, head),
    tailHash: await hashRange(handle, Math.max(0, indexedBytes - EDGE), indexedBytes),
  };
}

async function hashRange(handle: FileHandle, from: number, to: number): Promise<string> {
  const buf = Buffer.alloc(to - from);
  let done = 0;
  while (done < buf.length) {
    const { bytesRead } = await handle.read(buf, done, buf.length - done, from + done);
    if (bytesRead === 0) break;
    done += bytesRead;
  }
  return createHash("sha1").update(buf.subarray(0, done)).digest("base64url");
}

/** Why the index cannot be trusted for its bytes now, or undefined when it can. */
export async function staleness(handle: FileHandle, header: IndexHeader): Promise<string | undefined> {
  const info = await handle.stat();
  if (info.dev !== header.dev || info.ino !== header.ino) return "the file was replaced since it was indexed";
  if (info.size < header.indexedBytes) return "the file is shorter than when it was indexed";
  if (info.size === header.indexedBytes && info.mtimeMs !== header.mtimeMs) return "the file was modified since it was indexed";
  const now = await fingerprint(handle, header.indexedBytes, header.headBytes);
  if (now.headHash !== header.headHash || now.tailHash !== header.tailHash) return "the file was rewritten since it was indexed";
  return undefined;
}
