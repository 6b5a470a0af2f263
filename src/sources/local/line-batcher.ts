/**
 * Turns the complete lines of one buffer into events, every line or (with needles) only those
 * that may hold every needle. Each line is decoded on its own (line-decoder.ts).
 */
import type { ReadStatistics } from "../../engine/source.js";
import { needlesMayBeEscaped } from "../../engine/needle-match.js";
import { Hit, type NeedleScanner } from "../../engine/wasm/needle-scan.js";
import type { FileIssues } from "./file-issues.js";
import { LineDecoder, NEEDS_LEAD, type DecodeOptions } from "./line-decoder.js";
import { exportPrefixTime, mayBeEnvelope } from "./line-time.js";
import { flowFormatDeclaration, flowLogHeaderFields, isDefaultFlowFormat } from "./flow-log-header.js";
import type { LocalEvent } from "./local-event.js";

const NL = 0x0a;
const CR = 0x0d;
const OPEN_BRACE = 0x7b;
const SPACE = 0x20;
const TAB = 0x09;
/** Ranges of more lines than this many times the longest line are counted one line at a time. */
const MAX_LINE_CHECKS = 64;
// In an envelope the message is JSON-escaped; a needle (printable ASCII without `"` or `\`) can
// only be hidden by these escapes, so envelope lines holding them are always decoded. In other
// lines only a needle with a character JSON encoders may escape (`/ < > & '`) can be hidden by
// them in a JSON value (engine/needle-match.ts).
const HIDING_ESCAPES = [Buffer.from("\\u00"), Buffer.from("\\/")];

export interface BatchOptions extends DecodeOptions {
  /** Needles usable on raw bytes, the one to search first at index 0. */
  needles: Buffer[];
}

/** What a pass over a buffer ends with: -1 when done, else the position of a line that needs the lead time. */
export type PassEnd = number;

export class LineBatcher {
  out: LocalEvent[] = [];
  private readonly escapeNext = [-1, -1];
  /** Whether a needle holds a character that a JSON encoder may escape. */
  private readonly escapable: boolean;
  /** Whether the read has a time range: skipped lines are then decoded for their time (`countLines`). */
  private readonly ranged: boolean;

  constructor(
    readonly decoder: LineDecoder,
    private readonly options: BatchOptions,
    private readonly issues: FileIssues,
    private readonly stats: ReadStatistics,
    /** The WebAssembly search, for buffers in its memory (engine/wasm/needle-scan.ts). */
    private readonly scanner?: NeedleScanner,
  ) {
    this.escapable = needlesMayBeEscaped(options.needles.map((n) => n.toString("latin1")));
    this.ranged = options.start > -Infinity || options.end < Infinity;
  }

  /** Decodes the line `[s, e)` of `view`, whose byte 0 is at file offset `base`; false when it needs the lead time. */
  line(view: Buffer, s: number, e: number, base: number, unterminated: boolean): boolean {
    // lineBounds inlined: this runs for every line of every scan.
    let end = e;
    if (end > s && view[end - 1] === 0x0d) end--;
    if (base + s === 0 && end - s >= 3 && view[0] === 0xef && view[1] === 0xbb && view[2] === 0xbf) s += 3;
    let content = s;
    while (content < end && (view[content] === 0x20 || view[content] === 0x09)) content++;
    if (content === end) return true;
    if (end - s > this.options.maxLineBytes) {
      this.issues.addOversized(base + s);
      return true;
    }
    const event = this.decoder.decode(view, s, content, end, base + s, unterminated);
    if (event === NEEDS_LEAD) return false;
    if (event === undefined) return true;
    const flow = this.options.flowRecords;
    if (flow === undefined) this.out.push(event);
    else {
      flow.event(event);
      this.issues.events++;
    }
    return true;
  }

  /** Decodes every complete line of `view[from..lastNL]`. */
  all(view: Buffer, lastNL: number, base: number, from: number): PassEnd {
    for (let pos = from; pos <= lastNL; ) {
      const nl = view.indexOf(NL, pos);
      if (!this.line(view, pos, nl, base, false)) return pos;
      pos = nl + 1;
    }
    return -1;
  }

  /** Decodes only the complete lines of `view[from..lastNL]` that may hold every needle. */
  withNeedles(view: Buffer, lastNL: number, base: number, from: number): PassEnd {
    if (this.scanner?.holds(view)) return this.withScanner(this.scanner, view, lastNL, base, from);
    const [primary, ...others] = this.options.needles;
    this.escapeNext[0] = this.escapeNext[1] = -1;
    let pos = from;
    while (pos <= lastNL) {
      let hit = view.indexOf(primary, pos);
      if (hit < 0) hit = Infinity;
      const escape = this.nextEscape(view, pos);
      const hidden = escape < hit;
      if (hidden) hit = escape;
      if (hit > lastNL) return this.skip(view, pos, lastNL + 1, base);
      const ls = hit === 0 ? 0 : view.lastIndexOf(NL, hit - 1) + 1;
      const le = view.indexOf(NL, hit);
      const skippedEnd = this.skip(view, pos, ls, base);
      if (skippedEnd >= 0) return skippedEnd;
      // A line found by an escape may hide a needle only if it is an envelope (or a needle may be escaped anywhere).
      const wanted = hidden
        ? this.escapable || this.isEnvelope(view, ls, le) || hasAll(view.subarray(ls, le), this.options.needles)
        : others.length === 0 || hasAll(view.subarray(ls, le), others);
      if (!wanted) {
        const lineEnd = this.skip(view, ls, le + 1, base);
        if (lineEnd >= 0) return lineEnd;
      } else if (!this.line(view, ls, le, base, false)) return ls;
      pos = le + 1;
    }
    return -1;
  }

