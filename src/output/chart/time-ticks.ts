/** Steps a time axis may be marked at, ms: round times a reader can count in. */
const STEPS = [
  1000, 2000, 5000, 10_000, 15_000, 30_000, 60_000, 120_000, 300_000, 600_000, 900_000, 1_800_000, 3_600_000, 7_200_000, 10_800_000, 21_600_000,
  43_200_000, 86_400_000, 172_800_000, 604_800_000,
];

/** Marks on a time axis from `start` to `end` at a round step, at most `most` of them. */
export function timeTicks(start: number, end: number, most: number): { ticks: number[]; stepMs: number } {
  const span = Math.max(1, end - start);
  const stepMs = STEPS.find((step) => span / step <= Math.max(1, most - 1)) ?? Math.ceil(span / Math.max(1, most - 1) / 86_400_000) * 86_400_000;
  const ticks: number[] = [];
  for (let t = Math.ceil(start / stepMs) * stepMs; t <= end; t += stepMs) ticks.push(t);
  if (ticks.length === 0) ticks.push(start);
  return { ticks, stepMs };
}

/** A mark's label, as short as the axis allows: `20:21:30`, `20:21`, `11-21 20:00`, `2026-11-21`. UTC. */
export function timeLabel(ms: number, stepMs: number, spanMs: number): string {
  const iso = new Date(ms).toISOString();
  const time = stepMs < 60_000 ? iso.slice(11, 19) : iso.slice(11, 16);
  if (spanMs < 86_400_000 && stepMs < 86_400_000) return time;
  if (stepMs >= 86_400_000) return iso.slice(0, 10);
  return `${iso.slice(5, 10)} ${time}`;
}
