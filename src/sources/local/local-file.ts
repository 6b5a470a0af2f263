import type { FileHandle } from "node:fs/promises";
import { sha1 } from "../../shared/sha1.js";

/** One file of a local source, with the group and stream its events belong to by default. */
export interface LocalFile {
  /** Absolute path. */
  path: string;
  /** How warnings name it: relative to the working directory when inside it. */
  display: string;
  group: string;
  stream: string;
  /** Stable short id of the file, the first part of every `@ptr` into it (`fileId`). */
  id: string;
  /** An open handle to read instead of the path: stdin's copy, whose name is already gone. */
  handle?: FileHandle;
}

/** What byte readers need of a file. */
export type Readable = Pick<LocalFile, "path" | "handle">;

export const FILE_ID_LENGTH = 11;

/**
 * 66 bits of a hash of the file's path relative to the `--logs` root it was found under (see
 * resolve-paths.ts): stable across runs and wherever the root is, opaque, and short.
 */
export function fileId(relativePath: string): string {
  return hashOfPath(relativePath).toString("base64url").slice(0, FILE_ID_LENGTH);
}

/**
 * How many paths are hashed in JavaScript before node:crypto is loaded for the rest. Loading it
 * took 6-9 ms, where 20 hashes in JavaScript took 1.5 ms and 100 took 4.4 ms (a cold process,
 * Node 20): a query over up to 32 files (the 8 of the bench's VPC flow logs) never loads it, one
 * over more pays at most a few ms more than the cheaper of the two. Both give SHA-1's digest
 * (src/shared/sha1.test.ts).
 */
const HASHED_IN_JAVASCRIPT = 32;
let hashed = 0;

function hashOfPath(relativePath: string): Buffer {
  if (++hashed <= HASHED_IN_JAVASCRIPT) return Buffer.from(sha1(relativePath));
  return process.getBuiltinModule("node:crypto").createHash("sha1").update(relativePath).digest();
}
