/**
 * Builds or extends the index of one field over one log file: every event's value of the field
 * is read exactly as a query reads it (the engine's Row over the local decoder, with the same
 * field extraction), and its hash is recorded with the block of the file its line starts in.
 */
import { open, stat, type FileHandle } from "node:fs/promises";
import path from "node:path";
import { Row } from "../../../engine/record.js";
import { extractableFields, FieldExtractor } from "../../../engine/extract.js";
import { isStructured, toText } from "../../../engine/functions/coerce.js";
import { hasBareCrLines, isGzipFile } from "../byte-reader.js";
import type { LocalFile } from "../local-file.js";
import { fileFormat } from "../read-record.js";
import { scanFile } from "../scan-file.js";
import { fingerprint, staleness } from "./fingerprint.js";
import { valueHash } from "./hash.js";
import { BLOCK_BITS, entryKey, openIndexFile, writeIndexFile, type IndexHeader } from "./index-file.js";
import { indexPathFor } from "./location.js";
import { makeDirectory } from "../../../shared/make-directory.js";

/** Bytes per block: what a query reads around each hit. */
export const BLOCK_SIZE = 64 * 1024;

export interface IndexOutcome {
  file: string;
  field: string;
  /**
   * built: from scratch; rebuilt: from scratch over an index that could not be kept (damaged,
   * another version's, its file replaced or rewritten: `reason` says why); extended: the appended
   * bytes were added; current: nothing new; skipped: not indexable (gzip, a pipe); failed: the
   * index could not be written (`reason` says why); removed: the index of a log file that is gone
   * (index-logs.ts).
   */
  action: "built" | "rebuilt" | "extended" | "current" | "skipped" | "failed" | "removed";
  /** Why a file was skipped, its index rebuilt, or not written. */
  reason?: string;
  /** Bytes of the log file covered, and of the index. */
  indexedBytes: number;
  indexBytes: number;
  events: number;
  withField: number;
}

export interface BuildOptions {
  maxLineBytes: number;
  /** Bytes per block; BLOCK_SIZE (grown for huge files) unless given (tests use small blocks). */
  blockSize?: number;
  /** See fingerprint.ts (SETTLED_MS unless given: tests). */
  settledMs?: number;
  onWarning: (message: string) => void;
  signal?: AbortSignal;
}

/**
 * Builds the indexes of `fields` over `file`, or extends those there when the file only grew:
 * one read of the file for every field that starts from the same byte.
 */
