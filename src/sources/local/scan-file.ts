/**
 * Reads one file into events, a buffer at a time, with memory bounded whatever the file's size:
 * the buffer holds at most one partial line plus one read, and a line longer than
 * `maxLineBytes` is skipped as it streams by.
 *
 * With needles, lines are not even split: the rarest-looking needle is searched over the whole
 * buffer natively and only the lines around its hits are decoded.
 */
import type { ReadStatistics } from "../../engine/source.js";
import { openBytes, READ_SIZE, type ByteReader } from "./byte-reader.js";
import { describeIssues, FileIssues } from "./file-issues.js";
import { LineDecoder, type DecodeOptions, type FileFormat } from "./line-decoder.js";
import type { LocalEvent } from "./local-event.js";
import type { LocalFile, Readable } from "./local-file.js";
import { needlesMayBeEscaped } from "../../engine/needle-match.js";

const NL = 0x0a;
const CR = 0x0d;
/** Bytes read past a range's end at first, for the line that ends after it. */
const RANGE_SLACK = 64 * 1024;
// In an envelope the message is JSON-escaped; a needle (printable ASCII without `"` or `\`) can
// only be hidden by these escapes, so lines holding them are always decoded. In other lines
// only a needle with a character JSON encoders may escape (`/ < > & '`) can be hidden by them
// in a JSON value (engine/needle-match.ts).
const HIDING_ESCAPES = [Buffer.from("\\u00"), Buffer.from("\\/")];

export interface ScanOptions extends DecodeOptions {
  /** Needles usable on raw bytes, the one to search first at index 0. */
  needles: Buffer[];
  signal?: AbortSignal;
  maxLineBytes: number;
  /** Stop unless the file turns out to hold envelopes (its path names an unselected group). */
  envelopesOnly: boolean;
  /**
   * Read only the lines that start in `[from, to)` of the file (a part of it for one thread); a
   * scan from mid-file takes the file's format from `format`, decided on its first line.
   */
  from?: number;
  to?: number;
  format?: FileFormat;
  onWarning: (message: string) => void;
  /** Hands the file's skipped lines over instead of telling them (a part of a file: see part-issues.ts). */
  onIssues?: (issues: FileIssues) => void;
}

export class LineBatcher {
  readonly decoder: LineDecoder;
  out: LocalEvent[] = [];
  /** Set when the file need not be read further. */
  done = false;
  private readonly escapeNext = [-1, -1];
  /** Whether a needle holds a character that a JSON encoder may escape. */
  private readonly escapable: boolean;

  constructor(
    decoder: LineDecoder,
    private readonly options: ScanOptions,
    private readonly issues: FileIssues,
    private readonly stats: ReadStatistics,
  ) {
    this.decoder = decoder;
    this.escapable = needlesMayBeEscaped(options.needles.map((n) => n.toString("latin1")));
  }

  /** Decodes the line `[s, e)` of `view`, whose byte 0 is at file offset `base`. */
  line(view: Buffer, s: number, e: number, base: number, unterminated: boolean, detectOnly = false): void {
    let end = e;
    if (end > s && view[end - 1] === CR) end--;
    if (base + s === 0 && end - s >= 3 && view[0] === 0xef && view[1] === 0xbb && view[2] === 0xbf) s += 3;
    let content = s;
    while (content < end && (view[content] === 0x20 || view[content] === 0x09)) content++;
    if (content === end) return;
    if (end - s > this.options.maxLineBytes) {
      this.issues.addOversized(base + s);
      return;
    }
    if (this.decoder.format === undefined) {
      this.decoder.format = this.decoder.detect(view, content, end);
      if (this.options.envelopesOnly && this.decoder.format !== "envelope") {
        this.done = true;
        return;
      }
    }
    if (detectOnly) return;
    const event = this.decoder.decode(view, s, content, end, base + s, unterminated);
    if (event) this.out.push(event);
  }

  /** Decodes every complete line of `view[0..lastNL]`. */
  all(view: Buffer, lastNL: number, base: number): void {
    let pos = 0;
    while (pos <= lastNL && !this.done) {
      const nl = view.indexOf(NL, pos);
      this.line(view, pos, nl, base, false);
      pos = nl + 1;
    }
  }

