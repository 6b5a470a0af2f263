import type { Value } from "./values.js";
import { isNumericText, isStructured, toNumber, toText } from "./functions/coerce.js";
import { compareDecimalText, compareNumberWithText } from "./decimal.js";

/**
 * Comparison for operators (`=`, `<`, `in`, ...). Decision (reference table, "numbers vs
 * strings"): numeric when both sides read as numbers, else as strings. Numbers written as text
 * compare by their exact decimal value, not as doubles, so that a value always equals itself
 * (`"8e91234"`, beyond the double range) and two different digit strings never compare equal
 * (19-digit ids, beyond 2^53). Returns null when the values cannot be compared (a missing
 * value, a map or a list): every comparison is then false.
 */
export function compareLoose(a: Value, b: Value): number | null {
  if (a === null || b === null || isStructured(a) || isStructured(b)) return null;
  if (a === b) return 0;
  const x = toNumber(a);
  const y = toNumber(b);
  if (x !== null && y !== null) {
    // Rounding to doubles keeps order, so doubles that differ decide; equal ones may stand for
    // different decimals.
    if (x < y) return -1;
    if (x > y) return 1;
    const aText = typeof a === "string";
    const bText = typeof b === "string";
    if (aText && bText) return compareDecimalText(a, b);
    if (aText && typeof b === "number") return -compareNumberWithText(b, a);
    if (bText && typeof a === "number") return compareNumberWithText(a, b);
    return 0;
  }
  const s = toText(a) as string;
  const t = toText(b) as string;
  return s < t ? -1 : s > t ? 1 : 0;
}

export function equalsLoose(a: Value, b: Value): boolean {
  return compareLoose(a, b) === 0;
}

/**
 * The sort order of `sort`, `min`/`max`, `sortsFirst`/`sortsLast`, ascending. The documented
 * natural sort: values that read as numbers (typed numbers, timestamps, digit-only text) come
 * after every other value and compare numerically; other text compares run by run (digit runs
 * by length, then value; other runs by code point). Missing values are handled by callers
 * (they sort last in both directions).
 */
export function compareNatural(a: Value, b: Value): number {
  const x = sortNumber(a);
  const y = sortNumber(b);
  if (x !== null && y !== null) {
    if (x < y) return -1;
    if (x > y) return 1;
    // Equal doubles: the exact decimals decide (ids beyond 2^53), then the text.
    const s = toText(a) ?? "";
    const t = toText(b) ?? "";
    return s === t ? 0 : compareDecimalText(s, t) || compareCodePoints(s, t);
  }
  if (x !== null) return 1;
  if (y !== null) return -1;
  return compareTextRuns(toText(a) ?? "", toText(b) ?? "");
}

// Decimals and negatives written as text sort as numbers too (the docs leave them UNSURE; a
// parsed latency "3.5" must sort below "12.25").
function sortNumber(v: Value): number | null {
  if (typeof v === "string") return isNumericText(v) ? Number(v) : null;
  if (isStructured(v)) return null;
  return toNumber(v);
}

const RUN = /\d+|\D+/g;

function compareTextRuns(a: string, b: string): number {
  const ra = a.match(RUN) ?? [];
  const rb = b.match(RUN) ?? [];
  const n = Math.min(ra.length, rb.length);
  for (let i = 0; i < n; i++) {
    const p = ra[i];
    const q = rb[i];
    if (p === q) continue;
    if (isDigit(p) && isDigit(q)) {
      if (p.length !== q.length) return p.length - q.length;
      return p < q ? -1 : 1;
    }
    return compareCodePoints(p, q);
  }
  return ra.length - rb.length;
}

function isDigit(run: string): boolean {
  const c = run.charCodeAt(0);
  return c >= 48 && c <= 57;
}

function compareCodePoints(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Decision: values whose numbers are equal but which differ (0 and -0, 5 and "5", "5" and "5.0")
 * are ordered by kind (numbers, -0 first as a native sort puts it; then text, by code unit; then
 * booleans; then dates), not by arrival, so that `pct`, `min` and `max` give one answer whatever
 * order their rows come in, as a thread reading morsels in turn needs (engine/parallel/morsels.ts).
 * Equal numbers that are the same value (most ties) need no order.
 */
export function tieOrder(a: Value, b: Value): number {
  const kind = kindOf(a) - kindOf(b);
  if (kind !== 0) return kind;
  if (typeof a === "number") return Object.is(a, -0) === Object.is(b, -0) ? 0 : Object.is(a, -0) ? -1 : 1;
  if (typeof a === "string") return a < (b as string) ? -1 : a > (b as string) ? 1 : 0;
  return 0;
}

function kindOf(v: Value): number {
  return typeof v === "number" ? 0 : typeof v === "string" ? 1 : typeof v === "boolean" ? 2 : 3;
}
