/** One figure of both sides of a comparison. */
export interface Change {
  /** null: the side has no such figure (no requests on the route, a status the log does not hold). */
  before: number | null;
  after: number | null;
  /** after - before; null unless both are known. */
  delta: number | null;
  /** after / before - 1; null unless both are known and before is not 0. */
  relative: number | null;
}

export function change(before: number | undefined | null, after: number | undefined | null): Change {
  const b = before ?? null;
  const a = after ?? null;
  return {
    before: b,
    after: a,
    delta: a === null || b === null ? null : atDigitsOf(a - b, Math.max(Math.abs(a), Math.abs(b))),
    relative: a === null || b === null || b === 0 ? null : atDigitsOf(a / b - 1, Math.max(Math.abs(a / b), 1)),
  };
}

/**
 * `value`, the difference of figures as large as `scale`, rounded at their 15th significant digit:
 * the subtraction cancels their leading digits and brings their doubles' last bits to the front
 * (75865.515 - 73770.1 is 2095.4149999999936), past what rounding the result to 15 digits hides.
 */
function atDigitsOf(value: number, scale: number): number {
  if (!Number.isFinite(value) || scale === 0) return value;
  const decimals = 14 - Math.floor(Math.log10(scale));
  return decimals > 100 ? value : Number(value.toFixed(Math.max(0, decimals)));
}