export async function indexFile(file: LocalFile, fields: string[], options: BuildOptions): Promise<IndexOutcome[]> {
  const outcome = (field: string, action: IndexOutcome["action"], rest: Partial<IndexOutcome> = {}): IndexOutcome => ({
    file: file.display, field, action, indexedBytes: 0, indexBytes: 0, events: 0, withField: 0, ...rest,
  });
  if (file.handle) return fields.map((f) => outcome(f, "skipped", { reason: "a pipe or stdin has no file to index" }));
  if (await isGzipFile(file)) return fields.map((f) => outcome(f, "skipped", { reason: "gzip files are read whole (no offsets to seek to)" }));
  // Lines that end in a bare CR end there (as a query reads them), not at a newline.
  const lineEnd = (await hasBareCrLines(file)) ? CR : NL;
  const handle = await open(file.path, "r");
  try {
    const end = await lastLineEnd(handle, (await handle.stat()).size, lineEnd);
    const blockSize = blockSizeFor(end, options.blockSize);
    const outcomes = new Map<string, IndexOutcome>();
    // Fields still to scan, by the byte their scan starts from (0, or where a valid index ends).
    const pending = new Map<number, Array<{ field: string; previous?: { header: IndexHeader; keys: Float64Array }; dropped?: string }>>();
    for (const field of fields) {
      const target = indexPathFor(file.path, field);
      const found = await validIndex(target, field, handle, blockSize);
      const previous = found && "keys" in found ? found : undefined;
      if (previous && previous.header.indexedBytes === end) {
        const { header, keys } = previous;
        const { events, withField } = header;
        let indexBytes = (await stat(target)).size;
        // An index from before lookups trusted a settled file's status (or from before it settled):
        // its header gets the file's status now, so that lookups need not read the file.
        if (header.ctimeMs === undefined) {
          const print = await fingerprint(handle, end, header.headBytes, options.settledMs);
          if (print.ctimeMs !== undefined && print.headHash === header.headHash && print.tailHash === header.tailHash) {
            const { format: _format, bits: _bits, entries: _entries, ...kept } = header;
            const written = await writeOrWhy(target, () => writeIndexFile(target, { ...kept, ...print }, keys));
            if (typeof written === "number") indexBytes = written;
          }
        }
        outcomes.set(field, outcome(field, "current", { indexedBytes: end, indexBytes, events, withField }));
        continue;
      }
      const from = previous?.header.indexedBytes ?? 0;
      pending.set(from, [...(pending.get(from) ?? []), { field, previous, dropped: found && "dropped" in found ? found.dropped : undefined }]);
    }
    if (pending.size > 0) {
      const print = await fingerprint(handle, end, await firstLineEnd(handle, options.maxLineBytes, lineEnd), options.settledMs);
      const lineFormat = await fileFormat(file, options.maxLineBytes);
      for (const [from, group] of pending) {
        const scanned = await scanValues(file, group.map((g) => g.field), from, end, blockSize, options);
        for (const [i, { field, previous, dropped }] of group.entries()) {
          const target = indexPathFor(file.path, field);
          const events = (previous?.header.events ?? 0) + scanned.events;
          const withField = (previous?.header.withField ?? 0) + scanned.withField[i];
          const keys = merge(previous?.keys, scanned.keys[i]);
          const written = await writeOrWhy(target, async () => {
            await makeDirectory(path.dirname(target));
            return writeIndexFile(target, { field, blockSize, indexedBytes: end, ...print, lineFormat, events, withField }, keys);
          });
          const counts = { indexedBytes: end, events, withField };
          if (typeof written === "number") {
            const action = previous ? "extended" : dropped !== undefined ? "rebuilt" : "built";
            outcomes.set(field, outcome(field, action, { ...counts, indexBytes: written, ...(dropped !== undefined ? { reason: dropped } : {}) }));
          }
          else outcomes.set(field, outcome(field, "failed", { ...counts, reason: written.why }));
        }
      }
    }
    return fields.map((f) => outcomes.get(f)!);
  } finally {
    await handle.close();
  }
}

/**
 * The index's size once written, or why it could not be written where it goes: a directory this
 * user cannot write (a log directory kept read-only), a read-only or full file system, or another
 * file or directory in the way. Anything else is thrown.
 */
async function writeOrWhy(target: string, write: () => Promise<number>): Promise<number | { why: string }> {
  try {
    return await write();
  } catch (error) {
    const { code } = error as NodeJS.ErrnoException;
    const where = path.dirname(target);
    if (code === "EACCES" || code === "EPERM") return { why: `this user cannot write in ${where}` };
    if (code === "EROFS") return { why: `the file system of ${where} is read-only` };
    if (code === "ENOSPC" || code === "EDQUOT") return { why: `no space is left for ${target}` };
    if (code === "EISDIR" || code === "ENOTEMPTY" || code === "EEXIST") return { why: `a directory is where its index goes: ${target}` };
    if (code === "ENOTDIR") return { why: `a file is in the way of its index's directory: ${target}` };
    throw error;
  }
}

/**
 * The index at `target` with its entries (every chunk checked), when it still describes the file
 * and has the block size wanted; else why an index there cannot be kept (`dropped`), or undefined
 * when there is none.
 */
async function validIndex(
  target: string,
  field: string,
  handle: FileHandle,
  blockSize: number,
): Promise<{ header: IndexHeader; keys: Float64Array } | { dropped: string } | undefined> {
  const existing = await openIndexFile(target, field);
  if (!existing) return undefined;
  if ("unusable" in existing) return { dropped: existing.unusable };
  try {
    if (existing.header.blockSize !== blockSize) return { dropped: `its blocks are of ${existing.header.blockSize} bytes, not ${blockSize}` };
    const stale = await staleness(handle, existing.header);
    if (stale !== undefined) return { dropped: stale };
    const keys = await existing.all();
    if (!(keys instanceof Float64Array)) return { dropped: keys.unusable };
    return { header: existing.header, keys };
  } finally {
    await existing.close();
  }
}

