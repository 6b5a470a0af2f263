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
  if (typeof value === "number" && Number.isFinite(value)) return value < 1e11 ? value * 1000 : value;
  if (typeof value !== "string" || value.trim() === "") return undefined;
  if (/^\d+(\.\d+)?$/.test(value.trim())) return parseLooseTime(Number(value));
  const parsed = Date.parse(value);
  return Number.isNaN(parsed) ? undefined : parsed;
}

/** `2026-11-21T10:00:00.123Z` for whole or fractional epoch ms (fractions are dropped). */
export function isoTime(ms: number): string {
  return new Date(Math.floor(ms)).toISOString();
}
