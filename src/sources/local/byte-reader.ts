/**
 * Bytes of a local file, decompressed when it is gzip (recognised by its magic bytes, whatever
 * its name), read into a caller's buffer so that reading allocates nothing per chunk.
 */
import { closeSync, createReadStream, fstatSync, openSync, readSync } from "node:fs";
import { open } from "node:fs/promises";
import { bareCrLines, crToLf, LINE_END_WINDOW } from "./line-time.js";
import type { Readable } from "./local-file.js";
import { monotonicMs } from "../../shared/clock.js";

// Large enough that per-read costs stay small next to scanning the bytes (256 KiB reads made a
// needle scan about 1.5x slower), small enough to keep memory per file at a few MiB.
export const READ_SIZE = 1024 * 1024;
const YIELD_EVERY_MS = 10;

export interface ByteReader {
  readonly gzip: boolean;
  /** Modification time of the file, epoch ms. */
  readonly mtime: number;
  /**
   * Reads up to `READ_SIZE` bytes (or `max`, when less: a scan that decodes every line, a small range)
   * into `into` at `offset` (the caller leaves room); 0 at the end.
   */
  read(into: Buffer, offset: number, max?: number): Promise<number>;
  close(): Promise<void>;
}

function isGzip(head: Buffer, n: number): boolean {
  return n >= 2 && head[0] === 0x1f && head[1] === 0x8b;
}

/**
 * Reads synchronously, straight into the caller's buffer. A read from the page cache takes about
 * 0.15 ms a MiB, less than the round trip of an asynchronous read through libuv's thread pool
 * (measured: reading ahead that way cost 10-15% of a 1 GB stats query's time, in waits and a
 * copy). So that the event loop still runs (Ctrl-C, progress, worker messages), a read first
 * yields to it when the last yield is `YIELD_EVERY_MS` ago.
 */
class PlainReader implements ByteReader {
  readonly gzip = false;
  private position: number;
  private lastYield = monotonicMs();

  constructor(
    private readonly fd: number,
    /** False for a descriptor the reader borrowed (a handle's) and must leave open. */
    private readonly owned: boolean,
    readonly mtime: number,
    start: number,
  ) {
    this.position = start;
  }

  async read(into: Buffer, offset: number, max = READ_SIZE): Promise<number> {
    if (monotonicMs() - this.lastYield >= YIELD_EVERY_MS) {
      await new Promise((resolve) => setImmediate(resolve));
      this.lastYield = monotonicMs();
    }
    const n = readSync(this.fd, into, offset, Math.min(READ_SIZE, max), this.position);
    this.position += n;
    return n;
  }

  async close(): Promise<void> {
    if (this.owned) closeSync(this.fd);
  }
}

class GzipReader implements ByteReader {
  readonly gzip = true;
  private readonly chunks: AsyncIterator<Buffer>;
  private pending: Buffer | undefined;
  private pendingAt = 0;
  private skip: number;
  private readonly stream;
  private readonly raw;

  constructor(
    file: Readable,
    readonly mtime: number,
    start: number,
  ) {
    // A gzip file cut short (or still being written) yields all it has, then fails with
    // "unexpected end of file": the scan keeps what was read and reports the cut (file-issues.ts).
    // node:zlib only for a gzip file: loading it costs every command that reads plain files.
    const gunzip = process.getBuiltinModule("node:zlib").createGunzip({ chunkSize: READ_SIZE });
    const raw = file.handle
      ? createReadStream("", { fd: file.handle, start: 0, autoClose: false, highWaterMark: READ_SIZE })
      : createReadStream(file.path, { highWaterMark: READ_SIZE });
    // pipe() forwards data, not errors: a file gone before it opens must fail the reads, not the process.
    raw.once("error", (error) => gunzip.destroy(error));
    // The iterator hands a destroyed stream's error to the next read; until a read comes (or if
    // none does), this listener keeps it from being an uncaught 'error' event.
    gunzip.on("error", () => {});
    this.raw = raw;
    this.stream = raw.pipe(gunzip);
    this.chunks = this.stream[Symbol.asyncIterator]();
    this.skip = start;
  }

