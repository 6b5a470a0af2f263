import type { Value } from "../values.js";
import { toText } from "../functions/coerce.js";

/**
 * One string standing for a combination of values, for hashing `stats ... by` groups, distinct
 * counts and `dedup`. Types stay apart (the number 200 and the text "200" are different keys),
 * as they are different values. Each value starts with U+0001 and holds no other: a text that
 * holds one is written as JSON (which escapes it), else `["x\u0001sy", "z"]` and
 * `["x", "y\u0001sz"]` would join into the same key.
 */
export function groupKey(values: Value[]): string {
  let key = "";
  for (const v of values) {
    if (v === null) key += "\u0001n";
    else if (typeof v === "string") key += v.includes("\u0001") ? "\u0001e" + JSON.stringify(v) : "\u0001s" + v;
    else if (typeof v === "number") key += "\u0001d" + v;
    else if (typeof v === "boolean") key += "\u0001b" + v;
    else if (v instanceof Date) key += "\u0001t" + v.getTime();
    else key += "\u0001j" + toText(v);
  }
  return key;
}

type PrimitiveKey = string | number | boolean | null;

/** No primitive found yet (a symbol: no key equals it). */
const NOTHING_FOUND = Symbol("nothing found");

/**
 * Small integer ids of the values seen at one key position: two values get the same id exactly
 * when their `groupKey` texts are equal. Primitives are Map keys as they are (SameValueZero keeps
 * 200 and "200" apart), Dates by their time, lists and maps by their `groupKey` text.
 */
class ColumnIds {
  private readonly primitives = new Map<PrimitiveKey, number>();
  private times: Map<number, number> | undefined;
  private structured: Map<string, number> | undefined;
  private count = 0;

  /**
   * The last primitive or time found and its id: consecutive rows often share a key (a bin, a
   * status, a log's own address), and `===` is cheaper than a Map lookup. (-0 === 0, as in a Map.)
   */
  private lastPrimitive: unknown = NOTHING_FOUND;
  private lastTime = NaN;
  private lastPrimitiveId = -1;
  private lastTimeId = -1;

  /** The id of `v`, or -1 when it was never added. */
  find(v: Value): number {
    if (v === null || typeof v !== "object") {
      if (v === this.lastPrimitive) return this.lastPrimitiveId;
      const found = this.primitives.get(v);
      if (found === undefined) return -1;
      this.lastPrimitive = v;
      return (this.lastPrimitiveId = found);
    }
    if (v instanceof Date) {
      const time = v.getTime();
      if (time === this.lastTime) return this.lastTimeId;
      const found = this.times?.get(time);
      if (found === undefined) return -1;
      this.lastTime = time;
      return (this.lastTimeId = found);
    }
    return this.structured?.get(groupKey([v])) ?? -1;
  }

  /** The id of `v`, new if it was never added. */
  add(v: Value): number {
    const known = this.find(v);
    if (known >= 0) return known;
    const id = this.count++;
    if (v === null || typeof v !== "object") this.primitives.set(v, id);
    else if (v instanceof Date) (this.times ??= new Map()).set(v.getTime(), id);
    else (this.structured ??= new Map()).set(groupKey([v]), id);
    return id;
  }
}

/**
 * Group numbers by tuples of ids, open addressing in one typed array (each slot: the ids, then
 * the number): a lookup reads one or two slots, where a Map per key position (one inner Map per
 * distinct first key) scattered each row's lookup over memory (70,000 address pairs: most of a
 * VPC `stats ... by srcAddr, dstAddr`).
 */
class TupleTable {
  /** `width + 1` ints per slot; -1 first marks an empty slot. */
  private slots: Int32Array;
  private bits = 10;
  private size = 0;

  constructor(private readonly width: number) {
    this.slots = new Int32Array((width + 1) << this.bits).fill(-1);
  }

