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
  // SHA-1 in JavaScript: node:crypto would be loaded for this alone by every command over files.
  return Buffer.from(sha1(relativePath)).toString("base64url").slice(0, FILE_ID_LENGTH);
}
