/**
 * Turns the complete lines of one buffer into events, every line or (with needles) only those
 * that may hold every needle. Each line is decoded on its own (line-decoder.ts).
 */
import type { ReadStatistics } from "../../engine/source.js";
import { NeedleEscapes } from "../../engine/needle-match.js";
import { Hit, type NeedleScanner } from "../../engine/wasm/needle-scan.js";
import type { FileIssues } from "./file-issues.js";
import { LineDecoder, NEEDS_LEAD, type DecodeOptions } from "./line-decoder.js";
import type { LocalEvent } from "./local-event.js";
import { isEnvelopeLine, SkippedLines } from "./skipped-lines.js";

const NL = 0x0a;
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
  /** Which escapes may hide a needle's character (engine/needle-match.ts). */
  private readonly escapes: NeedleEscapes;
  /** Whether the read has a time range: skipped lines are then decoded for their time (`countLines`). */
  private readonly ranged: boolean;
  private readonly skippedLines: SkippedLines;

  constructor(
    readonly decoder: LineDecoder,
    private readonly options: BatchOptions,
    private readonly issues: FileIssues,
    private readonly stats: ReadStatistics,
    /** The WebAssembly search, for buffers in its memory (engine/wasm/needle-scan.ts). */
    private readonly scanner?: NeedleScanner,
  ) {
    this.escapes = new NeedleEscapes(options.needles.map((n) => n.toString("latin1")));
    this.ranged = options.start > -Infinity || options.end < Infinity;
    this.skippedLines = new SkippedLines(decoder, options, issues, stats);
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
      // A line found by an escape may hide a needle if it is an envelope or the escape is of a
      // needle's character; one found by a needle, if another needle is missing but may be escaped.
      const line = view.subarray(ls, le);
      const wanted = hidden
        ? isEnvelopeLine(this.decoder, view, ls, le) || hasAll(line, this.options.needles) || this.escapes.mayHideIn(line)
        : others.length === 0 || hasAll(line, others) || this.escapes.mayHideIn(line);
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
          ? isEnvelopeLine(this.decoder, view, ls, le) || hasAll(line, needles) || this.escapes.mayHideIn(line)
          : needles.length === 1 || hasAll(line, needles) || this.escapes.mayHideIn(line);
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
    if (scanner) this.skippedLines.counted(scanner, view, from, to, base);
    else this.skippedLines.skipped(view, from, to, base);
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
