/**
 * Periods of `bin()`, `datefloor()`, `dateceil()` and `stats ... offset`. Fixed units are
 * epoch-aligned in UTC; calendar units (month, quarter, year) use UTC calendar boundaries;
 * weeks start on Monday (reference decisions: "week start day ... recommend Monday, verify").
 */
export type PeriodUnit = "ms" | "s" | "m" | "h" | "d" | "w" | "mo" | "q" | "y";

export interface Period {
  amount: number;
  unit: PeriodUnit;
}

const UNIT_NAMES: Record<string, PeriodUnit> = {
  ms: "ms", msec: "ms", millisecond: "ms",
  s: "s", sec: "s", second: "s",
  m: "m", min: "m", minute: "m",
  h: "h", hr: "h", hour: "h",
  d: "d", day: "d",
  w: "w", week: "w",
  mo: "mo", mon: "mo", month: "mo",
  q: "q", qtr: "q", quarter: "q",
  y: "y", yr: "y", year: "y",
};

/**
 * The documented caps: a larger amount silently becomes the cap (`bin(300s)` is 60 s). Caps
 * for days and longer are not documented, so there are none.
 */
export const PERIOD_CAPS: Partial<Record<PeriodUnit, number>> = { ms: 1000, s: 60, m: 60, h: 24 };

const UNIT_MS: Record<"ms" | "s" | "m" | "h" | "d" | "w", number> = {
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 7 * 86_400_000,
};

/** Epoch ms of the first Monday after the epoch (1970-01-05), where week bins are anchored. */
const FIRST_MONDAY_MS = 4 * 86_400_000;

/** The unit a written unit names (`mins`, `hrs`, `Q`, ...), or undefined. */
export function periodUnit(written: string): PeriodUnit | undefined {
  const lower = written.toLowerCase();
  if (lower in UNIT_NAMES) return UNIT_NAMES[lower];
  // Multi-letter forms may take a plural `s` (`mins`, `hrs`, `days`); `ms` is its own unit.
  if (lower.length > 2 && lower.endsWith("s")) return UNIT_NAMES[lower.slice(0, -1)];
  return undefined;
}

export function makePeriod(amount: number, unit: PeriodUnit): Period {
  const cap = PERIOD_CAPS[unit];
  return { amount: cap !== undefined && amount > cap ? cap : amount, unit };
}

/** Length in ms of a fixed period; undefined for calendar units. */
export function periodMillis(p: Period): number | undefined {
  return p.unit in UNIT_MS ? p.amount * UNIT_MS[p.unit as keyof typeof UNIT_MS] : undefined;
}

/** The start of the period that holds `ms`; `offset` shifts the boundaries. */
export function floorToPeriod(ms: number, p: Period, offset = 0): number {
  const t = ms - offset;
  const fixed = periodMillis(p);
  if (fixed !== undefined) {
    const anchor = p.unit === "w" ? FIRST_MONDAY_MS : 0;
    return Math.floor((t - anchor) / fixed) * fixed + anchor + offset;
  }
  const date = new Date(t);
  const months = date.getUTCFullYear() * 12 + date.getUTCMonth();
  const step = p.unit === "mo" ? p.amount : p.unit === "q" ? 3 * p.amount : 12 * p.amount;
  const start = Math.floor(months / step) * step;
  return Date.UTC(Math.floor(start / 12), start % 12, 1) + offset;
}

/** The smallest period boundary at or after `ms`. */
export function ceilToPeriod(ms: number, p: Period): number {
  const floor = floorToPeriod(ms, p);
  if (floor === ms) return ms;
  const fixed = periodMillis(p);
  if (fixed !== undefined) return floor + fixed;
  const date = new Date(floor);
  const step = p.unit === "mo" ? p.amount : p.unit === "q" ? 3 * p.amount : 12 * p.amount;
  return Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + step, 1);
}

/** Milliseconds of a period for `offset` (calendar units use their usual lengths). */
export function offsetMillis(p: Period): number {
  return periodMillis(p) ?? p.amount * { mo: 30, q: 91, y: 365 }[p.unit as "mo" | "q" | "y"] * 86_400_000;
}
