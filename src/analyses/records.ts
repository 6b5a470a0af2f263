/**
 * Records of a few numbers each, packed in one Float64Array that doubles as it fills: the state
 * a fold keeps per request (or per line of a request) without an object for each. An object and
 * its boxed numbers cost several times the numbers, and the garbage collector walks every one
 * of them as the lines stream: on hundreds of thousands of requests, that was most of an
 * analysis's memory and time.
 */
export class Records {
  private data: Float64Array;
  length = 0;

  constructor(
    readonly stride: number,
    capacity = 256,
  ) {
    this.data = new Float64Array(stride * capacity);
  }

  /** A new record holding `values` (at most `stride` of them; the rest are 0); returns its index. */
  add(...values: number[]): number {
    if ((this.length + 1) * this.stride > this.data.length) {
      const grown = new Float64Array(this.data.length * 2);
      grown.set(this.data);
      this.data = grown;
    }
    // Element by element: `set` from a plain array takes V8's generic path, which was the
    // costliest line of an analysis's fold (0.4 s of 4.6 s for latency over 200 MB).
    const at = this.length * this.stride;
    for (let i = 0; i < values.length; i++) this.data[at + i] = values[i];
    return this.length++;
  }

  get(record: number, field: number): number {
    return this.data[record * this.stride + field];
  }

  set(record: number, field: number, value: number): void {
    this.data[record * this.stride + field] = value;
  }

  /** An independent copy (a fold's state copied to work out an answer without changing it). */
  clone(): Records {
    const copy = new Records(this.stride, 1);
    copy.data = this.data.slice(0, Math.max(this.length, 1) * this.stride);
    copy.length = this.length;
    return copy;
  }
}

/** No record: the end of a chain (records.ts chains each record to the one added before it for the same owner). */
export const NONE = -1;

/**
 * From a chain of line records (time, order, link to the one before), the time of the first line
 * after the one at (at, order); undefined when it was the last. What a statement without a
 * logged duration runs until (sql-executions.ts).
 */
export function nextLineAfter(lines: Records, head: number, at: number, order: number): number | undefined {
  let next: number | undefined;
  let nextOrder = 0;
  for (let i = head; i !== NONE; i = lines.get(i, 2)) {
    const time = lines.get(i, 0);
    const o = lines.get(i, 1);
    if (time < at || (time === at && o <= order)) continue;
    if (next === undefined || time < next || (time === next && o < nextOrder)) {
      next = time;
      nextOrder = o;
    }
  }
  return next;
}
