import { constants } from "node:fs";
import { open, readdir, type FileHandle } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { childPath, MAX_LINE_BYTES } from "../sources/local/layout.js";

/**
 * The store's stream files, byte by byte: reading complete lines a chunk at a time (a file is
 * never one buffer or one string, whatever its size), appending a batch as one write of whole
 * lines, and cutting the unfinished line a crash can leave at the end.
 */

/** A stream's file is `<encoded name>.jsonl` in its group's directory. */
export const STREAM_FILE_SUFFIX = ".jsonl";

/** Bytes read at a time. Tests pass a few bytes, so that lines and characters cross chunks. */
export const READ_CHUNK_BYTES = 1024 * 1024;

export interface ReadLimits {
  chunkBytes?: number;
  maxLineBytes?: number;
}

export interface LineBatch {
  /** The complete lines of one chunk, without their newline; undefined for an overlong line. */
  lines: (string | undefined)[];
  /** The file offset just after the last of them. */
  end: number;
}

const NEWLINE = 0x0a;

/**
 * An entry of the store's directory that the store did not make and will not use: a symbolic
 * link (followed, a write would land outside the directory) or something that is not a regular
 * file (a FIFO, where opening waits for a reader, and every request after it with it).
 */
export class UnsafeEntryError extends Error {
  constructor(
    readonly path: string,
    what: "a symbolic link" | "not a regular file" | "not a directory",
  ) {
    super(`${path} is ${what}: tolog serve reads and writes only the files and directories it makes inside its directory. Move it away, or use another name.`);
    this.name = "UnsafeEntryError";
  }
}

/** Where the system has them: opening a symbolic link fails, and opening a FIFO does not wait. */
const NO_FOLLOW = constants.O_NOFOLLOW ?? 0;
const NO_WAIT = constants.O_NONBLOCK ?? 0;

/**
 * Opens a stream file with `flags` (`fs.constants`), never through a symbolic link and never
 * waiting on a FIFO; throws UnsafeEntryError for anything but a regular file.
 */
export async function openStreamFile(file: string, flags: number): Promise<FileHandle> {
  let handle: FileHandle;
  try {
    handle = await open(file, flags | NO_FOLLOW | NO_WAIT, 0o666);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    // ELOOP (EMLINK on BSDs): the name is a link; ENXIO: a FIFO with no reader, opened to write.
    if (code === "ELOOP" || code === "EMLINK") throw new UnsafeEntryError(file, "a symbolic link");
    if (code === "ENXIO") throw new UnsafeEntryError(file, "not a regular file");
    throw error;
  }
  if (!(await handle.stat()).isFile()) {
    await handle.close();
    throw new UnsafeEntryError(file, "not a regular file");
  }
  return handle;
}

/** A small file of the store's (`.group.json`) as text, read as stream files are opened: no link followed, no FIFO waited on. */
export async function readRegularFile(file: string): Promise<string> {
  const handle = await openStreamFile(file, constants.O_RDONLY);
  try {
    return await handle.readFile("utf8");
  } finally {
    await handle.close();
  }
}

/**
 * The complete lines between byte `from` (a line start) and `until` (default: the file's size
 * when reading starts), in batches. An unfinished last line is left alone: the next read,
 * from the last batch's `end`, finds it once it is whole.
 */
