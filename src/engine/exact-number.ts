import { compareDecimalText } from "./decimal.js";

/**
 * Numbers that a double cannot hold as written. A double keeps 15-17 significant digits, so the
 * JSON numbers 1234567890123456787 and 1234567890123456788 (ids beyond 2^53) both read as
 * 1234567890123456768: as doubles they would compare equal, fall in one `stats` group and print
 * alike. Such a number keeps the text it was written as, which compares by its exact decimal
 * value (compare.ts, decimal.ts), groups and prints as written, and reads as the double in
 * arithmetic. Decision: DECISIONS.md, "numbers vs strings".
 */

/** Below this magnitude a double holds fewer significant digits (subnormals), or none (0). */
const MIN_NORMAL = 2.2250738585072014e-308;

/**
 * The value of a JSON number or a query's number literal written as `text` (a valid number):
 * the double it reads as when that double prints back as the same decimal value (`String`, as
 * results print numbers), else `text`. A number beyond the double's range reads as the nearest
 * double, an infinity (1e999) or zero (1e-400), as decided for 1e999 (DECISIONS.md, "numbers
 * beyond the double range"). Within the range, at most 15 characters make at most 15
 * significant digits, which a double always holds: that common case costs one comparison.
 */
export function numberValue(text: string): number | string {
  const n = Number(text);
  if (text.length <= 15 || !Number.isFinite(n) || (n < MIN_NORMAL && n > -MIN_NORMAL)) return n;
  const printed = String(n);
  return printed === text || compareDecimalText(printed, text) === 0 ? n : text;
}

/**
 * Whether `text` may hold a number `numberValue` keeps as text: one with 16 significant digits
 * or more, whose mantissa is a run of 16 digits and dots at least. Such a run covers one of every
 * 16 positions, and with it the position 8 before or 8 after, so only those are looked at: a
 * regex trying every position (`/[\d.]{16}/`) took five times as long on TaskOverflow lines,
 * as long as half a `JSON.parse` of them.
 */
function mayHoldInexact(text: string): boolean {
  const n = text.length;
  for (let i = RUN - 1; i < n; i += RUN) {
    if (!isDigitOrDot(text.charCodeAt(i))) continue;
    if (!isDigitOrDot(text.charCodeAt(i - HALF)) && !isDigitOrDot(text.charCodeAt(i + HALF))) continue;
    let from = i;
    while (from > 0 && i - from < RUN && isDigitOrDot(text.charCodeAt(from - 1))) from--;
    let to = i + 1;
    while (to < n && to - from < RUN && isDigitOrDot(text.charCodeAt(to))) to++;
    if (to - from >= RUN) return true;
  }
  return false;
}

const RUN = 16;
const HALF = 8;

function isDigitOrDot(c: number): boolean {
  return (c >= 48 && c <= 57) || c === 46;
}

const JSON_NUMBER = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][-+]?\d+)?$/;

/**
 * `JSON.parse`, except that a number a double cannot hold as written (`numberValue`) becomes a
 * string holding its text. Node 20's `JSON.parse` gives a reviver no source text, so the rare
 * text that may hold one (`mayHoldInexact`) is rewritten first, quoting those numbers.
 */
export function parseJsonExact(text: string): unknown {
  return JSON.parse(mayHoldInexact(text) ? quoteInexactNumbers(text) : text);
}

/**
 * `JSON.parse` where each number a double cannot hold becomes `revive(text)`, for callers that
 * must tell it from a string (FilterLogEvents' numeric comparisons). Such numbers are quoted
 * behind a NUL, which no string of the text holds unless it writes `\u0000`: that rare text is
 * parsed as it is.
 */
export function parseJsonReviving(text: string, revive: (written: string) => unknown): unknown {
  if (!mayHoldInexact(text) || text.includes("\\u0000")) return JSON.parse(text);
  const marked = quoteInexactNumbers(text, "\\u0000");
  if (marked === text) return JSON.parse(text);
  return JSON.parse(marked, (_key, v: unknown) => (typeof v === "string" && v.charCodeAt(0) === 0 ? revive(v.slice(1)) : v));
}

/** `text` with each number outside strings that a double cannot hold put in quotes, after `mark`. */
export function quoteInexactNumbers(text: string, mark = ""): string {
  let out = "";
  let copied = 0;
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      for (i++; i < n; i++) {
        const d = text.charCodeAt(i);
        if (d === BACKSLASH) i++;
        else if (d === QUOTE) break;
      }
    } else if (c === MINUS || (c >= 48 && c <= 57)) {
      let end = i + 1;
      while (end < n && isNumberChar(text.charCodeAt(end))) end++;
      const token = text.slice(i, end);
      // Only a valid JSON number: quoting must not make invalid JSON valid (`0123...`).
      if (token.length >= RUN && JSON_NUMBER.test(token) && typeof numberValue(token) === "string") {
        out += `${text.slice(copied, i)}"${mark}${token}"`;
        copied = end;
      }
      i = end - 1;
    }
  }
  return copied === 0 ? text : out + text.slice(copied);
}

const QUOTE = 34;
const BACKSLASH = 92;
const MINUS = 45;

/** Digits, `.`, `e`, `E`, `+`, `-`: what a JSON number is made of. */
function isNumberChar(c: number): boolean {
  return (c >= 48 && c <= 57) || c === 46 || c === 101 || c === 69 || c === 43 || c === 45;
}
