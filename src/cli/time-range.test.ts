import { describe, expect, it } from "vitest";
import { UserError } from "../shared/errors.js";
import { parseRelative, parseTime, resolveTimeRange } from "./time-range.js";

const NOW = Date.UTC(2026, 10, 21, 12);

describe("time range", () => {
  it("covers whole seconds, the first from its start and the last to its end, as CloudWatch's StartQuery takes them", () => {
    const t = Date.UTC(2026, 10, 21, 10);
    expect(resolveTimeRange({ start: String(t + 1250), end: String(t + 2250) }, NOW)).toEqual({ start: t + 1000, end: t + 2999 });
    expect(resolveTimeRange({ start: "2026-11-21T10:00:00Z", end: "2026-11-21T10:05:00Z" }, NOW)).toEqual({ start: t, end: t + 300_999 });
    expect(resolveTimeRange({ since: "90s" }, NOW + 500)).toEqual({ start: NOW - 90_000, end: NOW + 999 });
  });

  it("reads relative durations with combined units", () => {
    expect(parseRelative("2h30m", NOW)).toBe(NOW - 9_000_000);
    expect(parseRelative("1d", NOW)).toBe(NOW - 86_400_000);
    expect(parseRelative("1w2d", NOW)).toBe(NOW - 9 * 86_400_000);
    expect(parseRelative("90s", NOW)).toBe(NOW - 90_000);
    expect(parseRelative("2x", NOW)).toBeUndefined();
    expect(parseRelative("h", NOW)).toBeUndefined();
  });

  it("reads ISO 8601 as UTC unless it has an offset, epoch s and ms, now", () => {
    expect(parseTime("--start", "2026-11-21T10:00:00Z", NOW)).toBe(Date.UTC(2026, 10, 21, 10));
    expect(parseTime("--start", "2026-11-21T10:00:00", NOW)).toBe(Date.UTC(2026, 10, 21, 10));
    expect(parseTime("--start", "2026-11-21 10:00:00.250", NOW)).toBe(Date.UTC(2026, 10, 21, 10, 0, 0, 250));
    expect(parseTime("--start", "2026-11-21T10:00:00+02:00", NOW)).toBe(Date.UTC(2026, 10, 21, 8));
    expect(parseTime("--start", "2026-11-21", NOW)).toBe(Date.UTC(2026, 10, 21));
    expect(parseTime("--start", "1795255200", NOW)).toBe(1795255200000);
    expect(parseTime("--start", "1795255200123", NOW)).toBe(1795255200123);
    expect(parseTime("--end", "now", NOW)).toBe(NOW);
    expect(parseTime("--start", "3h", NOW)).toBe(NOW - 3 * 3_600_000);
  });

  it("rejects other forms, naming the flag and the value", () => {
    for (const bad of ["yesterday", "2026-13-45", "21/11/2026", ""]) {
      expect(() => parseTime("--start", bad, NOW)).toThrow(`--start "${bad}" is not a time tolog understands.`);
    }
  });

  it("--since ends now; it excludes --start/--end; start must not be after end", () => {
    expect(resolveTimeRange({ since: "1h" }, NOW)).toEqual({ start: NOW - 3_600_000, end: NOW + 999 });
    expect(resolveTimeRange({}, NOW)).toEqual({});
    expect(() => resolveTimeRange({ since: "1h", start: "2h" }, NOW)).toThrow(UserError);
    expect(() => resolveTimeRange({ start: "1h", end: "2h" }, NOW)).toThrow("--start (1h) is after --end (2h).");
  });
});