export async function* readLineBatches(
  file: string,
  from: number,
  until: number | undefined,
  limits: ReadLimits = {},
): AsyncGenerator<LineBatch> {
  const chunkBytes = limits.chunkBytes ?? READ_CHUNK_BYTES;
  const maxLineBytes = limits.maxLineBytes ?? MAX_LINE_BYTES;
  const handle = await openStreamFile(file, constants.O_RDONLY);
  try {
    const stop = until ?? (await handle.stat()).size;
    const chunk = Buffer.allocUnsafe(Math.min(chunkBytes, Math.max(1, stop - from)));
    let position = from;
    // The start of the line being read, taken from earlier chunks; `overlong` once it is too long.
    let head: Buffer[] = [];
    let headBytes = 0;
    let overlong = false;
    while (position < stop) {
      const { bytesRead } = await handle.read(chunk, 0, Math.min(chunk.length, stop - position), position);
      if (bytesRead === 0) break; // cut shorter meanwhile
      const bytes = chunk.subarray(0, bytesRead);
      const lines: (string | undefined)[] = [];
      let start = 0;
      for (let newline = bytes.indexOf(NEWLINE); newline >= 0; newline = bytes.indexOf(NEWLINE, start)) {
        if (overlong || headBytes + newline - start > maxLineBytes) lines.push(undefined);
        else if (headBytes === 0) lines.push(bytes.toString("utf8", start, newline));
        else lines.push(Buffer.concat([...head, bytes.subarray(start, newline)]).toString("utf8"));
        head = [];
        headBytes = 0;
        overlong = false;
        start = newline + 1;
      }
      const rest = bytesRead - start;
      if (rest > 0 && !overlong) {
        if (headBytes + rest > maxLineBytes) {
          overlong = true;
          head = [];
        } else {
          head.push(Buffer.from(bytes.subarray(start))); // a copy: the chunk is read into again
        }
      }
      headBytes += rest;
      position += bytesRead;
      if (lines.length > 0) yield { lines, end: position - headBytes };
    }
  } finally {
    await handle.close();
  }
}

/**
 * Appends `text` (whole lines) to the file with as few write() calls as the system allows
 * (one, for a batch of up to a few MB), then waits for the data to reach the disk, so that an
 * acknowledged batch survives a crash of the process and a power cut. A write that fails half
 * way is cut off again, so that the next batch never starts inside a torn line. A file whose
 * last line has no newline (another program's, perhaps still writing it) gets one first, so
 * that the batch's first line is not joined to it. Returns the offset the text was written at
 * (the file's size before).
 */
export async function appendWhole(file: string, text: string): Promise<number> {
  const handle = await openStreamFile(file, constants.O_RDWR | constants.O_APPEND | constants.O_CREAT);
  try {
    const { size } = await handle.stat();
    const last = Buffer.alloc(1);
    if (size > 0) await handle.read(last, 0, 1, size - 1);
    const data = Buffer.from(size > 0 && last[0] !== NEWLINE ? `\n${text}` : text, "utf8");
    try {
      let written = 0;
      while (written < data.length) written += (await handle.write(data, written, data.length - written)).bytesWritten;
      await handle.datasync();
    } catch (error) {
      await handle.truncate(size).catch(() => undefined);
      throw error;
    }
    return size;
  } finally {
    await handle.close();
  }
}

/** What `repairTail` did to a file that did not end in a newline. */
export type TailRepair = { kind: "cut"; bytes: number; keptIn: string } | { kind: "ended"; bytes: number };

/**
 * A stream file of the endpoint's own must end at a line end. When it does not, its last line
 * is either a write that a crash cut short (not valid JSON, because an envelope ends with its
 * closing brace; its batch was never acknowledged): it is moved to `.<file>.torn` next to the
 * file (appended there, whole, with a newline), nothing lost; or a whole envelope written
 * without its newline (by hand, or by another tool): it gets its newline. Either way the next
 * batch starts on a line of its own.
 */
