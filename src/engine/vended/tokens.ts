import { numberValue } from "../exact-number.js";

/**
 * The blank-separated words of a log line, found by a scan of its characters: the vended text
 * formats (VPC flow logs, Route 53 query logs, Lambda's START/END/REPORT lines) are all words
 * separated by spaces or tabs, and a scan is several times cheaper than a split by a regex.
 */

/** Words of `text` into `out` (cleared first), at most `max`; returns the count, or `max + 1` when there are more. */
export function words(text: string, out: string[], max: number): number {
  let n = 0;
  let start = -1;
  const length = text.length;
  for (let i = 0; i <= length; i++) {
    const c = i < length ? text.charCodeAt(i) : 32;
    if (c === 32 || c === 9 || c === 10 || c === 13) {
      if (start >= 0) {
        if (n === max) return max + 1;
        out[n++] = text.slice(start, i);
        start = -1;
      }
    } else if (start < 0) start = i;
  }
  out.length = n;
  return n;
}

/**
 * The text of `text`'s characters `[from, to)`, the same string object as last time when the
 * same characters came before: a flow log repeats its addresses, actions and statuses on
 * millions of lines, and a repeated value then costs no string to make and none to collect,
 * and its hash, once V8 computed it for a Map lookup (a `stats ... by` group), is kept with it.
 * A fixed number of slots, the last value of each kept: memory stays bounded whatever the text.
 */
export class WordInterner {
  private readonly known: Array<string | undefined> = new Array<string | undefined>(1 << 12).fill(undefined);

  of(text: string, from: number, to: number): string {
    let h = 0;
    for (let k = from; k < to; k++) h = Math.imul(h ^ text.charCodeAt(k), 0x01000193);
    const slot = (h ^ (h >>> 13)) & 0xfff;
    const known = this.known[slot];
    if (known !== undefined && known.length === to - from) {
      let k = 0;
      while (k < known.length && known.charCodeAt(k) === text.charCodeAt(from + k)) k++;
      if (k === known.length) return known;
    }
    const word = text.slice(from, to);
    this.known[slot] = word;
    return word;
  }
}

/** Whether `s` is one or more ASCII digits. */
export function isDigits(s: string): boolean {
  if (s.length === 0) return false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

/** A plain decimal (`102.25`, `103`): digits with at most one fraction. */
export function isDecimal(s: string): boolean {
  const dot = s.indexOf(".");
  if (dot < 0) return isDigits(s);
  return isDigits(s.slice(0, dot)) && isDigits(s.slice(dot + 1));
}

/**
 * The value of a digits-only string, without `Number()`'s parsing (at most 15 digits stay
 * exact); a longer one a double cannot hold stays text, as a JSON number would (`numberValue`).
 */
export function digitsValue(s: string): number | string {
  if (s.length > 15) return numberValue(s);
  let v = 0;
  for (let i = 0; i < s.length; i++) v = v * 10 + (s.charCodeAt(i) - 48);
  return v;
}

const IPV4_PART = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/;

/** An IPv4 or IPv6 address as VPC and Route 53 logs write them (an IPv6 one has two colons at least). */
export function isIpAddress(s: string): boolean {
  if (s.indexOf(":") >= 0) return /^[0-9a-fA-F:.]+$/.test(s) && s.indexOf(":") !== s.lastIndexOf(":");
  const parts = s.split(".");
  return parts.length === 4 && parts.every((p) => IPV4_PART.test(p));
}

/** The start of `text`, at most `max` characters, for a message that quotes a line. */
export function sample(text: string, max = 100): string {
  const line = text.replace(/\s+/g, " ").trim();
  return line.length <= max ? line : `${line.slice(0, max - 1)}…`;
}
