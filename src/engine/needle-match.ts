/**
 * How a source applies `ReadOptions.needles` to an event's raw text. A needle is printable
 * ASCII without `"` or `\`. JSON may write any character of a value as `\u00XX` (encoders do so
 * for `<`, `>`, `&` and `'`; seldom for a letter, but the grammar allows it, and a line that
 * does must not be lost), and `/` as `\/` too. A text holding such an escape of a character of
 * a needle therefore always passes.
 */

const BACKSLASH = 0x5c;
const SLASH = 0x2f;
const SMALL_U = 0x75;
const ZERO = 0x30;
const U00 = "\\u00";

/** Which characters of the needles an escape may stand for, and whether a text holds such an escape. */
export class NeedleEscapes {
  /** By code: 1 for a character of some needle. */
  private readonly chars = new Uint8Array(128);

  constructor(needles: readonly string[]) {
    for (const n of needles) for (let i = 0; i < n.length; i++) if (n.charCodeAt(i) < 128) this.chars[n.charCodeAt(i)] = 1;
  }

  /** Whether `text` holds an escape of a needle's character. */
  mayHide(text: string): boolean {
    if (this.chars[SLASH] === 1 && text.includes("\\/")) return true;
    for (let at = text.indexOf(U00); at >= 0; at = text.indexOf(U00, at + 1)) {
      if (this.hides(hexByte(text.charCodeAt(at + 4), text.charCodeAt(at + 5)))) return true;
    }
    return false;
  }

  /**
   * Whether the bytes of one line hold an escape of a needle's character. Given the line alone:
   * a search from a line's start through the rest of its read buffer (up to 1 MiB for each line,
   * most of which hold no backslash) made a query with two needles twice as slow.
   */
  mayHideIn(line: Buffer): boolean {
    const end = line.length;
    for (let at = line.indexOf(BACKSLASH); at >= 0; at = line.indexOf(BACKSLASH, at + 1)) {
      const next = line[at + 1];
      if (next === SLASH && this.chars[SLASH] === 1) return true;
      if (next === SMALL_U && line[at + 2] === ZERO && line[at + 3] === ZERO && at + 5 < end && this.hides(hexByte(line[at + 4], line[at + 5]))) return true;
    }
    return false;
  }

  private hides(code: number): boolean {
    return code >= 0 && code < 128 && this.chars[code] === 1;
  }
}

function hexDigit(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  const lower = c | 0x20;
  return lower >= 0x61 && lower <= 0x66 ? lower - 0x61 + 10 : -1;
}

function hexByte(high: number, low: number): number {
  const h = hexDigit(high);
  const l = hexDigit(low);
  return h < 0 || l < 0 ? -1 : h * 16 + l;
}

/** Each needle list's escapes, made once: a source asks for every event. */
const escapesOf = new WeakMap<readonly string[], NeedleEscapes>();

/** Whether an event whose raw text is `text` may hold every needle (the rule every source follows). */
export function mayHoldNeedles(text: string, needles: readonly string[]): boolean {
  for (const n of needles) {
    if (text.includes(n)) continue;
    let escapes = escapesOf.get(needles);
    if (escapes === undefined) escapesOf.set(needles, (escapes = new NeedleEscapes(needles)));
    return escapes.mayHide(text);
  }
  return true;
}
