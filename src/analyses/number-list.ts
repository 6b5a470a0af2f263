/** Numbers appended one by one into a typed array that doubles as it fills (8 bytes a value). */
export class NumberList {
  private values = new Float64Array(16);
  length = 0;

  push(value: number): void {
    if (this.length === this.values.length) {
      const grown = new Float64Array(this.values.length * 2);
      grown.set(this.values);
      this.values = grown;
    }
    this.values[this.length++] = value;
  }

  /** An independent copy. */
  clone(): NumberList {
    const copy = new NumberList();
    copy.values = this.values.slice(0, Math.max(this.length, 1));
    copy.length = this.length;
    return copy;
  }

  /** Appends every value of `values`, in order. */
  append(values: Float64Array): void {
    for (let i = 0; i < values.length; i++) this.push(values[i]);
  }

  /** A sorted copy (ascending). */
  sorted(): Float64Array {
    return this.values.slice(0, this.length).sort();
  }

  /** The values in the order they were pushed. */
  view(): Float64Array {
    return this.values.subarray(0, this.length);
  }
}
