/**
 * The file of one field's index over one log file: which blocks of the log file hold an event
 * whose field has a value of a given hash.
 *
 * Layout (little-endian): "TOLOGIX1", u32 n, n bytes of JSON header, zero padding to 4 bytes, a
 * u32 CRC-32 of all the bytes before it; then the CRC-32 of each CHUNK_BYTES of the body (the
 * last chunk shorter), then the body: a fanout of 2^bits + 1 u32 (entry index where each hash
 * prefix starts), then the entries, each u32 hash and u32 block, sorted.
 *
 * Every byte a lookup uses is checked before it is used: the header by its CRC, each chunk of
 * the body it reads by that chunk's (a damaged CRC word only makes its chunk look damaged). A
 * lookup reads the first 4 KiB (the header and, but for indexes of more than about 3 MB, the
 * chunks' CRCs), the chunk holding its two fanout words and the chunk(s) holding its run of
 * entries: a few small reads whatever the log file's size, with no hash of the whole index.
 * `all()` (what `tolog index` reads to keep or extend an index) checks every chunk.
 */
import { closeSync, fstatSync, openSync, readSync } from "node:fs";
import { rename, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import type { FileFormat } from "../line-decoder.js";
import type { Fingerprint } from "./fingerprint.js";

export const MAGIC = "TOLOGIX1";
/** 3: the header's and the body's chunks' CRC-32s. Another format's index is not used (and rebuilt). */
export const INDEX_FORMAT = 3;
/** Bytes of the body per CRC-32: what a lookup reads at least, for each of its two reads. */
export const CHUNK_BYTES = 4096;

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

/**
 * zlib's CRC-32 (Node's, in C): `bin/tolog.js` loads node:zlib at every start already (the code
 * cache names its entries by it), so a lookup loads nothing more for it.
 */
function crc32(bytes: Uint8Array, value = 0): number {
  return process.getBuiltinModule("node:zlib").crc32(bytes, value) >>> 0;
}

/** Where the parts of an index with a JSON header of `jsonLength` bytes and `bits`, `entries` lie. */
function layout(jsonLength: number, bits: number, entries: number): { headEnd: number; tableAt: number; chunks: number; bodyAt: number; fanoutBytes: number; bodyBytes: number; size: number } {
  const headEnd = align4(MAGIC.length + 4 + jsonLength);
  const tableAt = headEnd + 4;
  const fanoutBytes = ((1 << bits) + 1) * 4;
  const bodyBytes = fanoutBytes + entries * 8;
  const chunks = Math.ceil(bodyBytes / CHUNK_BYTES);
  const bodyAt = tableAt + chunks * 4;
  return { headEnd, tableAt, chunks, bodyAt, fanoutBytes, bodyBytes, size: bodyAt + bodyBytes };
}

/** Writes the index atomically (a temporary file renamed over the old one). */
export async function writeIndexFile(file: string, header: Omit<IndexHeader, "bits" | "entries" | "format">, keys: Float64Array): Promise<number> {
  const bits = bitsFor(keys.length);
  const full: IndexHeader = { format: INDEX_FORMAT, ...header, bits, entries: keys.length };
  const json = Buffer.from(JSON.stringify(full), "utf8");
  const at = layout(json.length, bits, keys.length);
  const out = Buffer.alloc(at.size);
  out.write(MAGIC, 0, "latin1");
  out.writeUInt32LE(json.length, MAGIC.length);
  json.copy(out, MAGIC.length + 4);
  const fanout = new Uint32Array(out.buffer, out.byteOffset + at.bodyAt, (1 << bits) + 1);
  const entries = new Uint32Array(out.buffer, out.byteOffset + at.bodyAt + at.fanoutBytes, keys.length * 2);
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
  for (let c = 0; c < at.chunks; c++) {
    const from = at.bodyAt + c * CHUNK_BYTES;
    out.writeUInt32LE(crc32(out.subarray(from, Math.min(at.size, from + CHUNK_BYTES))), at.tableAt + 4 * c);
  }
  out.writeUInt32LE(crc32(out.subarray(0, at.headEnd)), at.headEnd);
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
  /**
   * The blocks holding an event whose value hashes to one of `hashes`, ascending; or, when a
   * chunk it read is damaged, why the index cannot be used (then for none of the hashes).
   */
  blocks(hashes: number[]): Promise<number[] | UnusableIndex>;
  /** Every entry, as `entryKey`s (to extend the index), every chunk checked; or why the index cannot be used. */
  all(): Promise<Float64Array | UnusableIndex>;
  close(): Promise<void>;
}

/** An index file that is there but not to be used, and why (told in the warning that it is not used). */
export interface UnusableIndex {
  unusable: string;
}

/**
 * Opens the index of `field` at `file`: undefined when there is none, else the reader, or why it
 * cannot be used (not an index, another version's, another field's, cut short or damaged, not a
 * file). Its size must be the one its header gives, and its header match its CRC: a copy cut
 * short or a header overwritten is caught here; a damaged body, by the lookup that reads it.
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
const BODY_DAMAGED: UnusableIndex = { unusable: "it is damaged (its entries do not match their checksum)" };

/** Thrown inside a reader when bytes it reads are not those written: caught by `blocks` and `all`. */
class Damaged extends Error {}

/** `length` bytes at `at`, all of them (a file cut short since it was opened is damaged). */
function readExactly(fd: number, at: number, length: number): Buffer {
  const buf = Buffer.allocUnsafe(length);
  let done = 0;
  while (done < length) {
    const n = readSync(fd, buf, done, length - done, at + done);
    if (n === 0) throw new Damaged();
    done += n;
  }
  return buf;
}

function readIndex(fd: number, field: string): IndexReader | UnusableIndex {
  // Read synchronously: a lookup is a few small reads per file, each a round trip through libuv's
  // threads when asynchronous (about 6 per file, 240 for 40 files), for bytes in the page cache.
  // The JSON header is a few hundred bytes: a lookup of 40 files allocated 64 KiB each.
  const buf = Buffer.allocUnsafe(4096);
  const bytesRead = readSync(fd, buf, 0, buf.length, 0);
  let first: Buffer = buf.subarray(0, bytesRead);
  if (bytesRead < MAGIC.length + 4 || first.toString("latin1", 0, MAGIC.length) !== MAGIC) return { unusable: "it is not an index file" };
  const jsonLength = first.readUInt32LE(MAGIC.length);
  const size = fstatSync(fd).size;
  const headEnd = align4(MAGIC.length + 4 + jsonLength);
  if (headEnd + 4 > size) return DAMAGED;
  if (first.length < headEnd + 4) {
    try {
      first = readExactly(fd, 0, headEnd + 4);
    } catch (error) {
      if (error instanceof Damaged) return DAMAGED;
      throw error;
    }
  }
  let header: IndexHeader;
  try {
    header = JSON.parse(first.toString("utf8", MAGIC.length + 4, MAGIC.length + 4 + jsonLength)) as IndexHeader;
  } catch {
    return DAMAGED;
  }
  if (typeof header !== "object" || header === null) return DAMAGED;
  // Before the CRC: an index of another format has none where this one has it.
  if (header.format !== INDEX_FORMAT) return { unusable: "it was built by another version of tolog" };
  if (crc32(first.subarray(0, headEnd)) !== first.readUInt32LE(headEnd)) return DAMAGED;
  if (header.field !== field) return { unusable: `it indexes the field ${JSON.stringify(header.field)}` };
  if (!wellFormed(header)) return DAMAGED;
  const at = layout(jsonLength, header.bits, header.entries);
  if (size !== at.size) return DAMAGED;

  /** The CRC-32s of chunks `from` to `to` (inclusive): from the first read when it holds them. */
  const crcs = (from: number, to: number): Buffer => {
    const start = at.tableAt + 4 * from;
    const end = at.tableAt + 4 * (to + 1);
    return end <= first.length ? first.subarray(start, end) : readExactly(fd, start, end - start);
  };
  // Chunks checked so far (a lookup of several values reads the fanout's chunk once).
  const checked = new Map<number, Buffer>();
  /** Bytes `[from, to)` of the body, from whole chunks, each checked against its CRC (else Damaged). */
  const body = (from: number, to: number): Buffer => {
    const c0 = Math.floor(from / CHUNK_BYTES);
    const c1 = Math.floor((to - 1) / CHUNK_BYTES);
    if (c0 === c1 && checked.has(c0)) return checked.get(c0)!.subarray(from - c0 * CHUNK_BYTES, to - c0 * CHUNK_BYTES);
    const start = c0 * CHUNK_BYTES;
    const end = Math.min(at.bodyBytes, (c1 + 1) * CHUNK_BYTES);
    const bytes = at.bodyAt + end <= first.length ? first.subarray(at.bodyAt + start, at.bodyAt + end) : readExactly(fd, at.bodyAt + start, end - start);
    const sums = crcs(c0, c1);
    for (let c = c0; c <= c1; c++) {
      const chunk = bytes.subarray((c - c0) * CHUNK_BYTES, Math.min(bytes.length, (c - c0 + 1) * CHUNK_BYTES));
      if (crc32(chunk) !== sums.readUInt32LE(4 * (c - c0))) throw new Damaged();
      checked.set(c, chunk);
    }
    return bytes.subarray(from - start, to - start);
  };
  const damagedOr = <T>(read: () => T): T | UnusableIndex => {
    try {
      return read();
    } catch (error) {
      if (error instanceof Damaged) return BODY_DAMAGED;
      throw error;
    }
  };
  return {
    header,
    async blocks(hashes) {
      return damagedOr(() => {
        const found = new Set<number>();
        for (const hash of hashes) {
          const top = header.bits === 0 ? 0 : hash >>> (32 - header.bits);
          const words = body(top * 4, top * 4 + 8);
          const from = words.readUInt32LE(0);
          const to = words.readUInt32LE(4);
          // Checked words that no index of this size holds: written so, which is damage too.
          if (!(from <= to && to <= header.entries)) throw new Damaged();
          if (from === to) continue;
          const run = body(at.fanoutBytes + from * 8, at.fanoutBytes + to * 8);
          for (let i = 0; i < run.length; i += 8) if (run.readUInt32LE(i) === hash) found.add(run.readUInt32LE(i + 4));
        }
        return [...found].sort((a, b) => a - b);
      });
    },
    async all() {
      return damagedOr(() => {
        const run = body(0, at.bodyBytes).subarray(at.fanoutBytes);
        const keys = new Float64Array(header.entries);
        for (let i = 0; i < header.entries; i++) keys[i] = entryKey(run.readUInt32LE(8 * i), run.readUInt32LE(8 * i + 4));
        return keys;
      });
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
