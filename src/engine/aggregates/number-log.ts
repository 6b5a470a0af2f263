/**
 * The numbers a partial accumulator (engine/parallel) saw, in order. Floating-point sums depend
 * on the order of their terms, so sum, avg, variance and stddev send their inputs, not a
 * running total, and the merging thread adds them exactly as one thread would have.
 */
export class NumberLog {
  private xs = new Float64Array(64);
  private n = 0;

  push(x: number): void {
    if (this.n === this.xs.length) {
      const grown = new Float64Array(this.n * 2);
      grown.set(this.xs);
      this.xs = grown;
    }
    this.xs[this.n++] = x;
  }

  values(): Float64Array {
    return this.xs.slice(0, this.n);
  }
}
