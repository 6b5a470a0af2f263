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
    if ((this.length + 1) * this.stride > this.data.length) this.grow();
    // Element by element: `set` from a plain array takes V8's generic path, which was the
    // costliest line of an analysis's fold (0.4 s of 4.6 s for latency over 200 MB).
    const at = this.length * this.stride;
    for (let i = 0; i < values.length; i++) this.data[at + i] = values[i];
    return this.length++;
  }

  /** A new record holding a copy of record `record` of `from` (of the same stride); returns its index. */
  addCopy(from: Records, record: number): number {
    if ((this.length + 1) * this.stride > this.data.length) this.grow();
    const at = this.length * this.stride;
    const source = record * this.stride;
    for (let i = 0; i < this.stride; i++) this.data[at + i] = from.data[source + i];
    return this.length++;
  }

  private grow(): void {
    const grown = new Float64Array(this.data.length * 2);
    grown.set(this.data);
    this.data = grown;
  }

  get(record: number, field: number): number {
    return this.data[record * this.stride + field];
  }

  set(record: number, field: number, value: number): void {
    this.data[record * this.stride + field] = value;
  }

  /** The records as plain data, for a part folded on another thread (part-folds.ts): its buffer can be transferred. */
  save(): SavedRecords {
    return { stride: this.stride, length: this.length, data: this.data.slice(0, Math.max(this.length, 1) * this.stride) };
  }

  /** Records saved by `save` (the array is taken over, not copied). */
  static restore(saved: SavedRecords): Records {
    const records = new Records(saved.stride, 1);
    records.data = saved.data;
    records.length = saved.length;
    return records;
  }

  /** An independent copy (a fold's state copied to work out an answer without changing it). */
  clone(): Records {
    const copy = new Records(this.stride, 1);
    copy.data = this.data.slice(0, Math.max(this.length, 1) * this.stride);
    copy.length = this.length;
    return copy;
  }
}

/** Records as plain data (`Records.save`). */
export interface SavedRecords {
  stride: number;
  length: number;
  data: Float64Array;
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

/**
 * Appends every record of `from` (of the same stride, records chained by their last field, with
 * time and order first) to `to` in one copy: their orders move up by `offset` and their links by
 * where they land. Returns that place, to add to an index of `from` to find it in `to` (a part
 * folded on another thread, merged: part-folds.ts).
 */
export function appendChains(to: Records, from: Records, offset: number): number {
  const base = to.length;
  const stride = to.stride;
  for (let i = 0; i < from.length; i++) {
    const record = to.addCopy(from, i);
    to.set(record, 1, from.get(i, 1) + offset);
    const link = from.get(i, stride - 1);
    if (link !== NONE) to.set(record, stride - 1, link + base);
  }
  return base;
}

/**
 * One chain of `records` from two: the one that starts at `head` (records appended later), then
 * the one that starts at `last`; returns its start. The chain's order is not kept: its readers
 * sort it by time and order, or take the least.
 */
export function joinChains(records: Records, head: number, last: number): number {
  if (head === NONE) return last;
  if (last === NONE) return head;
  const link = records.stride - 1;
  let oldest = head;
  while (records.get(oldest, link) !== NONE) oldest = records.get(oldest, link);
  records.set(oldest, link, last);
  return head;
}
