/**
 * Nearest-rank percentile of values sorted ascending (p in 0..100): the smallest value with at
 * least p% of the values at or below it. Undefined for an empty list.
 */
export function percentileOfSorted(sorted: ArrayLike<number>, p: number): number | undefined {
  if (sorted.length === 0) return undefined;
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[Math.min(rank, sorted.length) - 1];
}

/** Rounds a duration for output: 3 decimals, as the TaskOverflow schema logs them. */
export function roundMs(ms: number): number {
  return Math.round(ms * 1000) / 1000;
}
