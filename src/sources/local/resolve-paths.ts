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
import { groupOfPath, isLogFileName, streamOfPath } from "./layout.js";
import { fileId, type LocalFile } from "./local-file.js";
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

export function fileAt(abs: string): LocalFile {
  return { path: abs, display: displayPath(abs), group: groupOfPath(abs), stream: streamOfPath(abs), id: fileId(abs) };
}

async function walk(dir: string, out: string[]): Promise<void> {
  const entries = await readdir(dir, { withFileTypes: true });
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    if (entry.name.startsWith(".")) continue;
    const full = path.join(dir, entry.name);
    // Symbolic links to directories are not followed, so that a link loop cannot hang a query.
    if (entry.isDirectory()) await walk(full, out);
    else if (isLogFileName(entry.name) && (entry.isFile() || (entry.isSymbolicLink() && (await stat(full)).isFile()))) out.push(full);
  }
}

/** The files a path names; `pipe` for one that is not a regular file (a FIFO, `<(command)`). */
async function expand(p: string): Promise<Array<{ abs: string; pipe: boolean }>> {
  const files = (list: string[]) => list.map((abs) => ({ abs, pipe: false }));
  if (isGlob(p)) return files((await glob(p, { onlyFiles: true, absolute: true })).sort());
  const abs = path.resolve(p);
  const info = statSync(abs, { throwIfNoEntry: false });
  if (!info) throw new SourcePathError(p, `${JSON.stringify(p)} disappeared while tolog was reading it`);
  if (!info.isDirectory()) return [{ abs, pipe: !info.isFile() }];
  const out: string[] = [];
  await walk(abs, out);
  return files(out);
}

/**
 * Every file the paths name, each once, in the order given. A path that names a pipe, a socket
 * or a device (`<(command)`, `/dev/stdin`) is read through its copy from `pipe`.
 */
export async function resolveFiles(paths: string[], stdin: StreamSpool | undefined, pipe: (abs: string) => StreamSpool): Promise<LocalFile[]> {
  const seen = new Set<string>();
  const files: LocalFile[] = [];
  for (const p of paths) {
    if (p === STDIN_PATH) {
      if (!stdin) throw new SourcePathError(p, "`-` names standard input, but no input stream was given");
      const spooled = await stdin.file();
      if (seen.has(spooled.path)) continue;
      seen.add(spooled.path);
      files.push({ path: spooled.path, handle: spooled.handle, display: "stdin", group: "stdin", stream: "stdin", id: fileId(spooled.path) });
      continue;
    }
    for (const { abs, pipe: isPipe } of await expand(p)) {
      if (seen.has(abs)) continue;
      seen.add(abs);
      files.push(isPipe ? { ...fileAt(abs), handle: (await pipe(abs).file()).handle } : fileAt(abs));
    }
  }
  return files;
}
