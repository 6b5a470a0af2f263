/**
 * The store layout shared by local files, `tolog serve` and `tolog pull`: a directory per log
 * group named `encodeURIComponent(group)`, a file per stream named `encodeURIComponent(stream)`
 * plus an extension.
 */
import path from "node:path";

/** Extensions of log files picked up when a directory is given (each optionally `.gz`). */
export const LOG_EXTENSIONS = [".jsonl", ".log", ".txt", ".json"] as const;

function decodeName(name: string): string {
  try {
    return decodeURIComponent(name);
  } catch {
    // A stray `%` that is not an escape: the name is meant literally.
    return name;
  }
}

function stripExtensions(fileName: string): string {
  let name = fileName;
  if (name.endsWith(".gz")) name = name.slice(0, -3);
  for (const ext of LOG_EXTENSIONS) {
    if (name.endsWith(ext) && name.length > ext.length) return name.slice(0, -ext.length);
  }
  return name;
}

/** True for a file name a directory walk should read. */
export function isLogFileName(fileName: string): boolean {
  if (fileName.startsWith(".")) return false;
  if (fileName.endsWith(".gz")) return true;
  return LOG_EXTENSIONS.some((ext) => fileName.endsWith(ext));
}

export function groupOfPath(filePath: string): string {
  return decodeName(path.basename(path.dirname(path.resolve(filePath))));
}

export function streamOfPath(filePath: string): string {
  return decodeName(stripExtensions(path.basename(filePath)));
}

/** The directory name of a group in the store. */
export function groupDirName(group: string): string {
  return encodeURIComponent(group);
}

/** The file name of a stream in the store, with its extension (default `.jsonl`). */
export function streamFileName(stream: string, extension = ".jsonl"): string {
  return encodeURIComponent(stream) + extension;
}
