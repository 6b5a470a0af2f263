/**
 * Counts the lines a needle search passed over without decoding them, as a read that decoded
 * them would count them (line-batcher.ts): CloudWatch counts and bills every event it scans, not
 * only those that match.
 */
import type { ReadStatistics } from "../../engine/source.js";
import type { NeedleScanner } from "../../engine/wasm/needle-scan.js";
import type { FileIssues } from "./file-issues.js";
import { flowFormatDeclaration, flowLogHeaderFields, isDefaultFlowFormat } from "./flow-log-header.js";
import type { BatchOptions } from "./line-batcher.js";
import type { LineDecoder } from "./line-decoder.js";
import { exportPrefixTime, mayBeEnvelope } from "./line-time.js";

const NL = 0x0a;
const CR = 0x0d;
const OPEN_BRACE = 0x7b;
const SPACE = 0x20;
const TAB = 0x09;
/** Ranges of more lines than this many times the longest line are counted one line at a time. */
const MAX_LINE_CHECKS = 64;

/** Whether the line `[s, e)` is read as an envelope (line-decoder.ts), by its bytes. */
export function isEnvelopeLine(decoder: LineDecoder, view: Buffer, s: number, e: number): boolean {
  return view[s] === OPEN_BRACE && (decoder.envelopeFile || mayBeEnvelope(view, s, e));
}

export class SkippedLines {
  constructor(
    private readonly decoder: LineDecoder,
    private readonly options: BatchOptions,
    private readonly issues: FileIssues,
    private readonly stats: ReadStatistics,
  ) {}

  /**
   * What `skipped` counts of the whole lines `view[from, to)`, from the counts of the scanner's
   * search that passed them: a line for each newline but the blank ones, its bytes but the
   * newline, a CR before it and a blank line's spaces. A line longer than the longest allowed
   * holds one of the points `maxLineBytes + 1` apart from `from`, so those few lines are looked
   * at to take them out; a file's first line, which may start with a byte order mark, is counted
   * on its own. Lines that may be flow log headers are left to `skipped`.
   */
  counted(scanner: NeedleScanner, view: Buffer, from: number, to: number, base: number): void {
    if (from >= to) return;
    const max = this.options.maxLineBytes;
    // An export's lines count without their time prefix, and a line that starts with a small
    // letter may be a flow log header, which is no event: each is looked at.
    if (
      this.options.groupSelected !== undefined ||
      this.decoder.exportLike ||
      to - from > MAX_LINE_CHECKS * (max + 1) ||
      scanner.letterLines > 0 ||
      startsWithSmallLetter(view, from, to)
    ) {
      this.skipped(view, from, to, base);
      return;
    }
    let lines = scanner.newlines - scanner.emptyLines;
    let bytes = to - from - scanner.newlines - scanner.crlfs - scanner.blankBytes;
    // The range's first line: the search counts a blank line only after a newline it passed.
    let start = from;
    const firstEnd = lineEnd(view, from);
    const firstBlank = blankLength(view, from, firstEnd);
    if (firstBlank >= 0) {
      lines--;
      bytes -= firstBlank;
      start = view.indexOf(NL, from) + 1;
    } else if (base + from === 0) {
      lines--;
      bytes -= firstEnd - from;
      start = view.indexOf(NL, from) + 1;
      this.skipped(view, from, start, base);
    }
    let oversized = -1;
    for (let at = start; at < to; at += max + 1) {
      const s = at === start ? start : view.lastIndexOf(NL, at - 1) + 1;
      if (s === oversized) continue;
      const e = lineEnd(view, s);
      if (e - s > max && blankLength(view, s, e) < 0) {
        lines--;
        bytes -= e - s;
        oversized = s;
        this.issues.addOversized(base + s);
      }
    }
    this.stats.recordsScanned += lines;
    this.stats.bytesScanned += bytes;
    // The events a file's warning says were read: those skipped too, as a read without needles has them.
    this.issues.events += lines;
  }

  /**
   * Counts the lines of `view[from, to)` (whole lines, each ending in a newline) that the needles
   * skipped as a read counts them (see `line`): CloudWatch counts and bills every event it
   * scans, not only those that match. Found by a native newline search per line, never decoded,
   * so they are counted without checking their time range; envelopes are not counted when a
   * group selection applies (their group is only known by decoding them).
   */
  skipped(view: Buffer, from: number, to: number, base: number): void {
    if (from >= to) return;
    const max = this.options.maxLineBytes;
    const groups = this.options.groupSelected !== undefined;
    let lines = 0;
    let bytes = 0;
    for (let s = from; s < to; ) {
      const nl = view.indexOf(NL, s);
      let e = nl < 0 || nl >= to ? to : nl;
      const next = e + 1;
      if (e > s && view[e - 1] === CR) e--;
      const start = base + s === 0 && startsWithBom(view, s, e) ? s + 3 : s;
      let content = start;
      while (content < e && (view[content] === SPACE || view[content] === TAB)) content++;
      if (content < e) {
        if (e - start > max) this.issues.addOversized(base + start);
        else if (view[content] !== OPEN_BRACE) {
          const message = this.textMessageStart(view, start, content, e);
          if (message >= 0) {
            lines++;
            bytes += e - message;
          }
        } else if (!(groups && isEnvelopeLine(this.decoder, view, content, e))) {
          // An envelope in an ordinary file is counted whole, as the WebAssembly count does
          // (envelope files are decoded line by line instead: `skip`).
          lines++;
          bytes += e - start;
        }
      }
      s = next;
    }
    this.stats.recordsScanned += lines;
    this.stats.bytesScanned += bytes;
    // The events a file's warning says were read: those skipped too, as a read without needles has them.
    this.issues.events += lines;
  }

  /**
   * Where the message of the text line `[s, e)` starts (after an export's time prefix), as the
   * decoder reads it; -1 for a VPC flow log header, which is no event (line-decoder.ts).
   */
  private textMessageStart(view: Buffer, s: number, content: number, e: number): number {
    const header = flowLogHeaderFields(view, content, e);
    if (header) {
      if (!isDefaultFlowFormat(header) && !this.options.flowFormatDeclared) this.issues.undeclaredFlowFormat ??= flowFormatDeclaration(header);
      return -1;
    }
    return this.decoder.exportLike && !Number.isNaN(exportPrefixTime(view, content, e)) ? content + 25 : s;
  }
}

/** Where the line starting at `s` ends, before its newline and a CR before it. */
function lineEnd(view: Buffer, s: number): number {
  const nl = view.indexOf(NL, s);
  return nl > s && view[nl - 1] === CR ? nl - 1 : nl;
}

/** The spaces and tabs of the line `[s, e)` when it holds nothing else (a line `line` skips), else -1. */
function blankLength(view: Buffer, s: number, e: number): number {
  for (let i = s; i < e; i++) if (view[i] !== SPACE && view[i] !== TAB) return -1;
  return e - s;
}

function startsWithBom(view: Buffer, s: number, e: number): boolean {
  return e - s >= 3 && view[s] === 0xef && view[s + 1] === 0xbb && view[s + 2] === 0xbf;
}

/** Whether the line at `from` starts with a small letter after its spaces and tabs. */
function startsWithSmallLetter(view: Buffer, from: number, to: number): boolean {
  let p = from;
  while (p < to && (view[p] === SPACE || view[p] === TAB)) p++;
  return p < to && view[p] >= 0x61 && view[p] <= 0x7a;
}
