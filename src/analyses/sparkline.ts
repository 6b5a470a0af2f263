const BLOCKS = "▁▂▃▄▅▆▇█";

/**
 * One character per value, scaled from 0 to the largest value; missing values (no data in
 * that bin) are a space, so gaps stay visible.
 */
export function sparkline(values: readonly (number | undefined)[]): string {
  // A loop, not Math.max(...values): a long range has more bins than a call has room for arguments.
  let max = 0;
  for (const value of values) if (value !== undefined && value > max) max = value;
  return values
    .map((value) => {
      if (value === undefined) return " ";
      if (max === 0) return BLOCKS[0];
      return BLOCKS[Math.min(BLOCKS.length - 1, Math.floor((value / max) * (BLOCKS.length - 1) + 0.5))];
    })
    .join("");
}

/** At most `count` values, each the sum of a run of neighbours: a long series for a line of `count` characters. */
export function resample(values: readonly number[], count: number): number[] {
  if (values.length <= count) return [...values];
  const out = new Array<number>(count).fill(0);
  values.forEach((value, i) => (out[Math.floor((i * count) / values.length)] += value));
  return out;
}
