/**
 * Integers that a double cannot hold. A double keeps 15-17 significant digits, so the JSON
 * numbers 1234567890123456787 and 1234567890123456788 (ids beyond 2^53) both read as
 * 1234567890123456768: as doubles they would compare equal, fall in one `stats` group and print
 * alike. Such an integer keeps the text it was written as, which compares by its exact decimal
 * value (compare.ts, decimal.ts), groups and prints as written, and reads as the double in
 * arithmetic. Decision: DECISIONS.md, "numbers vs strings".
 */

/**
 * The value of a JSON number or a query's number literal written as `text` (a valid number):
 * its double, except for an integer written with digits only that is not a safe integer (beyond
 * ±(2^53 - 1), where neighbouring integers share a double), which keeps its text. A fraction or an
 * exponent reads as the double, as JSON readers take it (`1e999` an infinity, `1e-400` zero;
 * DECISIONS.md, "numbers beyond the double range").
 */
export function numberValue(text: string): number | string {
  const n = Number(text);
  return (n > Number.MAX_SAFE_INTEGER || n < -Number.MAX_SAFE_INTEGER) && DIGITS_ONLY.test(text) ? text : n;
}

const DIGITS_ONLY = /^-?\d+$/;

/** Beyond the safe integers: a JSON number read as this may have lost digits. */
export function isUnsafeNumber(n: number): boolean {
  return n > Number.MAX_SAFE_INTEGER || n < -Number.MAX_SAFE_INTEGER;
}

/**
 * Whether a parsed JSON value holds a number beyond the safe integers (one may have lost
 * digits). `Object.values` and an indexed loop: a `for...in` over each line's object took four
 * times as long (a third of a TaskOverflow line's `JSON.parse`).
 */
function holdsUnsafeNumber(v: unknown, depth: number): boolean {
  if (typeof v === "number") return isUnsafeNumber(v);
  // Discovery and jsonParse read no deeper than this (discover.ts, MAX_JSON_DEPTH).
  if (typeof v !== "object" || v === null || depth > 100) return false;
  const items: unknown[] = Array.isArray(v) ? v : Object.values(v);
  for (let i = 0; i < items.length; i++) if (holdsUnsafeNumber(items[i], depth + 1)) return true;
  return false;
}

const JSON_NUMBER = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][-+]?\d+)?$/;

/**
 * `JSON.parse`, except that an integer a double cannot hold (`numberValue`) becomes a string
 * holding its digits. Node 20's `JSON.parse` gives a reviver no source text, so the rare text
 * whose parse holds a number beyond the safe integers is parsed again, those integers quoted:
 * the usual line costs a look at its numbers.
 */
export function parseJsonExact(text: string): unknown {
  const value: unknown = JSON.parse(text);
  if (!holdsUnsafeNumber(value, 0)) return value;
  const quoted = quoteInexactNumbers(text);
  return quoted === text ? value : JSON.parse(quoted);
}

/**
 * `JSON.parse` where each integer a double cannot hold becomes `revive(text)`, for callers that
 * must tell it from a string (FilterLogEvents' numeric comparisons). Such integers are quoted
 * behind a NUL, which no string of the text holds unless it writes `\u0000`: that rare text is
 * parsed as it is.
 */
export function parseJsonReviving(text: string, revive: (written: string) => unknown): unknown {
  const value: unknown = JSON.parse(text);
  if (!holdsUnsafeNumber(value, 0) || text.includes("\\u0000")) return value;
  const marked = quoteInexactNumbers(text, "\\u0000");
  if (marked === text) return value;
  return JSON.parse(marked, (_key, v: unknown) => (typeof v === "string" && v.charCodeAt(0) === 0 ? revive(v.slice(1)) : v));
}

/** `text` with each integer outside strings that a double cannot hold put in quotes, after `mark`. */
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
      if (token.length >= UNSAFE_DIGITS && JSON_NUMBER.test(token) && typeof numberValue(token) === "string") {
        out += `${text.slice(copied, i)}"${mark}${token}"`;
        copied = end;
      }
      i = end - 1;
    }
  }
  return copied === 0 ? text : out + text.slice(copied);
}

/** The fewest characters of an integer beyond the safe ones (9007199254740992). */
const UNSAFE_DIGITS = 16;
const QUOTE = 34;
const BACKSLASH = 92;
const MINUS = 45;

/** Digits, `.`, `e`, `E`, `+`, `-`: what a JSON number is made of. */
function isNumberChar(c: number): boolean {
  return (c >= 48 && c <= 57) || c === 46 || c === 101 || c === 69 || c === 43 || c === 45;
}