  /** Decodes only the complete lines of `view[0..lastNL]` that may hold every needle. */
  withNeedles(view: Buffer, lastNL: number, base: number): void {
    let pos = 0;
    // The format is decided on the first non-empty line, whatever it holds.
    while (this.decoder.format === undefined && pos <= lastNL && !this.done) {
      const nl = view.indexOf(NL, pos);
      const text = view.subarray(pos, nl);
      const maybe = hasAll(text, this.options.needles) || HIDING_ESCAPES.some((e) => text.indexOf(e) >= 0);
      this.line(view, pos, nl, base, false, !maybe);
      if (!maybe && !this.done) this.skipped(view, pos, nl + 1);
      pos = nl + 1;
    }
    if (this.done) return;
    const [primary, ...others] = this.options.needles;
    const hiding = this.escapable || this.decoder.format === "envelope";
    this.escapeNext[0] = this.escapeNext[1] = -1;
    while (pos <= lastNL) {
      let hit = view.indexOf(primary, pos);
      if (hit < 0) hit = Infinity;
      let hidden = false;
      if (hiding) {
        const escape = this.nextEscape(view, pos);
        if (escape < hit) {
          hit = escape;
          hidden = true;
        }
      }
      if (hit > lastNL) {
        this.skipped(view, pos, lastNL + 1);
        break;
      }
      const ls = hit === 0 ? 0 : view.lastIndexOf(NL, hit - 1) + 1;
      const le = view.indexOf(NL, hit);
      this.skipped(view, pos, ls);
      if (hidden || others.length === 0 || hasAll(view.subarray(ls, le), others)) this.line(view, ls, le, base, false);
      else this.skipped(view, ls, le + 1);
      pos = le + 1;
    }
  }

  /**
   * Counts the non-empty lines of `view[from, to)` (whole lines, each ending in a newline) that
   * the needles skipped as scanned, with their bytes: CloudWatch counts and bills every event it
   * scans, not only those that match. Found by a native newline search per line, never decoded,
   * so they are counted without checking their time range; envelopes are not counted when a
   * group selection applies (their group is only known by decoding them).
   */
  private skipped(view: Buffer, from: number, to: number): void {
    if (from >= to || (this.options.groupSelected && this.decoder.format === "envelope")) return;
    const max = this.options.maxLineBytes;
    let lines = 0;
    let bytes = 0;
    for (let s = from; s < to; ) {
      const nl = view.indexOf(NL, s);
      let e = nl < 0 || nl >= to ? to : nl;
      const next = e + 1;
      if (e > s && view[e - 1] === CR) e--;
      if (e > s && e - s <= max) {
        lines++;
        bytes += e - s;
      }
      s = next;
    }
    this.stats.recordsScanned += lines;
    this.stats.bytesScanned += bytes;
  }

  private nextEscape(view: Buffer, pos: number): number {
    let min = Infinity;
    for (let i = 0; i < HIDING_ESCAPES.length; i++) {
      let at = this.escapeNext[i];
      if (at !== Infinity && at < pos) {
        at = view.indexOf(HIDING_ESCAPES[i], pos);
        this.escapeNext[i] = at = at < 0 ? Infinity : at;
      }
      if (at < min) min = at;
    }
    return min;
  }
}

function hasAll(line: Buffer, needles: Buffer[]): boolean {
  for (const n of needles) if (line.indexOf(n) < 0) return false;
  return true;
}

async function readSafely(reader: ByteReader, buf: Buffer, at: number, file: LocalFile, options: ScanOptions, max?: number): Promise<number> {
  try {
    return await reader.read(buf, at, max);
  } catch (error) {
    // A corrupt or cut gzip member: keep what was read, say where it stopped.
    if (!reader.gzip) throw error;
    options.onWarning(`stopped reading ${file.display}: ${(error as Error).message}`);
    return 0;
  }
}

/** 1-based line numbers of the given byte offsets, by counting newlines before them. */
export async function lineNumbersAt(file: Readable, offsets: number[]): Promise<number[]> {
  const targets = offsets.map((o) => Math.max(0, o));
  const limit = Math.max(...targets);
  const counts = targets.map(() => 1);
  const reader = await openBytes(file);
  const buf = Buffer.allocUnsafe(READ_SIZE);
  try {
    let base = 0;
    while (base < limit) {
      const n = await reader.read(buf, 0);
      if (n === 0) break;
      for (let i = buf.indexOf(NL); i >= 0 && i < n; i = buf.indexOf(NL, i + 1)) {
        for (let t = 0; t < targets.length; t++) if (base + i < targets[t]) counts[t]++;
      }
      base += n;
    }
  } finally {
    await reader.close();
  }
  return counts;
}