  /** Where the slot holding `tuple` starts, or the empty slot where it would go. */
  private slot(tuple: Int32Array): number {
    const width = this.width;
    if (width === 2) return this.slotOfPair(tuple[0], tuple[1]);
    let h = 0;
    for (let i = 0; i < width; i++) h = Math.imul(h ^ tuple[i], 0x9e3779b1) ^ (h >>> 15);
    const mask = (1 << this.bits) - 1;
    const slots = this.slots;
    for (let s = Math.imul(h ^ (h >>> 16), 0x85ebca6b) >>> (32 - this.bits); ; s = (s + 1) & mask) {
      const at = s * (width + 1);
      if (slots[at] === -1) return at;
      let i = 0;
      while (i < width && slots[at + i] === tuple[i]) i++;
      if (i === width) return at;
    }
  }

  /** `slot` for two key positions (the usual `by a, b`), without its loops. */
  private slotOfPair(a: number, b: number): number {
    const mask = (1 << this.bits) - 1;
    const slots = this.slots;
    for (let s = (Math.imul(a, 0x9e3779b1) ^ Math.imul(b ^ (b >>> 16), 0x85ebca6b)) >>> (32 - this.bits); ; s = (s + 1) & mask) {
      const at = s * 3;
      const first = slots[at];
      if (first === -1 || (first === a && slots[at + 1] === b)) return at;
    }
  }

  /** The number stored for `tuple`, or -1. */
  find(tuple: Int32Array): number {
    const at = this.slot(tuple);
    return this.slots[at] === -1 ? -1 : this.slots[at + this.width];
  }

  /** Stores `n` for a tuple that `find` did not find. */
  add(tuple: Int32Array, n: number): void {
    // At most half full, so that probes stay short.
    if (2 * (this.size + 1) > 1 << this.bits) this.grow();
    const at = this.slot(tuple);
    this.slots.set(tuple, at);
    this.slots[at + this.width] = n;
    this.size++;
  }

  private grow(): void {
    const old = this.slots;
    const width = this.width;
    const stride = width + 1;
    this.bits++;
    this.slots = new Int32Array(stride << this.bits).fill(-1);
    const tuple = new Int32Array(width);
    for (let from = 0; from < old.length; from += stride) {
      if (old[from] === -1) continue;
      for (let i = 0; i < width; i++) tuple[i] = old[from + i];
      const at = this.slot(tuple);
      for (let i = 0; i < stride; i++) this.slots[at + i] = old[from + i];
    }
  }
}

/**
 * Numbers the groups of tuples of values (0, 1, 2, ... in the order they are added) without
 * building a `groupKey` string per row (`stats ... by` runs once per event): each key position
 * maps its values to small ids (`ColumnIds`), and one flat table maps the tuple of ids to the
 * group's number (`TupleTable`); one key position needs no table, its ids are the numbers.
 * Tuples equal under `groupKey` get the same number.
 */
export class GroupIndex {
  private readonly columns: ColumnIds[] = [];
  private readonly table: TupleTable | undefined;
  private readonly tuple: Int32Array;
  private count = 0;

  constructor(private readonly width: number) {
    for (let i = 0; i < width; i++) this.columns.push(new ColumnIds());
    this.tuple = new Int32Array(width);
    if (width > 1) this.table = new TupleTable(width);
  }

  /** The number of the group of `keys`, or -1 when it was never added. */
  find(keys: readonly Value[]): number {
    const width = this.width;
    if (width === 0) return this.count - 1;
    const columns = this.columns;
    if (width === 1) return columns[0].find(keys[0]);
    const tuple = this.tuple;
    for (let i = 0; i < width; i++) {
      const id = columns[i].find(keys[i]);
      if (id < 0) return -1;
      tuple[i] = id;
    }
    return this.table!.find(tuple);
  }

  /** Numbers the group of `keys`, which `find` did not find: the next number. */
  add(keys: readonly Value[]): number {
    const width = this.width;
    const n = this.count++;
    if (width === 1) this.columns[0].add(keys[0]);
    else if (width > 1) {
      const tuple = this.tuple;
      for (let i = 0; i < width; i++) tuple[i] = this.columns[i].add(keys[i]);
      this.table!.add(tuple, n);
    }
    return n;
  }
}
