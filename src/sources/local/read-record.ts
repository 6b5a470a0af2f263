/**
 * Reading single lines back: the first non-empty line of a file (its format, and the group of an
 * envelope file) and the line at an `@ptr`'s offset.
 */
import type { ReadStatistics } from "../../engine/source.js";
import { hasBareCrLines, openBytes, READ_SIZE } from "./byte-reader.js";
import { FileIssues } from "./file-issues.js";
import { LineDecoder, NEEDS_LEAD, type FileFormat } from "./line-decoder.js";
import { leadTime } from "./time-carry.js";
import type { LocalEvent } from "./local-event.js";
import type { LocalFile, Readable } from "./local-file.js";

const NL = 0x0a;

interface Line {
  buf: Buffer;
  /** Where the line's text starts in `buf` (after a BOM and blanks) and ends (before `\r`). */
  content: number;
  start: number;
  end: number;
  terminated: boolean;
}

function trim(buf: Buffer, start: number, end: number, atFileStart: boolean): Line | undefined {
  let s = start;
  let e = end;
  if (e > s && buf[e - 1] === 0x0d) e--;
  if (atFileStart && e - s >= 3 && buf[s] === 0xef && buf[s + 1] === 0xbb && buf[s + 2] === 0xbf) s += 3;
  let content = s;
  while (content < e && (buf[content] === 0x20 || buf[content] === 0x09)) content++;
  return content < e ? { buf, start: s, content, end: e, terminated: true } : undefined;
}

const FIRST_READ = 64 * 1024;

/**
 * Reads lines from byte `from` of the file's content, calling `visit` with each (at most
 * `maxLineBytes` long) until it returns true.
 */
async function eachLine(file: Readable, from: number, maxLineBytes: number, visit: (line: Line | undefined, offset: number) => boolean): Promise<void> {
  const reader = await openBytes(file, from, await hasBareCrLines(file));
  let buf = Buffer.allocUnsafe(READ_SIZE);
  let len = 0;
  let base = from;
  // A small read first: the line wanted is usually short (a part's split reads the first line of
  // every file it starts mid-way in, and 1 MB each of 8 files was 12 ms before any part was read).
  let ask = FIRST_READ;
  try {
    for (;;) {
      if (buf.length - len < READ_SIZE) {
        if (len > maxLineBytes) return;
        const grown = Buffer.allocUnsafe(len + READ_SIZE);
        buf.copy(grown, 0, 0, len);
        buf = grown;
      }
      const n = await reader.read(buf, len, ask);
      ask = READ_SIZE;
      if (n === 0) {
        if (len > 0) {
          const line = trim(buf, 0, len, base === 0);
          if (line) line.terminated = false;
          visit(line, base);
        }
        return;
      }
      len += n;
      let pos = 0;
      for (let nl = buf.indexOf(NL, 0); nl >= 0 && nl < len; nl = buf.indexOf(NL, pos)) {
        if (visit(trim(buf, pos, nl, base + pos === 0), base + pos)) return;
        pos = nl + 1;
      }
      buf.copyWithin(0, pos, len);
      base += pos;
      len -= pos;
    }
  } finally {
    await reader.close();
  }
}

/** The first non-empty line of a file, copied out, or undefined. */
export async function firstLine(file: Readable, maxLineBytes: number): Promise<Line | undefined> {
  let found: Line | undefined;
  await eachLine(file, 0, maxLineBytes, (line) => {
    if (!line) return false;
    found = { ...line, buf: Buffer.from(line.buf.subarray(0, line.end)) };
    return true;
  });
  return found;
}

/** The event of the line starting at `offset`, or undefined when no line starts there. */
export async function readRecord(file: LocalFile, offset: number, maxLineBytes: number): Promise<LocalEvent | undefined> {
  // Reading from one byte early, a line starts at `offset` only if that byte ends a line.
  let target: Line | undefined;
  await eachLine(file, Math.max(0, offset - 1), maxLineBytes, (line, at) => {
    if (at < offset) return false;
    if (at === offset && line) target = { ...line, buf: Buffer.from(line.buf.subarray(0, line.end)) };
    return true;
  });
  if (!target) return undefined;
  const { decoder, gzip, mtime } = await lineDecoder(file, maxLineBytes);
  decoder.envelopeFile = (await fileFormat(file, maxLineBytes)) === "envelope";
  decoder.setBuffer(target.buf);
  const decode = () => decoder.decode(target!.buf, target!.start, target!.content, target!.end, offset, !target!.terminated);
  let event = decode();
  if (event === NEEDS_LEAD) {
    decoder.leadTime = await leadTime(file, offset, { gzip, bareCr: await hasBareCrLines(file), exportLike: decoder.exportLike, maxLineBytes, mtime });
    event = decode();
  }
  return event === NEEDS_LEAD ? undefined : event;
}

async function lineDecoder(file: LocalFile, maxLineBytes: number): Promise<{ decoder: LineDecoder; gzip: boolean; mtime: number }> {
  const reader = await openBytes(file);
  const { gzip, mtime } = reader;
  await reader.close();
  const stats: ReadStatistics = { recordsScanned: 0, bytesScanned: 0 };
  return { decoder: new LineDecoder(file, mtime, gzip, { start: -Infinity, end: Infinity, maxLineBytes }, stats, new FileIssues()), gzip, mtime };
}

/** The kind of the file's first non-empty line (see FileFormat), or undefined. */
export async function fileFormat(file: LocalFile, maxLineBytes: number): Promise<FileFormat | undefined> {
  const first = await firstLine(file, maxLineBytes);
  return first && (await lineDecoder(file, maxLineBytes)).decoder.detect(first.buf, first.content, first.end);
}
