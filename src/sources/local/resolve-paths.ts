/**
 * Turns the paths given on the command line (files, directories, globs, `-` for stdin) into the
 * list of files to read. Resolution is redone on every read, because `tolog serve` adds stream
 * files while queries run.
 */
import { existsSync, statSync } from "node:fs";
import { readdir, stat } from "node:fs/promises";
import path from "node:path";
import { glob, globSync, isDynamicPattern } from "tinyglobby";
import { SourcePathError } from "./errors.js";
import { groupOfPath, isLogFileName, isSkippedDirName, streamOfPath } from "./layout.js";
import { fileId, type LocalFile } from "./local-file.js";
import { describeNotALog, isManifest, isProjectFile, notALog, type NotALog } from "./sniff.js";
import type { StreamSpool } from "./stream-spool.js";

export const STDIN_PATH = "-";

function isGlob(p: string): boolean {
  return !existsSync(p) && isDynamicPattern(p);
}

/** Throws a `SourcePathError` for the first path that names nothing. */
export function checkPaths(paths: string[]): void {
  if (paths.length === 0) {
    throw new SourcePathError("", "no log files given: name files, directories or globs, or `-` for stdin");
  }
  for (const p of paths) {
    if (p === STDIN_PATH || existsSync(p)) continue;
    if (isDynamicPattern(p)) {
      if (globSync(p, { onlyFiles: true }).length > 0) continue;
      throw new SourcePathError(p, `no files match ${JSON.stringify(p)}: check the pattern and the directory it starts from`);
    }
    throw new SourcePathError(
      p,
      `no such file or directory: ${JSON.stringify(p)}; check the path (relative paths start from ${process.cwd()}), or quote a glob so that the shell leaves it to tolog`,
    );
  }
}

function displayPath(abs: string): string {
  const rel = path.relative(process.cwd(), abs);
  return rel && !rel.startsWith("..") && !path.isAbsolute(rel) ? rel : abs;
}

/**
 * A file found under `root` (the directory a path names, a glob's fixed leading directories, or
 * the directory of a file named itself): its id hashes the path from there, so that `@ptr`s stay
 * the same wherever the logs are (another clone, a moved directory).
 */
export function fileAt(abs: string, root = path.dirname(abs)): LocalFile {
  const id = fileId(path.relative(root, abs).split(path.sep).join("/"));
  return { path: abs, display: displayPath(abs), group: groupOfPath(abs), stream: streamOfPath(abs), id };
}

/** The directories of a glob before its first segment with a wildcard. */
function globRoot(pattern: string): string {
  const segments = pattern.split(/[\\/]/);
  const fixed: string[] = [];
  for (const segment of segments.slice(0, -1)) {
    if (isDynamicPattern(segment)) break;
    fixed.push(segment);
  }
  return path.resolve(fixed.join("/") || (pattern.startsWith("/") ? "/" : "."));
}

/**
 * The log files under `dir` into `out`; those with a log file's name that cannot be read as one
 * into `unread`: a link to nothing or a loop of links, and a FIFO, socket or device (reading one
 * found in a directory could wait for ever; named itself, it is read), and a project's own file
 * by its name (`isProjectFile`). Dot entries and `node_modules` are left out (`isSkippedDirName`).
 */
async function walk(dir: string, out: string[], unread: Map<string, NotALog>): Promise<void> {
  const entries = await readdir(dir, { withFileTypes: true });
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    if (entry.name.startsWith(".") || (entry.isDirectory() && isSkippedDirName(entry.name))) continue;
    const full = path.join(dir, entry.name);
    // Symbolic links to directories are not followed, so that a link loop cannot hang a query.
    if (entry.isDirectory()) await walk(full, out, unread);
    else if (!isLogFileName(entry.name)) continue;
    else if (isProjectFile(entry.name)) unread.set(full, "project file");
    else if (entry.isFile()) out.push(full);
    else if (entry.isSymbolicLink()) {
      const target = await stat(full).catch(() => undefined);
      if (target === undefined) unread.set(full, "broken link");
      else if (target.isFile()) out.push(full);
      else if (!target.isDirectory()) unread.set(full, "not a file");
    } else unread.set(full, "not a file");
  }
}

interface Expanded {
  abs: string;
  root: string;
  /** Not a regular file: a FIFO, `<(command)`, a device. */
  pipe: boolean;
}

