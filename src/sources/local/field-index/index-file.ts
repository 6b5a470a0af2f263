/**
 * The file of one field's index over one log file: which blocks of the log file hold an event
 * whose field has a value of a given hash.
 *
 * Layout (little-endian): "TOLOGIX1", u32 n, n bytes of JSON header, padding to 4 bytes, a
 * fanout of 2^bits + 1 u32 (entry index where each hash prefix starts), then the entries, each
 * u32 hash and u32 block, sorted. A lookup reads the header, two fanout words and one run of
 * entries: a few small reads whatever the log file's size.
 */
import { closeSync, fstatSync, openSync, readSync } from "node:fs";
import { rename, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import type { FileFormat } from "../line-decoder.js";
import type { Fingerprint } from "./fingerprint.js";

const MAGIC = "TOLOGIX1";
export const INDEX_FORMAT = 2;

/** With the log file's fingerprint when it was indexed (fingerprint.ts). */
export interface IndexHeader extends Fingerprint {
  format: number;
  field: string;
  blockSize: number;
  /** The log file's bytes the index covers: whole lines, from byte 0. */
  indexedBytes: number;
  /** The file's format (decided on its first line), for reads from mid-file. */
  lineFormat?: FileFormat;
  bits: number;
  entries: number;
  /** Events indexed, and how many had the field. */
  events: number;
  withField: number;
}

/** Entries as numbers `hash * 2^BLOCK_BITS + block` (exact in a double), sorted, no repeats. */
export const BLOCK_BITS = 21;
const BLOCK_SPAN = 2 ** BLOCK_BITS;

export function entryKey(hash: number, block: number): number {
  return hash * BLOCK_SPAN + block;
}

function bitsFor(entries: number): number {
  return Math.max(0, Math.min(20, Math.ceil(Math.log2(Math.max(1, entries / 8)))));
}

/** Writes the index atomically (a temporary file renamed over the old one). */
export async function writeIndexFile(file: string, header: Omit<IndexHeader, "bits" | "entries" | "format">, keys: Float64Array): Promise<number> {
  const bits = bitsFor(keys.length);
  const full: IndexHeader = { format: INDEX_FORMAT, ...header, bits, entries: keys.length };
  const json = Buffer.from(JSON.stringify(full), "utf8");
  const headLength = align4(MAGIC.length + 4 + json.length);
  const fanoutLength = ((1 << bits) + 1) * 4;
  const out = Buffer.alloc(headLength + fanoutLength + keys.length * 8);
  out.write(MAGIC, 0, "latin1");
  out.writeUInt32LE(json.length, MAGIC.length);
  json.copy(out, MAGIC.length + 4);
  const fanout = new Uint32Array(out.buffer, out.byteOffset + headLength, (1 << bits) + 1);
  const entries = new Uint32Array(out.buffer, out.byteOffset + headLength + fanoutLength, keys.length * 2);
  const shift = 32 - bits;
  let bucket = 0;
  for (let i = 0; i < keys.length; i++) {
    const hash = Math.floor(keys[i] / BLOCK_SPAN);
    const top = bits === 0 ? 0 : hash >>> shift;
    while (bucket <= top) fanout[bucket++] = i;
    entries[2 * i] = hash;
    entries[2 * i + 1] = keys[i] - hash * BLOCK_SPAN;
  }
  while (bucket <= 1 << bits) fanout[bucket++] = keys.length;
  const temporary = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`);
  try {
    await writeFile(temporary, out);
    await rename(temporary, file);
  } catch (error) {
    // None left behind, whichever step failed (a directory in the index's place fails the rename).
    await rm(temporary, { force: true }).catch(() => undefined);
    throw error;
  }
  return out.length;
}

export interface IndexReader {
  header: IndexHeader;
  /** The blocks holding an event whose value hashes to one of `hashes`, ascending. */
  blocks(hashes: number[]): Promise<number[]>;
  /** Every entry, as `entryKey`s (to extend the index). */
  all(): Promise<Float64Array>;
  close(): Promise<void>;
}

/** An index file that is there but not to be used, and why (told in the warning that it is not used). */
export interface UnusableIndex {
  unusable: string;
}

/**
 * Opens the index of `field` at `file`: undefined when there is none, else the reader, or why it
 * cannot be used (not an index, another version's, another field's, cut short or damaged, not a
 * file). Its size must be the one its header gives: a copy cut short or a header overwritten is
 * caught here, before a lookup reads entries that are not there.
 */
export async function openIndexFile(file: string, field: string): Promise<IndexReader | UnusableIndex | undefined> {
  let fd: number;
  try {
    fd = openSync(file, "r");
  } catch (error) {
    return unusableOr(error);
  }
  let reader: IndexReader | undefined;
  try {
    const opened = readIndex(fd, field);
    if ("unusable" in opened) return opened;
    return (reader = opened);
  } catch (error) {
    return unusableOr(error);
  } finally {
    if (reader === undefined) closeSync(fd);
  }
}

/**
 * No index (undefined) for a path that is not there; why it cannot be used for one that cannot be
 * read, whatever the system says (an index is never worth failing the query for). Anything that
 * is no system error is a bug, thrown.
 */
function unusableOr(error: unknown): UnusableIndex | undefined {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === "ENOENT" || code === "ENOTDIR") return undefined;
  if (code === "EISDIR") return { unusable: "it is a directory, not a file" };
  if (code === "EACCES" || code === "EPERM") return { unusable: "this user cannot read it" };
  if (typeof code === "string" && code.startsWith("E")) return { unusable: `it cannot be read (${code})` };
  throw error;
}

const DAMAGED: UnusableIndex = { unusable: "it is damaged (cut short or overwritten)" };

function readIndex(fd: number, field: string): IndexReader | UnusableIndex {
  // Read synchronously: a lookup is a few small reads per file, each a round trip through libuv's
  // threads when asynchronous (about 6 per file, 240 for 40 files), for bytes in the page cache.
  // The JSON header is a few hundred bytes: a lookup of 40 files allocated 64 KiB each.
  const buf = Buffer.allocUnsafe(4096);
  const bytesRead = readSync(fd, buf, 0, buf.length, 0);
  const head = buf.subarray(0, bytesRead);
  if (bytesRead < MAGIC.length + 4 || head.toString("latin1", 0, MAGIC.length) !== MAGIC) return { unusable: "it is not an index file" };
  const jsonLength = head.readUInt32LE(MAGIC.length);
  const size = fstatSync(fd).size;
  if (MAGIC.length + 4 + jsonLength > size) return DAMAGED;
  let json = head.subarray(MAGIC.length + 4, MAGIC.length + 4 + jsonLength);
  if (json.length < jsonLength) {
    json = Buffer.alloc(jsonLength);
    readSync(fd, json, 0, jsonLength, MAGIC.length + 4);
  }
  let header: IndexHeader;
  try {
    header = JSON.parse(json.toString("utf8")) as IndexHeader;
  } catch {
    return DAMAGED;
  }
  if (typeof header !== "object" || header === null) return DAMAGED;
  if (header.format !== INDEX_FORMAT) return { unusable: "it was built by another version of tolog" };
  if (header.field !== field) return { unusable: `it indexes the field ${JSON.stringify(header.field)}` };
  if (!wellFormed(header)) return DAMAGED;
  const fanoutAt = align4(MAGIC.length + 4 + jsonLength);
  const entriesAt = fanoutAt + ((1 << header.bits) + 1) * 4;
  if (size !== entriesAt + header.entries * 8) return DAMAGED;
  const readU32s = (at: number, count: number): Uint32Array => {
    const buf = Buffer.alloc(count * 4);
    if (count > 0) readSync(fd, buf, 0, buf.length, at);
    return new Uint32Array(buf.buffer, buf.byteOffset, count);
  };
  return {
    header,
    async blocks(hashes) {
      const found = new Set<number>();
      for (const hash of hashes) {
        const top = header.bits === 0 ? 0 : hash >>> (32 - header.bits);
        const [from, to] = readU32s(fanoutAt + top * 4, 2);
        // Words that no index of this size holds: the file was overwritten since it was checked.
        if (!(from <= to && to <= header.entries)) continue;
        const run = readU32s(entriesAt + from * 8, (to - from) * 2);
        for (let i = 0; i < run.length; i += 2) if (run[i] === hash) found.add(run[i + 1]);
      }
      return [...found].sort((a, b) => a - b);
    },
    async all() {
      const run = readU32s(entriesAt, header.entries * 2);
      const keys = new Float64Array(header.entries);
      for (let i = 0; i < header.entries; i++) keys[i] = entryKey(run[2 * i], run[2 * i + 1]);
      return keys;
    },
    close: async () => closeSync(fd),
  };
}

/** Whether the header's numbers are ones an index is written with (its JSON may say anything). */
function wellFormed(h: IndexHeader): boolean {
  const whole = (n: unknown, max = Number.MAX_SAFE_INTEGER): boolean => Number.isInteger(n) && (n as number) >= 0 && (n as number) <= max;
  return (
    whole(h.bits, 20) &&
    whole(h.entries, 2 ** 32 - 1) &&
    whole(h.indexedBytes) &&
    whole(h.blockSize) &&
    h.blockSize > 0 &&
    whole(h.events) &&
    whole(h.withField)
  );
}

function align4(n: number): number {
  return (n + 3) & ~3;
}
