import type { Value } from "../values.js";

/** A map or list value (from `jsonParse`, `split`, `values`, ...). */
export function isStructured(v: Value): v is Value[] | { [key: string]: Value } {
  return typeof v === "object" && v !== null && !(v instanceof Date);
}

// A decimal number written as text, as parsed fields and JSON strings hold them ("200", "3.5", "-1e3").
const NUMERIC_TEXT = /^\s*[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?\s*$/;

/** Whether a string reads as a number (the "both sides read as numbers" rule). */
export function isNumericText(s: string): boolean {
  return NUMERIC_TEXT.test(s);
}

/**
 * The number a value reads as, or null. Strings count when they are decimal numbers; booleans
 * are 1/0 (as CloudWatch prints them); timestamps are epoch milliseconds.
 */
export function toNumber(v: Value): number | null {
  // A JSON number beyond the double range (1e999) reads as an infinity, which is still a number.
  if (typeof v === "number") return Number.isNaN(v) ? null : v;
  if (typeof v === "string") return isNumericText(v) ? Number(v) : null;
  if (typeof v === "boolean") return v ? 1 : 0;
  if (v instanceof Date) return v.getTime();
  return null;
}

/**
 * The date at epoch milliseconds `ms`, or null where no date can be (NaN, or past the 8.64e15 ms
 * either side of 1970 that ECMAScript dates span): an invalid date has no time to order rows
 * by and no text to print.
 */
export function dateOrNull(ms: number): Date | null {
  return inDateRange(ms) ? new Date(ms) : null;
}

/** Whether `ms` is a time a date can hold (`dateOrNull`). */
export function inDateRange(ms: number): boolean {
  return ms >= -MAX_DATE_MS && ms <= MAX_DATE_MS;
}

const MAX_DATE_MS = 8.64e15;

/** Epoch milliseconds of a timestamp-like value (Date, epoch-ms number, ISO text), or null. */
export function toMillis(v: Value): number | null {
  if (v instanceof Date) return v.getTime();
  if (typeof v === "number") return Number.isFinite(v) ? v : null;
  if (typeof v === "string") {
    if (isNumericText(v)) return Number(v);
    const ms = Date.parse(v);
    return Number.isNaN(ms) ? null : ms;
  }
  return null;
}

/** `YYYY-MM-DD HH:mm:ss.SSS` in UTC: how results print timestamps and `bin()` keys. */
export function formatTimestamp(ms: number): string {
  // A log's rows come mostly in time order, many in the same second: that second's text is
  // kept, and only the milliseconds are written (a Date and its ISO text per row were 5% of an
  // analysis's CPU). Whole, non-negative times before the year 10000 only, where the layout is fixed.
  if (Number.isInteger(ms) && ms >= 0 && ms < YEAR_10000) {
    const second = ms - (ms % 1000);
    if (second !== lastSecond) {
      lastSecond = second;
      lastSecondText = isoTimestamp(second).slice(0, 20);
    }
    return lastSecondText + MILLIS[ms - second];
  }
  return isoTimestamp(ms);
}

function isoTimestamp(ms: number): string {
  const iso = new Date(ms).toISOString(); // 2026-01-02T03:04:05.678Z, +010000-01-01T00:00:00.000Z
  const t = iso.length === 24 ? 10 : iso.indexOf("T");
  return `${iso.slice(0, t)} ${iso.slice(t + 1, -1)}`;
}

const YEAR_10000 = 253402300800000;
const MILLIS = Array.from({ length: 1000 }, (_, i) => String(i).padStart(3, "0"));
let lastSecond = -1;
let lastSecondText = "";

/**
 * A number as results print it: integers without `.0`, others with up to 17 significant digits
 * and no exponent below 1e21. JavaScript's shortest round-trip form does both, but for a
 * magnitude below 1e-6, which it writes with an exponent (`3.0625e-7`): those digits are shifted
 * instead (`0.00000030625`).
 */
export function formatNumber(n: number): string {
  if (Object.is(n, -0)) return "0";
  const text = String(n);
  const at = text.indexOf("e-");
  if (at < 0) return text;
  const sign = n < 0 ? "-" : "";
  const digits = text.slice(sign.length, at).replace(".", "");
  return `${sign}0.${"0".repeat(Number(text.slice(at + 2)) - 1)}${digits}`;
}

/**
 * The text form of a value, as string functions, `like` and `parse` see it; null when missing.
 * Booleans read as `true`/`false` here so `found = "true"` matches a JSON `true`; they render
 * as 1/0 in results (see render.ts).
 */
export function toText(v: Value): string | null {
  if (v === null) return null;
  if (typeof v === "string") return v;
  if (typeof v === "number") return formatNumber(v);
  if (typeof v === "boolean") return v ? "true" : "false";
  if (v instanceof Date) return formatTimestamp(v.getTime());
  return JSON.stringify(v, (_key, inner: unknown) =>
    inner instanceof Date ? formatTimestamp(inner.getTime()) : inner,
  );
}

/** Truth of a value used as a condition (`filter`, `if`, `case`, `and`/`or`/`not`). */
export function isTruthy(v: Value): boolean {
  if (v === null) return false;
  if (typeof v === "boolean") return v;
  if (typeof v === "number") return v !== 0 && !Number.isNaN(v);
  if (typeof v === "string") return v.length > 0;
  return true;
}
