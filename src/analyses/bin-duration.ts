const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** `30s`, `1m`, `5m`, `1h` -> ms; undefined when the text is not such a duration. */
export function parseBinDuration(text: string): number | undefined {
  const match = /^(\d+)(ms|s|m|h|d)$/.exec(text.trim());
  if (!match) return undefined;
  const ms = Number(match[1]) * UNITS[match[2]];
  return ms > 0 ? ms : undefined;
}

/** Most bins one series may have: a narrower bin over a longer span is a usage mistake. */
export const MAX_BINS = 100_000;

/** The bin width asks for more than MAX_BINS bins over the data found. */
export class TooManyBinsError extends Error {
  constructor(readonly bins: number) {
    super(`${bins} bins: more than ${MAX_BINS}`);
    this.name = "TooManyBinsError";
  }
}

/** A bin width as `--by-time` takes it: `1h`, `5m`, `30s`, `1500ms` (the largest unit it is a whole number of). */
export function formatBinDuration(ms: number): string {
  for (const unit of ["d", "h", "m", "s"]) if (ms % UNITS[unit] === 0) return `${ms / UNITS[unit]}${unit}`;
  return `${ms}ms`;
}
