/**
 * The (time, order) of one request's lines other than statement parameters, kept as they stream,
 * for the statements whose duration is the gap to the request's next line (producers that log
 * none, sql-executions.ts). `order` breaks ties of time as EventSink defines it.
 */
export class LineTimes {
  private readonly times: number[] = [];

  add(at: number, order: number): void {
    this.times.push(at, order);
  }

  /** The time of the request's first line after the one at (at, order); undefined when it was the last. */
  nextAfter(at: number, order: number): number | undefined {
    let next: number | undefined;
    let nextOrder = 0;
    for (let i = 0; i < this.times.length; i += 2) {
      const time = this.times[i];
      const o = this.times[i + 1];
      if (time < at || (time === at && o <= order)) continue;
      if (next === undefined || time < next || (time === next && o < nextOrder)) {
        next = time;
        nextOrder = o;
      }
    }
    return next;
  }
}

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

  /** A sorted copy (ascending). */
  sorted(): Float64Array {
    return this.values.slice(0, this.length).sort();
  }

  /** The values in the order they were pushed. */
  view(): Float64Array {
    return this.values.subarray(0, this.length);
  }
}
