/**
 * The store layout shared by local files, `tolog serve` and `tolog pull`: a directory per log
 * group and a file per stream, each named by `encodeName`.
 *
 * Names come from clients (`tolog serve`) and from AWS (`tolog pull`), so the mapping to a path
 * segment must be safe for every input: the segment never contains a separator, is never `.`,
 * `..` or a dot-file (the walk skips those, and `..` would escape the store), and is short
 * enough for any file system. `isSafeSegment` is checked again wherever a segment is joined.
 */
import path from "node:path";

/** Extensions of log files picked up when a directory is given (each optionally `.gz`). */
export const LOG_EXTENSIONS = [".jsonl", ".log", ".txt", ".json"] as const;

/**
 * Longest encoded name kept whole. File systems allow 255 bytes; the rest leaves room for an
 * extension, `.gz` and the suffix of a temporary file.
 */
export const MAX_ENCODED_NAME = 200;
const HASH_CHARS = 40;
/** `,` never appears in encodeURIComponent's output, so only a shortened name has it. */
const SHORTENED = new RegExp(`,[0-9a-f]{${HASH_CHARS}}$`);
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * The path segment of a group or stream name: percent-encoded, a leading dot and the name
 * `node_modules` encoded too (a directory walk leaves both out), and
 * past MAX_ENCODED_NAME characters a readable prefix plus a hash of the whole name (the store
 * keeps such names in its metadata; `isShortenedName` tells them apart).
 */
export function encodeName(name: string): string {
  let encoded = encodeURIComponent(name.replace(LONE_SURROGATE, "\uFFFD"));
  if (encoded.startsWith(".")) encoded = "%2E" + encoded.slice(1);
  // A directory walk leaves node_modules out (isSkippedDirName): a group of that name is kept in reach.
  if (encoded === "node_modules") encoded = "node%5Fmodules";
  if (encoded.length <= MAX_ENCODED_NAME) return encoded;
  let prefix = encoded.slice(0, MAX_ENCODED_NAME - HASH_CHARS - 1);
  const cut = prefix.lastIndexOf("%");
  if (cut >= prefix.length - 2) prefix = prefix.slice(0, cut); // never half an escape
  // node:crypto only here, for the rare long name: loading it costs every command that reads files.
  const { createHash } = process.getBuiltinModule("node:crypto");
  return `${prefix},${createHash("sha256").update(name).digest("hex").slice(0, HASH_CHARS)}`;
}

/** Whether a segment came from a name too long to keep whole (its real name is elsewhere). */
export function isShortenedName(segment: string): boolean {
  return SHORTENED.test(segment);
}

/** A segment that can be joined to a directory and stays a direct child of it. */
export function isSafeSegment(segment: string): boolean {
  return segment !== "" && segment !== "." && segment !== ".." && !/[/\\\0]/.test(segment) && path.basename(segment) === segment;
}

/** `parent/segment`, refusing any segment that could leave `parent`. */
export function childPath(parent: string, segment: string): string {
  if (!isSafeSegment(segment)) throw new Error(`unsafe path segment ${JSON.stringify(segment)}`);
  const child = path.join(parent, segment);
  if (path.dirname(child) !== path.normalize(parent).replace(/[/\\]$/, "")) {
    throw new Error(`path segment ${JSON.stringify(segment)} leaves ${parent}`);
  }
  return child;
}

export function decodeName(segment: string): string {
  const whole = isShortenedName(segment) ? segment.slice(0, -(HASH_CHARS + 1)) : segment;
  try {
    return decodeURIComponent(whole);
  } catch {
    // A stray `%` that is not an escape: the name is meant literally.
    return whole;
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

/**
 * True for a directory a walk leaves out: a dot directory (`.git`, `.tolog-index`) and
 * `node_modules`, whose licences and change logs are named as logs are but are not, and where
 * `tolog index` would write.
 */
export function isSkippedDirName(dirName: string): boolean {
  return dirName.startsWith(".") || dirName === "node_modules";
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
  return encodeName(group);
}

/** The file name of a stream in the store, with its extension (default `.jsonl`). */
export function streamFileName(stream: string, extension = ".jsonl"): string {
  return encodeName(stream) + extension;
}

/**
 * The longest line read as an event; a longer one is skipped and reported, its bytes passed over
 * as they stream by (a line is held whole while it is read, so there is a bound). CloudWatch's
 * largest event is 1 MiB, and a line holding one in its envelope, as tolog serve and tolog pull
 * write them, can be several times that with its JSON escapes (a control character takes 6
 * bytes): both read lines up to this length, so that they see the same events.
 */
export const MAX_LINE_BYTES = 16 * 1024 * 1024;
