const BLOCKS = "▁▂▃▄▅▆▇█";

/**
 * One character per value, scaled from 0 to the largest value; missing values (no data in
 * that bin) are a space, so gaps stay visible.
 */
export function sparkline(values: readonly (number | undefined)[]): string {
  const max = Math.max(0, ...values.filter((value): value is number => value !== undefined));
  return values
    .map((value) => {
      if (value === undefined) return " ";
      if (max === 0) return BLOCKS[0];
      return BLOCKS[Math.min(BLOCKS.length - 1, Math.floor((value / max) * (BLOCKS.length - 1) + 0.5))];
    })
    .join("");
}