/** A power of two of at least BLOCK_SIZE, so that a file has at most 2^BLOCK_BITS blocks. */
function blockSizeFor(bytes: number, wanted = BLOCK_SIZE): number {
  let size = wanted;
  while (bytes / size > 2 ** BLOCK_BITS - 1) size *= 2;
  return size;
}

const NL = 0x0a;
const CR = 0x0d;

/** Where the first line ends (after its `lineEnd` byte), looked for up to `max` bytes. */
async function firstLineEnd(handle: FileHandle, max: number, lineEnd: number): Promise<number> {
  const chunk = Buffer.alloc(64 * 1024);
  for (let from = 0; from <= max; from += chunk.length) {
    const { bytesRead } = await handle.read(chunk, 0, chunk.length, from);
    const nl = chunk.subarray(0, bytesRead).indexOf(lineEnd);
    if (nl >= 0) return from + nl + 1;
    if (bytesRead < chunk.length) return from + bytesRead;
  }
  return max;
}

/** The end of the last complete line (after its `lineEnd` byte) at or before `size`: a line still being written is left for later. */
async function lastLineEnd(handle: FileHandle, size: number, lineEnd: number): Promise<number> {
  const chunk = Buffer.alloc(64 * 1024);
  for (let end = size; end > 0; ) {
    const from = Math.max(0, end - chunk.length);
    const { bytesRead } = await handle.read(chunk, 0, end - from, from);
    const nl = chunk.subarray(0, bytesRead).lastIndexOf(lineEnd);
    if (nl >= 0) return from + nl + 1;
    end = from;
  }
  return 0;
}

async function scanValues(
  file: LocalFile,
  fields: string[],
  from: number,
  to: number,
  blockSize: number,
  options: BuildOptions,
): Promise<{ keys: Float64Array[]; events: number; withField: number[] }> {
  const keys = fields.map(() => new KeyList());
  const withField = fields.map(() => 0);
  let events = 0;
  if (to <= from) return { keys: keys.map((k) => k.done()), events, withField };
  const extractable = extractableFields(fields) !== undefined;
  const stats = { recordsScanned: 0, bytesScanned: 0 };
  // Hashes already recorded for the current block, per field: a request's lines mostly share one.
  let block = -1;
  const inBlock = fields.map(() => new Set<number>());
  const format = from > 0 ? await fileFormat(file, options.maxLineBytes) : undefined;
  for await (const batch of scanFile(
    file,
    {
      from,
      to,
      format,
      start: -Infinity,
      end: Infinity,
      groupSelected: undefined,
      needles: [],
      fields: extractable ? new FieldExtractor(fields) : undefined,
      messageUnread: extractable,
      timeUnread: true,
      signal: options.signal,
      maxLineBytes: options.maxLineBytes,
      envelopesOnly: false,
      onWarning: options.onWarning,
    },
    stats,
  )) {
    for (const event of batch) {
      events++;
      const b = Math.floor(event.offset / blockSize);
      if (b !== block) {
        block = b;
        for (const set of inBlock) set.clear();
      }
      const row = new Row(event, 0);
      for (let i = 0; i < fields.length; i++) {
        const value = row.get(fields[i]);
        if (value === null || isStructured(value)) continue;
        withField[i]++;
        const hash = valueHash(toText(value) as string);
        if (inBlock[i].has(hash)) continue;
        inBlock[i].add(hash);
        keys[i].push(entryKey(hash, b));
      }
    }
  }
  return { keys: keys.map((k) => k.done()), events, withField };
}

/** A growing list of entry keys. */
class KeyList {
  private keys = new Float64Array(1024);
  private count = 0;

  push(key: number): void {
    if (this.count === this.keys.length) {
      const grown = new Float64Array(this.keys.length * 2);
      grown.set(this.keys);
      this.keys = grown;
    }
    this.keys[this.count++] = key;
  }

  done(): Float64Array {
    return this.keys.subarray(0, this.count);
  }
}

/** The union of two key lists, sorted, without repeats. */
function merge(a: Float64Array | undefined, b: Float64Array): Float64Array {
  const all = new Float64Array((a?.length ?? 0) + b.length);
  if (a) all.set(a);
  all.set(b, a?.length ?? 0);
  all.sort();
  let n = 0;
  for (let i = 0; i < all.length; i++) if (n === 0 || all[i] !== all[n - 1]) all[n++] = all[i];
  return all.subarray(0, n);
}
