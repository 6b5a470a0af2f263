/**
 * Timestamps as the analyses see them: epoch milliseconds (fractions allowed, for producers
 * that log sub-millisecond times such as the course practical's epoch-seconds floats).
 */

const RESULT_TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?Z?$/;

/** Parses `@timestamp` as GetQueryResults renders it (`YYYY-MM-DD HH:mm:ss.SSS`, UTC). */
export function parseResultTimestamp(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const match = RESULT_TIMESTAMP.exec(text.trim());
  if (!match) return parseLooseTime(text);
  const [, y, mo, d, h, mi, s, frac = "0"] = match;
  const ms = Number(`0.${frac}`) * 1000;
  return Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s)) + ms;
}

/**
 * A producer's own time field: ISO 8601 text, or epoch seconds / milliseconds as a number
 * (or digits). Epoch values below 1e11 are seconds (1e11 s is the year 5138).
 */
export function parseLooseTime(value: unknown): number | undefined {
  if (typeof value === "string") {
    const fast = isoMillis(value);
    if (fast !== undefined) return fast;
  }
  if (typeof value === "number" && Number.isFinite(value)) return value < 1e11 ? value * 1000 : value;
  if (typeof value !== "string" || value.trim() === "") return undefined;
  if (/^\d+(\.\d+)?$/.test(value.trim())) return parseLooseTime(Number(value));
  const parsed = Date.parse(value);
  return Number.isNaN(parsed) ? undefined : parsed;
}

/** The day of the last ISO time read (`YYYY-MM-DD`), and its midnight in epoch ms. */
let lastDay = "";
let lastDayMs = 0;

/**
 * `YYYY-MM-DDTHH:mm:ss.sssZ` (TaskOverflow's `timestamp`, on every line of an analysis) read by
 * hand: its day's midnight as Date.parse gives it (kept from the line before, which nearly
 * always has the same day), plus the time of day. Undefined for any other text, or a time of
 * day out of its usual ranges, which go through Date.parse as before (a property test holds
 * this to Date.parse).
 */
function isoMillis(value: string): number | undefined {
  if (value.length !== 24 || value.charCodeAt(10) !== 84 || value.charCodeAt(23) !== 90) return undefined;
  if (value.charCodeAt(4) !== 45 || value.charCodeAt(7) !== 45 || value.charCodeAt(13) !== 58 || value.charCodeAt(16) !== 58 || value.charCodeAt(19) !== 46) return undefined;
  for (const i of DIGITS) {
    const c = value.charCodeAt(i);
    if (c < 48 || c > 57) return undefined;
  }
  const two = (i: number) => (value.charCodeAt(i) - 48) * 10 + value.charCodeAt(i + 1) - 48;
  const hours = two(11);
  const minutes = two(14);
  const seconds = two(17);
  if (hours > 23 || minutes > 59 || seconds > 59) return undefined;
  if (!value.startsWith(lastDay) || lastDay === "") {
    const day = value.slice(0, 10);
    const midnight = Date.parse(`${day}T00:00:00.000Z`);
    if (Number.isNaN(midnight)) return undefined;
    lastDay = day;
    lastDayMs = midnight;
  }
  const millis = (value.charCodeAt(20) - 48) * 100 + two(21);
  return lastDayMs + ((hours * 60 + minutes) * 60 + seconds) * 1000 + millis;
}

/** Where `isoMillis` wants a digit. */
const DIGITS = [0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15, 17, 18, 20, 21, 22];

/** `2026-11-21T10:00:00.123Z` for whole or fractional epoch ms (fractions are dropped). */
export function isoTime(ms: number): string {
  return new Date(Math.floor(ms)).toISOString();
}
