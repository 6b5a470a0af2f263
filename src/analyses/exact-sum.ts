/**
 * A sum of floats that does not depend on the order they are added in: the correctly rounded
 * sum, as Python's `math.fsum` (Shewchuk's exact partials, then a rounding of them that is
 * right on ties). Folds that take lines as they stream add them in whatever order the query
 * hands them over (time slices, several files); a naive sum would differ in its last bits from
 * one order to the next, and a share computed from it with them.
 */
export class ExactSum {
  /** Non-overlapping partial sums, smallest magnitude first; their exact sum is the total. */
  private readonly partials: number[] = [];

  add(value: number): void {
    const { partials } = this;
    let x = value;
    let kept = 0;
    for (let i = 0; i < partials.length; i++) {
      let y = partials[i];
      if (Math.abs(x) < Math.abs(y)) [x, y] = [y, x];
      const hi = x + y;
      const lo = y - (hi - x);
      if (lo !== 0) partials[kept++] = lo;
      x = hi;
    }
    partials.length = kept;
    partials.push(x);
  }

  /** The total, correctly rounded. */
  value(): number {
    const { partials } = this;
    let n = partials.length;
    if (n === 0) return 0;
    let hi = partials[--n];
    let lo = 0;
    while (n > 0) {
      const x = hi;
      const y = partials[--n];
      hi = x + y;
      lo = y - (hi - x);
      if (lo !== 0) break;
    }
    // Round half to even: when the rest lies beyond the half-way point in lo's direction.
    if (n > 0 && ((lo < 0 && partials[n - 1] < 0) || (lo > 0 && partials[n - 1] > 0))) {
      const y = lo * 2;
      const x = hi + y;
      if (y === x - hi) hi = x;
    }
    return hi;
  }
}
