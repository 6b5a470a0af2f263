import { isValid, parseISO } from "date-fns";
import { UsageError } from "../shared/errors.js";

/** Inclusive bounds in epoch ms; an absent bound is open (local files: all time). */
export interface TimeRange {
  start?: number;
  end?: number;
}

const RELATIVE = /^(\d+(?:w|d|h|m|s))+$/;
const RELATIVE_PART = /(\d+)(w|d|h|m|s)/g;
// Fixed lengths rather than calendar arithmetic: "1d" is 24 hours even across a DST change.
const UNIT_MS = { w: 604_800_000, d: 86_400_000, h: 3_600_000, m: 60_000, s: 1000 } as const;

/** `--since` / `--start` / `--end` as a time range, resolved against `now`. */
export function resolveTimeRange(args: { since?: string; start?: string; end?: string }, now: number): TimeRange {
  if (args.since !== undefined && (args.start !== undefined || args.end !== undefined)) {
    throw new UsageError("--since cannot be combined with --start or --end.", {
      hint: "Use --since 2h for the last two hours, or --start and --end for a fixed window.",
    });
  }
  if (args.since !== undefined) return wholeSeconds({ start: parseSince(args.since, now), end: now });
  const range: TimeRange = {};
  if (args.start !== undefined) range.start = parseTime("--start", args.start, now);
  if (args.end !== undefined) range.end = parseTime("--end", args.end, now);
  if (range.start !== undefined && range.end !== undefined && range.start > range.end) {
    throw new UsageError(`--start (${args.start}) is after --end (${args.end}).`, {
      hint: "Swap them, or give only --start to read up to the newest event.",
    });
  }
  return wholeSeconds(range);
}

/**
 * The range widened to whole seconds, from the start of its first to the end of its last:
 * CloudWatch's StartQuery takes whole seconds, both inclusive, so that is the window a query
 * on CloudWatch gets, and a query on local files gets the same one.
 */
function wholeSeconds(range: TimeRange): TimeRange {
  return {
    ...(range.start !== undefined ? { start: Math.floor(range.start / 1000) * 1000 } : {}),
    ...(range.end !== undefined ? { end: Math.floor(range.end / 1000) * 1000 + 999 } : {}),
  };
}

/**
 * `--since`: a duration ago (`2h30m`), or a point in time as `--start` takes it (`2026-11-21T10:00`),
 * either way up to now.
 */
function parseSince(value: string, now: number): number {
  const text = value.trim();
  const ago = parseRelative(text, now);
  if (ago !== undefined) return ago;
  try {
    return parseTime("--since", text, now);
  } catch {
    throw new UsageError(`--since "${value}" is not a duration or a time tolog understands.`, {
      hint:
        "Use a number and a unit, combined freely: 90s, 15m, 2h30m, 1d, 2w (units w d h m s); or a time such as " +
        "2026-11-21T10:00:00Z (until now). For a window that ends earlier, use --start and --end.",
    });
  }
}

/**
 * One point in time: ISO 8601 (a time without an offset is UTC, as log timestamps are), epoch
 * seconds (10 digits or fewer) or milliseconds, `now`, or a duration ago (`2h`, `1d12h`).
 */
export function parseTime(flag: string, value: string, now: number): number {
  const text = value.trim();
  if (text === "now") return now;
  if (/^\d+$/.test(text)) {
    const n = Number(text);
    return text.length <= 10 ? n * 1000 : n;
  }
  const relative = parseRelative(text, now);
  if (relative !== undefined) return relative;
  if (/^\d{4}-\d{2}-\d{2}/.test(text)) {
    const date = parseISO(withUtcDefault(text.replace(" ", "T")));
    if (isValid(date)) return date.getTime();
  }
  throw badTime(flag, value, "2026-11-21T10:00:00Z, 2026-11-21, 1763719200 (epoch s), 1763719200000 (epoch ms) or 2h (ago)");
}

/** `2h30m` -> now minus 2.5 hours; undefined when the text is not a duration. */
export function parseRelative(text: string, now: number): number | undefined {
  if (!RELATIVE.test(text)) return undefined;
  let ms = 0;
  for (const [, amount, unit] of text.matchAll(RELATIVE_PART)) ms += Number(amount) * UNIT_MS[unit as keyof typeof UNIT_MS];
  return now - ms;
}

function withUtcDefault(text: string): string {
  if (!text.includes("T")) return `${text}T00:00:00Z`;
  return /(Z|[+-]\d{2}:?\d{2})$/i.test(text) ? text : `${text}Z`;
}

function badTime(flag: string, value: string, good: string): UsageError {
  return new UsageError(`${flag} "${value}" is not a time tolog understands.`, { hint: `Use for example ${good}.` });
}
