import type { RequestTiming } from "../request-timing.js";

/**
 * Requests in flight in each of `count` bins from `origin`: the average (request time inside
 * the bin over its width) and the most at any instant. One sweep over starts and ends; an end
 * and a start at the same instant do not overlap.
 */
export function inFlightPerBin(timings: readonly RequestTiming[], origin: number, binMs: number, count: number): { avg: number; max: number }[] {
  const out = Array.from({ length: count }, () => ({ avg: 0, max: 0 }));
  const limit = origin + count * binMs;
  const marks: { at: number; delta: number }[] = [];
  for (const timing of timings) {
    const start = Math.max(origin, timing.startedAt);
    const end = Math.min(limit, timing.endedAt);
    if (end <= start) continue;
    marks.push({ at: start, delta: 1 }, { at: end, delta: -1 });
  }
  marks.sort((a, b) => a.at - b.at || a.delta - b.delta);
  let current = 0;
  for (let i = 0; i < marks.length; i++) {
    current += marks[i].delta;
    const from = marks[i].at;
    const to = marks[i + 1]?.at ?? from;
    if (current === 0 || to <= from) continue;
    // The segment [from, to) has `current` requests in flight: spread it over the bins it crosses.
    for (let bin = Math.floor((from - origin) / binMs); bin < count && origin + bin * binMs < to; bin++) {
      const a = Math.max(from, origin + bin * binMs);
      const b = Math.min(to, origin + (bin + 1) * binMs);
      out[bin].avg += (current * (b - a)) / binMs;
      if (current > out[bin].max) out[bin].max = current;
    }
  }
  return out;
}