/** The events of one file, a batch per buffer. */
export async function* scanFile(file: LocalFile, options: ScanOptions, stats: ReadStatistics): AsyncGenerator<LocalEvent[]> {
  const issues = new FileIssues();
  const rangeStart = options.from ?? 0;
  if (options.envelopesOnly && options.format !== undefined && options.format !== "envelope") return;
  let reader: ByteReader;
  try {
    reader = await openBytes(file, rangeStart > 0 ? rangeStart - 1 : 0);
  } catch (error) {
    // Removed since the paths were resolved (a rotated or deleted stream): nothing to read.
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
    options.onWarning(`skipped ${file.display}: it was removed while the query ran`);
    return;
  }
  const batcher = new LineBatcher(new LineDecoder(file, reader.mtime, reader.gzip, options, stats, issues), options, issues, stats);
  batcher.decoder.format = options.format;
  const useNeedles = options.needles.length > 0;
  const { maxLineBytes } = options;
  const to = options.to ?? Infinity;
  // A small range (a field index's block) is read with a little to spare for its last line.
  const readMax = (at: number): number => (to === Infinity ? READ_SIZE : Math.min(READ_SIZE, Math.max(RANGE_SLACK, to - at + RANGE_SLACK)));
  let buf = Buffer.allocUnsafe(2 * readMax(rangeStart));
  let len = 0;
  // From mid-file, reading starts a byte early and drops the line that byte is in, as it belongs
  // to the part before (a line starts at `from` exactly when that byte is its newline).
  let base = rangeStart > 0 ? rangeStart - 1 : 0;
  let skipping = rangeStart > 0;
  let partEnds = false;
  try {
    while (!batcher.done) {
      options.signal?.throwIfAborted();
      const max = readMax(base + len);
      if (buf.length - len < max) {
        const grown = Buffer.allocUnsafe(len + 2 * max);
        buf.copy(grown, 0, 0, len);
        buf = grown;
      }
      const from = len;
      const n = await readSafely(reader, buf, len, file, options, max);
      if (n === 0) break;
      len += n;
      let view = buf.subarray(0, len);
      if (skipping) {
        // Inside an oversized line: drop bytes up to its end.
        const nl = view.indexOf(NL, from);
        if (nl < 0) {
          base += len;
          len = 0;
          continue;
        }
        buf.copyWithin(0, nl + 1, len);
        base += nl + 1;
        len -= nl + 1;
        skipping = false;
        view = buf.subarray(0, len);
      }
      if (base >= to) {
        // The next line starts in the next part's range: nothing of it is read here.
        partEnds = true;
        break;
      }
      let lastNL = view.lastIndexOf(NL);
      if (lastNL >= 0 && base + lastNL + 1 >= to) {
        // The part's last line ends at the first newline from byte `to - 1` on.
        lastNL = view.indexOf(NL, to - 1 - base);
        partEnds = true;
      }
      if (lastNL < 0) {
        if (len > maxLineBytes) {
          issues.addOversized(base);
          skipping = true;
          base += len;
          len = 0;
        }
        continue;
      }
      batcher.decoder.setBuffer(view);
      if (useNeedles) batcher.withNeedles(view, lastNL, base);
      else batcher.all(view, lastNL, base);
      if (batcher.out.length > 0) {
        yield batcher.out;
        batcher.out = [];
      }
      if (partEnds) break;
      buf.copyWithin(0, lastNL + 1, len);
      base += lastNL + 1;
      len -= lastNL + 1;
    }
    if (!batcher.done && !partEnds && !skipping && len > 0) {
      // The last line has no newline: complete in a file written by hand, maybe half written
      // by a concurrent writer (the decoder drops it then, silently).
      const view = buf.subarray(0, len);
      batcher.decoder.setBuffer(view);
      batcher.line(view, 0, len, base, true);
      if (batcher.out.length > 0) yield batcher.out;
    }
  } finally {
    await reader.close();
  }
  if (issues.any && options.onIssues) options.onIssues(issues);
  else if (issues.any) {
    const [malformedLine, oversizedLine] = await lineNumbersAt(file, [issues.firstMalformedOffset, issues.firstOversizedOffset]);
    options.onWarning(describeIssues(issues, file.display, maxLineBytes, malformedLine, oversizedLine));
  }
}
