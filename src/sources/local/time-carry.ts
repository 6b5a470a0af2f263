/**
 * The time of the lines with none of their own that come before the first line with one in a
 * scan (a file's banner; the start of a part read by another thread; a line a needle search
 * finds first; the line behind an `@ptr`): the own time of the nearest line before them in the
 * file, else of the first line after them, else the file's modification time. Looked up once per
 * scan at most, and only when such a line is met, so that the scan of a file whose every line has
 * a time never pays for it.
 */
import { open } from "node:fs/promises";
import { openBytes, READ_SIZE } from "./byte-reader.js";
import { crToLf, lastTimeIn, lineBounds, ownTime } from "./line-time.js";
import type { Readable } from "./local-file.js";

const NL = 0x0a;
const CHUNK = 64 * 1024;

export interface CarryOptions {
  gzip: boolean;
  bareCr: boolean;
  exportLike: boolean;
  maxLineBytes: number;
  mtime: number;
}

/** The time untimed lines at file offset `offset` (a line start) take when no line of the scan before them had one. */
export async function leadTime(file: Readable, offset: number, options: CarryOptions): Promise<number> {
  const before = options.gzip ? await timeByReading(file, offset, options, true) : await lastTimeBefore(file, offset, options);
  if (!Number.isNaN(before)) return before;
  const after = await timeByReading(file, offset, options, false);
  return Number.isNaN(after) ? options.mtime : after;
}

/**
 * Reading forward: with `before`, the own time of the last line that starts before `offset`
 * (from the file's start: a gzip file cannot be read backwards); else of the first line from
 * `offset` on.
 */
async function timeByReading(file: Readable, offset: number, options: CarryOptions, before: boolean): Promise<number> {
  const reader = await openBytes(file, before ? 0 : offset, options.bareCr);
  let buf = Buffer.allocUnsafe(2 * READ_SIZE);
  let len = 0;
  let base = before ? 0 : offset;
  let found = NaN;
  let skipping = false; // inside a line longer than maxLineBytes
  try {
    for (;;) {
      if (buf.length - len < READ_SIZE) {
        const grown = Buffer.allocUnsafe(len + 2 * READ_SIZE);
        buf.copy(grown, 0, 0, len);
        buf = grown;
      }
      const n = await reader.read(buf, len).catch(() => 0); // a cut gzip file: what was read
      const eof = n === 0;
      len += n;
      let pos = 0;
      for (;;) {
        let nl = buf.indexOf(NL, pos);
        if (nl < 0 || nl >= len) {
          if (!eof) break;
          nl = len;
        }
        if (before && base + pos >= offset) return found;
        if (!skipping && nl - pos <= options.maxLineBytes) {
          const { content, end } = lineBounds(buf, pos, nl, base + pos === 0);
          const t = content < end ? ownTime(buf, content, end, options.exportLike) : NaN;
          if (!Number.isNaN(t)) {
            if (!before) return t;
            found = t;
          }
        }
        skipping = false;
        pos = nl + 1;
        if (pos > len) return found;
      }
      if (eof) return found;
      buf.copyWithin(0, pos, len);
      base += pos;
      len -= pos;
      if (len > options.maxLineBytes) {
        skipping = true;
        base += len;
        len = 0;
      }
    }
  } finally {
    await reader.close();
  }
}

/** The own time of the last line before `offset` of a plain file, read backwards a chunk at a time. */
async function lastTimeBefore(file: Readable, offset: number, options: CarryOptions): Promise<number> {
  const handle = file.handle ?? (await open(file.path, "r"));
  const read = async (from: number, to: number): Promise<Buffer> => {
    const buf = Buffer.allocUnsafe(to - from);
    const { bytesRead } = await handle.read(buf, 0, to - from, from);
    if (options.bareCr) crToLf(buf, 0, bytesRead);
    return buf.subarray(0, bytesRead);
  };
  try {
    let end = offset; // lines before `end` (a line start) are still to look at
    let size = CHUNK;
    while (end > 0) {
      const start = Math.max(0, end - size);
      const buf = await read(start, end);
      // Lines wholly inside: from the first newline before the one that ends the region, unless at the file's start.
      const firstNl = start === 0 ? -1 : buf.indexOf(NL);
      if (start > 0 && (firstNl < 0 || firstNl >= buf.length - 1)) {
        if (size <= options.maxLineBytes + 1) {
          size *= 2; // one line fills the window: widen it
          continue;
        }
        end = await lineStartBefore(read, start); // a line too long to be an event: passed over
        size = CHUNK;
        continue;
      }
      const from = firstNl + 1;
      const t = lastTimeIn(buf, from, buf.length, start, options.maxLineBytes, options.exportLike);
      if (!Number.isNaN(t)) return t;
      end = start + from;
      if (from === 0) break;
      size = CHUNK;
    }
    return NaN;
  } finally {
    if (!file.handle) await handle.close();
  }
}

/** The start of the line that holds byte `at - 1`. */
async function lineStartBefore(read: (from: number, to: number) => Promise<Buffer>, at: number): Promise<number> {
  for (let to = at; to > 0; ) {
    const from = Math.max(0, to - CHUNK);
    const nl = (await read(from, to)).lastIndexOf(NL);
    if (nl >= 0) return from + nl + 1;
    to = from;
  }
  return 0;
}