  /**
   * `withNeedles` by the WebAssembly search, which finds the first needle or escape and counts
   * the lines before it in one pass (the same lines, by the same rule, as Node's search).
   */
  private withScanner(scanner: NeedleScanner, view: Buffer, lastNL: number, base: number, from: number): PassEnd {
    const { needles } = this.options;
    let pos = from;
    while (pos <= lastNL) {
      const hit = scanner.find(pos, lastNL + 1);
      if (hit < 0) return this.skip(view, pos, lastNL + 1, base, scanner);
      const ls = hit === 0 ? 0 : view.lastIndexOf(NL, hit - 1) + 1;
      const le = view.indexOf(NL, hit);
      const skippedEnd = this.skip(view, pos, ls, base, scanner);
      if (skippedEnd >= 0) return skippedEnd;
      const line = view.subarray(ls, le);
      const wanted =
        scanner.hitKind === Hit.escape
          ? this.escapable || this.isEnvelope(view, ls, le) || hasAll(line, needles)
          : needles.length === 1 || hasAll(line, needles);
      if (!wanted) {
        const lineEnd = this.skip(view, ls, le + 1, base);
        if (lineEnd >= 0) return lineEnd;
      } else if (!this.line(view, ls, le, base, false)) return ls;
      pos = le + 1;
    }
    return -1;
  }

  /**
   * Accounts for the whole lines `view[from, to)` that the needles skipped: -1, or (in a time
   * range) the position of a line that needs the lead time. `scanner` is the search that passed
   * them, whose counts are of `[from, to)`.
   */
  private skip(view: Buffer, from: number, to: number, base: number, scanner?: NeedleScanner): PassEnd {
    // An envelope's bytes are its message's, unescaped (what CloudWatch counts), not its line's:
    // a store's lines are decoded to be counted.
    if (this.ranged || this.decoder.envelopeFile) return this.countLines(view, from, to, base);
    if (scanner) this.counted(scanner, view, from, to, base);
    else this.skipped(view, from, to, base);
    return -1;
  }

  /**
   * Counts the lines `view[from, to)` by decoding them for their time (an envelope in the range
   * for its message) and making no event: a read with a time range counts only the events in it.
   * -1, or the position of a line that needs the lead time.
   */
  private countLines(view: Buffer, from: number, to: number, base: number): PassEnd {
    const before = this.stats.recordsScanned;
    this.decoder.countOnly = true;
    try {
      for (let pos = from; pos < to; ) {
        const nl = view.indexOf(NL, pos);
        if (!this.line(view, pos, nl, base, false)) return pos;
        pos = nl + 1;
      }
    } finally {
      this.decoder.countOnly = false;
      // The events a file's warning says were read, as a read without needles has them.
      this.issues.events += this.stats.recordsScanned - before;
    }
    return -1;
  }

  /**
   * What `skipped` counts of the whole lines `view[from, to)`, from the counts of the scanner's
   * search that passed them: a line for each newline but the blank ones, its bytes but the
   * newline, a CR before it and a blank line's spaces. A line longer than the longest allowed
   * holds one of the points `maxLineBytes + 1` apart from `from`, so those few lines are looked
   * at to take them out; a file's first line, which may start with a byte order mark, is counted
   * on its own. Lines that may be flow log headers are left to `skipped`.
   */
  private counted(scanner: NeedleScanner, view: Buffer, from: number, to: number, base: number): void {
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
  private skipped(view: Buffer, from: number, to: number, base: number): void {
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
        } else if (!(groups && this.isEnvelope(view, content, e))) {
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

  /** Whether the line `[s, e)` is read as an envelope (line-decoder.ts), by its bytes. */
  private isEnvelope(view: Buffer, s: number, e: number): boolean {
    return view[s] === OPEN_BRACE && (this.decoder.envelopeFile || mayBeEnvelope(view, s, e));
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

function hasAll(line: Buffer, needles: Buffer[]): boolean {
  for (const n of needles) if (line.indexOf(n) < 0) return false;
  return true;
}

/** Whether the line at `from` starts with a small letter after its spaces and tabs. */
function startsWithSmallLetter(view: Buffer, from: number, to: number): boolean {
  let p = from;
  while (p < to && (view[p] === SPACE || view[p] === TAB)) p++;
  return p < to && view[p] >= 0x61 && view[p] <= 0x7a;
}