  async read(into: Buffer, offset: number, max = READ_SIZE): Promise<number> {
    while (!this.pending || this.pendingAt >= this.pending.length) {
      const next = await this.chunks.next();
      if (next.done) return 0;
      this.pending = next.value;
      this.pendingAt = 0;
      if (this.skip > 0) {
        const dropped = Math.min(this.skip, this.pending.length);
        this.pendingAt = dropped;
        this.skip -= dropped;
      }
    }
    const n = Math.min(READ_SIZE, max, this.pending.length - this.pendingAt);
    this.pending.copy(into, offset, this.pendingAt, this.pendingAt + n);
    this.pendingAt += n;
    return n;
  }

  async close(): Promise<void> {
    this.raw.destroy();
    this.stream.destroy();
  }
}

/** Whether the file is gzip, by its magic bytes. */
export async function isGzipFile(file: Readable): Promise<boolean> {
  const handle = file.handle ?? (await open(file.path, "r"));
  try {
    const head = Buffer.alloc(2);
    const { bytesRead } = await handle.read(head, 0, 2, 0);
    return isGzip(head, bytesRead);
  } finally {
    if (!file.handle) await handle.close();
  }
}

/** A reader of a file whose lines end in a bare CR: every CR reads as LF, offsets unchanged. */
class BareCrReader implements ByteReader {
  constructor(private readonly inner: ByteReader) {}

  get gzip(): boolean {
    return this.inner.gzip;
  }

  get mtime(): number {
    return this.inner.mtime;
  }

  async read(into: Buffer, offset: number, max?: number): Promise<number> {
    const n = await this.inner.read(into, offset, max);
    crToLf(into, offset, offset + n);
    return n;
  }

  close(): Promise<void> {
    return this.inner.close();
  }
}

/**
 * Opens a file for reading from byte `start` of its (decompressed) content; with `bareCr`, its
 * CRs read as LFs (see line-time.ts's bareCrLines).
 */
export async function openBytes(file: Readable, start = 0, bareCr = false): Promise<ByteReader> {
  const reader = await openRaw(file, start);
  return bareCr ? new BareCrReader(reader) : reader;
}

/** Whether the file's lines end in a bare CR, from its first line end. */
export async function hasBareCrLines(file: Readable): Promise<boolean> {
  const reader = await openRaw(file, 0);
  // A gzip read gives up to READ_SIZE whatever is asked: room for one after the window. A plain
  // read gives at most what is asked (a window): a field index's lookup asks this of every file
  // at once, and 1 MB each of 40 files made the garbage collector run a full collection.
  const buf = Buffer.allocUnsafe(LINE_END_WINDOW + (reader.gzip ? READ_SIZE : LINE_END_WINDOW));
  try {
    let len = 0;
    for (;;) {
      const n = len < LINE_END_WINDOW ? await reader.read(buf, len, Math.min(READ_SIZE - len, LINE_END_WINDOW)) : 0;
      len += n;
      const decided = bareCrLines(buf, len, n === 0);
      if (decided !== undefined) return decided;
    }
  } finally {
    await reader.close();
  }
}

async function openRaw(file: Readable, start: number): Promise<ByteReader> {
  if (file.handle) {
    const handle = file.handle;
    const mtime = Math.floor((await handle.stat()).mtimeMs);
    const head = Buffer.alloc(2);
    const { bytesRead } = await handle.read(head, 0, 2, 0);
    return isGzip(head, bytesRead) ? new GzipReader(file, mtime, start) : new PlainReader(handle.fd, false, mtime, start);
  }
  // A file by its path: opened, its status and first bytes read synchronously, as its reads are
  // (a field index's lookup opens the blocks of 40 files: each asynchronous call a round trip
  // through libuv's threads).
  const fd = openSync(file.path, "r");
  let mtime: number;
  try {
    mtime = Math.floor(fstatSync(fd).mtimeMs);
    const head = Buffer.alloc(2);
    if (!isGzip(head, readSync(fd, head, 0, 2, 0))) return new PlainReader(fd, true, mtime, start);
  } catch (error) {
    closeSync(fd);
    throw error;
  }
  closeSync(fd);
  return new GzipReader(file, mtime, start);
}
