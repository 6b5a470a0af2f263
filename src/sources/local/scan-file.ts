/**
 * Reads one file into events, a buffer at a time, with memory bounded whatever the file's size:
 * the buffer holds at most one partial line plus one read, and a line longer than
 * `maxLineBytes` is skipped as it streams by.
 *
 * With needles, lines are not even split: the rarest-looking needle is searched over the whole
 * buffer natively and only the lines around its hits are decoded (line-batcher.ts).
 *
 * A file whose lines end in a bare CR is read with its CRs as LFs (offsets unchanged). What went
 * wrong (skipped lines, a gzip file cut short, a last line half written) is told once per file
 * with the number of events read (file-issues.ts).
 */
import type { ReadStatistics } from "../../engine/source.js";
import { NeedleScanner } from "../../engine/wasm/needle-scan.js";
import { hasBareCrLines, openBytes, READ_SIZE, type ByteReader } from "./byte-reader.js";
import { describeIssues, FileIssues } from "./file-issues.js";
import { LineBatcher, type BatchOptions, type PassEnd } from "./line-batcher.js";
import { LineDecoder, type FileFormat } from "./line-decoder.js";
import { bareCrLines, crToLf, lineBounds } from "./line-time.js";
import type { LocalEvent } from "./local-event.js";
import type { LocalFile, Readable } from "./local-file.js";
import { leadTime } from "./time-carry.js";

const NL = 0x0a;
/**
 * Bytes per read of a file of text lines (a VPC flow log's, 110 bytes a record) when every line
 * is decoded: a read's events live until the engine has taken them all, and at 1 MiB (some
 * 10,000 records) they outlived a young-generation collection or two and were promoted, so a
 * thread's old generation grew with them (1 GB of flow logs on two threads peaked at 230-270
 * MB). JSON lines are longer and cost more each (128 KiB reads cost them 4% more CPU and they
 * stayed within bounds at 1 MiB), and a needle search decodes few lines: they read `READ_SIZE`.
 */
export const TEXT_READ_SIZE = 128 * 1024;
/** Bytes read past a range's end at first, for the line that ends after it. */
const RANGE_SLACK = 64 * 1024;

export interface ScanOptions extends BatchOptions {
  signal?: AbortSignal;
  /** Stop unless the file turns out to hold envelopes (its path names an unselected group). */
  envelopesOnly: boolean;
  /**
   * Read only the lines that start in `[from, to)` of the file (a part of it for one thread); a
   * scan from mid-file takes the kind of the file's first line from `format` (for `envelopesOnly`).
   */
  from?: number;
  to?: number;
  format?: FileFormat;
  /** From mid-file: whether the file's lines end in a bare CR, when already known (hasBareCrLines). */
  bareCr?: boolean;
  onWarning: (message: string) => void;
  /** Hands the file's issues over instead of telling them (a part of a file: see part-issues.ts). */
  onIssues?: (issues: FileIssues) => void;
}

async function readSafely(reader: ByteReader, buf: Buffer, at: number, issues: FileIssues, max?: number): Promise<number> {
  try {
    return await reader.read(buf, at, max);
  } catch (error) {
    // A gzip file cut short or corrupt: keep what was read, say where it stopped.
    if (!reader.gzip) throw error;
    issues.stopped = (error as Error).message;
    return 0;
  }
}

/**
 * The read buffer a finished scan left for the next one in this thread: a thread reading a stats
 * in morsels (engine/parallel/morsels.ts) scans dozens of parts, and a new buffer of 2 MB for
 * each was faulted in afresh and held until a collection (1 GB, two threads: 9,000 more page
 * faults and 30 MB more memory). No event refers to a read buffer: each copies what it keeps. The
 * field readers a thread keeps (scan-files.ts) know a buffer's bytes by the view object they were
 * given: every read hands them a new view (`subarray`), never the buffer itself.
 */
let spare: Buffer | undefined;

function readBuffer(size: number): Buffer {
  const kept = spare;
  if (kept === undefined || kept.length < size) return Buffer.allocUnsafe(size);
  spare = undefined;
  return kept;
}

function keepBuffer(buf: Buffer): void {
  if (buf.length <= MAX_SPARE_BYTES && (spare === undefined || spare.length < buf.length)) spare = buf;
}

const MAX_SPARE_BYTES = 4 * READ_SIZE;