/** The files a path names. */
async function expand(p: string): Promise<{ kind: "file" | "directory" | "glob"; found: Expanded[]; unread?: Map<string, NotALog> }> {
  if (isGlob(p)) {
    const root = globRoot(p);
    const found: Expanded[] = [];
    const unread = new Map<string, NotALog>();
    // The glob leaves a FIFO out, not a link to one, which would be waited on for ever.
    for (const abs of (await glob(p, { onlyFiles: true, absolute: true })).sort()) {
      const info = await stat(abs).catch(() => undefined);
      if (info === undefined) unread.set(abs, "broken link");
      else if (info.isFile()) found.push({ abs, root, pipe: false });
      else unread.set(abs, "not a file");
    }
    return { kind: "glob", found, unread };
  }
  const abs = path.resolve(p);
  const info = statSync(abs, { throwIfNoEntry: false });
  if (!info) throw new SourcePathError(p, `${JSON.stringify(p)} disappeared while tolog was reading it`);
  if (!info.isDirectory()) return { kind: "file", found: [{ abs, root: path.dirname(abs), pipe: !info.isFile() }] };
  const out: string[] = [];
  const unread = new Map<string, NotALog>();
  await walk(abs, out, unread);
  return { kind: "directory", found: out.map((file) => ({ abs: file, root: abs, pipe: false })), unread };
}

export interface SkippedFile {
  display: string;
  reason: NotALog;
  /** Skipped without a warning (a manifest: see `isManifest`), though still named when nothing else was found. */
  quiet: boolean;
}

export interface Resolution {
  files: LocalFile[];
  /** Files named or found that are not log streams (sniff.ts), in the order met. */
  skipped: SkippedFile[];
}

/**
 * Every file the paths name, each once, in the order given, less those that are not logs. A
 * path that names a pipe, a socket or a device (`<(command)`, `/dev/stdin`) is read through its
 * copy from `pipe`. A path that holds no log file at all is an error (`SourcePathError`): a
 * script pointed at an empty or wrong directory learns it rather than getting an empty answer.
 */
export async function resolveFiles(paths: string[], stdin: StreamSpool | undefined, pipe: (abs: string) => StreamSpool): Promise<Resolution> {
  const seen = new Set<string>();
  const ids = new Set<string>();
  const files: LocalFile[] = [];
  const skipped: SkippedFile[] = [];
  const keep = async (file: LocalFile, p: string, kind: string): Promise<boolean> => {
    const reason = await notALog(file);
    if (reason === undefined) return true;
    if (kind !== "file") skipped.push({ display: file.display, reason, quiet: isManifest(path.basename(file.path), reason) });
    else throw new SourcePathError(p, `${file.display} is ${describeNotALog(reason)}: it holds no log events${reason === "document" ? DOCUMENT_HINT : ""}`);
    return false;
  };
  for (const p of paths) {
    if (p === STDIN_PATH) {
      if (!stdin) throw new SourcePathError(p, "`-` names standard input, but no input stream was given");
      const spooled = await stdin.file();
      if (seen.has(spooled.path)) continue;
      seen.add(spooled.path);
      const file: LocalFile = { path: spooled.path, handle: spooled.handle, display: "stdin", group: "stdin", stream: "stdin", id: fileId("-") };
      if (await keep(file, p, "file")) files.push(unique(file, ids));
      continue;
    }
    const { kind, found, unread } = await expand(p);
    let kept = 0;
    const skippedBefore = skipped.length;
    for (const [abs, reason] of unread ?? []) {
      if (!seen.has(abs)) skipped.push({ display: displayPath(abs), reason, quiet: reason === "project file" });
      seen.add(abs);
    }
    for (const { abs, root, pipe: isPipe } of found) {
      if (seen.has(abs)) {
        kept++;
        continue;
      }
      seen.add(abs);
      const file = isPipe ? { ...fileAt(abs), handle: (await pipe(abs).file()).handle } : fileAt(abs, root);
      if (!(await keep(file, p, kind))) continue;
      files.push(unique(file, ids));
      kept++;
    }
    if (kept === 0) throw new SourcePathError(p, noLogFiles(p, kind, skipped.slice(skippedBefore)));
  }
  return { files, skipped };
}

const DOCUMENT_HINT = "; to read each value of a JSON array or stream as an event, turn it into JSON lines first (jq -c '.[]' or jq -c .)";

function noLogFiles(p: string, kind: string, skipped: SkippedFile[]): string {
  const what = kind === "glob" ? `no file matching ${JSON.stringify(p)}` : `${JSON.stringify(p)}`;
  if (skipped.length === 0) {
    return `${what} holds no log files: none is named *.jsonl, *.log, *.txt or *.json (each optionally .gz); name a file itself to read it whatever its name`;
  }
  return `${what} holds no log files: ${describeSkipped(skipped)}`;
}

/** "a.json (a JSON document, not one event per line), b.gz (binary)": at most three, then a count. */
export function describeSkipped(skipped: SkippedFile[]): string {
  const named = skipped.slice(0, 3).map((s) => `${s.display} (${describeNotALog(s.reason)})`);
  if (skipped.length > 3) named.push(`${skipped.length - 3} more`);
  return named.join(", ");
}

/** The file with an id no other file of this resolution has (two roots may hold the same relative path). */
function unique(file: LocalFile, ids: Set<string>): LocalFile {
  let id = file.id;
  if (ids.has(id)) id = fileId(`${file.id}\0${path.basename(path.dirname(file.path))}`);
  if (ids.has(id)) id = fileId(file.path);
  ids.add(id);
  return id === file.id ? file : { ...file, id };
}