export async function repairTail(file: string, limits: ReadLimits = {}): Promise<TailRepair | undefined> {
  const chunkBytes = limits.chunkBytes ?? READ_CHUNK_BYTES;
  const maxLineBytes = limits.maxLineBytes ?? MAX_LINE_BYTES;
  const handle = await openStreamFile(file, constants.O_RDWR);
  try {
    const { size } = await handle.stat();
    if (size === 0) return undefined;
    const last = Buffer.alloc(1);
    await handle.read(last, 0, 1, size - 1);
    if (last[0] === NEWLINE) return undefined;
    // Back from the end, a chunk at a time, to the last newline.
    let lineStart = 0;
    const chunk = Buffer.allocUnsafe(Math.min(chunkBytes, size));
    for (let end = size; end > 0; ) {
      const start = Math.max(0, end - chunk.length);
      await handle.read(chunk, 0, end - start, start);
      const at = chunk.subarray(0, end - start).lastIndexOf(NEWLINE);
      if (at >= 0) {
        lineStart = start + at + 1;
        break;
      }
      end = start;
    }
    const tailBytes = size - lineStart;
    if (tailBytes <= maxLineBytes && isJsonObject(await readText(handle, lineStart, tailBytes))) {
      await handle.write("\n", size);
      await handle.datasync();
      return { kind: "ended", bytes: tailBytes };
    }
    const keptIn = join(dirname(file), `.${basename(file)}.torn`);
    await copyTail(handle, lineStart, size, keptIn, chunk);
    await handle.truncate(lineStart);
    await handle.datasync();
    return { kind: "cut", bytes: tailBytes, keptIn };
  } finally {
    await handle.close();
  }
}

/** Appends bytes `[from, to)` of the file, a chunk at a time, and a newline to `keptIn` (made if need be, never through a link), on the disk. */
async function copyTail(handle: FileHandle, from: number, to: number, keptIn: string, chunk: Buffer): Promise<void> {
  const out = await openStreamFile(keptIn, constants.O_WRONLY | constants.O_APPEND | constants.O_CREAT);
  try {
    for (let at = from; at < to; ) {
      const { bytesRead } = await handle.read(chunk, 0, Math.min(chunk.length, to - at), at);
      if (bytesRead === 0) break;
      await out.write(chunk, 0, bytesRead);
      at += bytesRead;
    }
    await out.write("\n");
    await out.datasync();
  } finally {
    await out.close();
  }
}

async function readText(handle: Awaited<ReturnType<typeof open>>, position: number, length: number): Promise<string> {
  const buffer = Buffer.alloc(length);
  await handle.read(buffer, 0, length, position);
  return buffer.toString("utf8");
}

function isJsonObject(text: string): boolean {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === "object" && value !== null && !Array.isArray(value);
  } catch {
    return false;
  }
}

/**
 * Moves aside the unfinished line a crash can leave at the end of a stream file the endpoint
 * created (see `repairTail`), before anything reads the files: the next batch must start on a
 * line of its own. `owned` gives the names of a group directory's files the endpoint created
 * (its `.group.json`); any other file (hand-made, another program's, `tolog pull`'s) is left as
 * it is, and `appendWhole` starts a batch on a line of its own there.
 */
export async function repairTails(dir: string, limits: ReadLimits, log: (line: string) => void, owned: (groupDir: string) => Promise<ReadonlySet<string>>): Promise<void> {
  for (const group of await readdir(dir, { withFileTypes: true })) {
    if (!group.isDirectory() || group.name.startsWith(".")) continue;
    const groupDir = childPath(dir, group.name);
    const ours = await owned(groupDir);
    for (const entry of await readdir(groupDir, { withFileTypes: true })) {
      if (!entry.isFile() || !ours.has(entry.name)) continue;
      const file = childPath(groupDir, entry.name);
      let repair: TailRepair | undefined;
      try {
        repair = await repairTail(file, limits);
      } catch (error) {
        // The side file for the torn line is a link or a FIFO: the file stays as it is.
        if (!(error instanceof UnsafeEntryError)) throw error;
        log(`tolog serve: ${file}: its unfinished last line is left as it is: ${error.message}`);
        continue;
      }
      if (repair?.kind === "cut") {
        log(`tolog serve: ${file}: moved ${repair.bytes} bytes of an unfinished last line to ${repair.keptIn} (a write cut short: its batch was never acknowledged, or another program is still writing the line).`);
      } else if (repair?.kind === "ended") {
        log(`tolog serve: ${file}: its last line had no newline; added one.`);
      }
    }
  }
}

/** Makes a new or renamed entry of the directory survive a power cut (where the system can). */
export async function syncDirectory(dir: string): Promise<void> {
  try {
    const handle = await open(dir, "r");
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    // Windows cannot open a directory; its file system orders these writes itself.
  }
}