/** 1-based line numbers of the given byte offsets, by counting newlines (CRs in a bare-CR file) before them. */
export async function lineNumbersAt(file: Readable, offsets: number[], bareCr = false): Promise<number[]> {
  const targets = offsets.map((o) => Math.max(0, o));
  const limit = Math.max(...targets);
  const counts = targets.map(() => 1);
  const reader = await openBytes(file, 0, bareCr);
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

/** The kind of the first non-empty line of `view[0..lastNL]` (a file's start), or undefined when it has none. */
function firstLineKind(decoder: LineDecoder, view: Buffer, lastNL: number): FileFormat | undefined {
  for (let pos = 0; pos <= lastNL; ) {
    const found = view.indexOf(NL, pos);
    const nl = found < 0 ? view.length : found;
    const { content, end } = lineBounds(view, pos, nl, pos === 0);
    if (content < end) return decoder.detect(view, content, end);
    pos = nl + 1;
  }
  return undefined;
}

/** The events of one file, a batch per buffer. */
export async function* scanFile(file: LocalFile, options: ScanOptions, stats: ReadStatistics): AsyncGenerator<LocalEvent[]> {
  const issues = new FileIssues();
  const rangeStart = options.from ?? 0;
  if (options.envelopesOnly && options.format !== undefined && options.format !== "envelope") return;
  let reader: ByteReader;
  let bareCr: boolean | undefined;
  try {
    // From mid-file, the file's first line end tells how its lines end.
    if (rangeStart > 0) bareCr = options.bareCr ?? (await hasBareCrLines(file));
    reader = await openBytes(file, rangeStart > 0 ? rangeStart - 1 : 0, bareCr);
  } catch (error) {
    // Removed since the paths were resolved (a rotated or deleted stream): nothing to read.
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
    options.onWarning(`skipped ${file.display}: it was removed while the query ran`);
    return;
  }
  const decoder = new LineDecoder(file, reader.mtime, reader.gzip, options, stats, issues);
  // With needles, the file is read straight into the memory of the WebAssembly search.
  const scanner = options.needles.length > 0 ? NeedleScanner.acquire(options.needles[0]) : undefined;
  const batcher = new LineBatcher(decoder, options, issues, stats, scanner);
  // The kind of the file's first line: given from mid-file, else found on it.
  let kindKnown = rangeStart > 0;
  decoder.envelopeFile = options.format === "envelope";
  const useNeedles = options.needles.length > 0;
  const { maxLineBytes } = options;
  const to = options.to ?? Infinity;
  // Lines that need the lead time stop a pass, which resumes once it is looked up (time-carry.ts).
  const pass = async (view: Buffer, lastNL: number, base: number, unterminatedTail: boolean): Promise<void> => {
    for (let from = 0; ; ) {
      let end: PassEnd;
      if (unterminatedTail) end = batcher.line(view, 0, view.length, base, true) ? -1 : 0;
      else end = useNeedles ? batcher.withNeedles(view, lastNL, base, from) : batcher.all(view, lastNL, base, from);
      if (end < 0) return;
      decoder.leadTime = await leadTime(file, base + end, { gzip: reader.gzip, bareCr: bareCr === true, exportLike: decoder.exportLike, maxLineBytes, mtime: reader.mtime });
      from = end;
    }
  };
  // A small range (a field index's block) is read with a little to spare for its last line.
  // Small until the file's first line (given for a part from mid-file) says its lines are text.
  let readSize = useNeedles || (options.format !== undefined && options.format !== "text") ? READ_SIZE : TEXT_READ_SIZE;
  const readMax = (at: number): number => (to === Infinity ? readSize : Math.min(readSize, Math.max(RANGE_SLACK, to - at + RANGE_SLACK)));
  let buf = scanner ? scanner.buffer(2 * readMax(rangeStart)) : readBuffer(2 * readMax(rangeStart));
  let len = 0;
  // From mid-file, reading starts a byte early and drops the line that byte is in, as it belongs
  // to the part before (a line starts at `from` exactly when that byte is its newline).
  let base = rangeStart > 0 ? rangeStart - 1 : 0;
  let skipping = rangeStart > 0;
  let partEnds = false;
  let done = false;
  try {
    while (!done) {
      options.signal?.throwIfAborted();
      const max = readMax(base + len);
      if (buf.length - len < max) {
        if (scanner) buf = scanner.buffer(len + 2 * max);
        else {
          const grown = Buffer.allocUnsafe(len + 2 * max);
          buf.copy(grown, 0, 0, len);
          buf = grown;
        }
      }
      const from = len;
      const n = await readSafely(reader, buf, len, issues, max);
      len += n;
      if (bareCr === undefined) {
        // How lines end is decided on the file's first line end (line-time.ts).
        bareCr = bareCrLines(buf, len, n === 0);
        if (bareCr === undefined) continue;
        if (bareCr) crToLf(buf, 0, len);
      } else if (bareCr && rangeStart === 0) crToLf(buf, from, len);
      if (n === 0) break;
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
      decoder.setBuffer(view);
      if (!kindKnown) {
        const kind = firstLineKind(decoder, view, lastNL);
        if (kind !== undefined) {
          kindKnown = true;
          decoder.envelopeFile = kind === "envelope";
          if (kind !== "text") readSize = READ_SIZE;
          // A file of an unselected group is read only for the envelopes it may hold of a selected one.
          if (options.envelopesOnly && kind !== "envelope") {
            done = true;
            break;
          }
        }
      }
      await pass(view, lastNL, base, false);
      decoder.catchUp(view, lastNL + 1, base);
      if (batcher.out.length > 0) {
        issues.events += batcher.out.length;
        yield batcher.out;
        batcher.out = [];
      } else if (options.flowRecords) {
        // No event: they went to `flowRecords`; the reader still takes its turn (a breath, a cancellation).
        yield batcher.out;
      }
      if (partEnds) break;
      buf.copyWithin(0, lastNL + 1, len);
      base += lastNL + 1;
      len -= lastNL + 1;
    }
    if (!done && !partEnds && !skipping && len > 0) {
      // The last line has no newline: complete in a file written by hand, maybe half written
      // by a concurrent writer (told then, see FileIssues.tornTail).
      const view = buf.subarray(0, len);
      decoder.setBuffer(view);
      if (!kindKnown) {
        decoder.envelopeFile = firstLineKind(decoder, view, len) === "envelope";
        if (options.envelopesOnly && !decoder.envelopeFile) return;
      }
      await pass(view, -1, base, true);
      if (batcher.out.length > 0) {
        issues.events += batcher.out.length;
        yield batcher.out;
      }
    }
  } finally {
    scanner?.release();
    if (!scanner) keepBuffer(buf);
    await reader.close();
  }
  if (bareCr) issues.bareCr = true;
  // A part tells even no issues: its events count towards the file's in the one message.
  if (options.onIssues) options.onIssues(issues);
  else if (issues.any) {
    const [malformedLine, oversizedLine] = await lineNumbersAt(file, [issues.firstMalformedOffset, issues.firstOversizedOffset], issues.bareCr);
    options.onWarning(describeIssues(issues, file.display, maxLineBytes, malformedLine, oversizedLine));
  }
}
