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
  /** Each id's value, as first added. */
  readonly values: Value[] = [];

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
    this.values.push(v);
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

  /**
   * The hash of the tuple at `tuple[at, at + width)`; its top `bits` bits are the slot its probe
   * starts at, so that a table grown since still finds it.
   */
  hash(tuple: Int32Array, at: number): number {
    const width = this.width;
    if (width === 2) {
      const b = tuple[at + 1];
      return Math.imul(tuple[at], 0x9e3779b1) ^ Math.imul(b ^ (b >>> 16), 0x85ebca6b);
    }
    let h = 0;
    for (let i = 0; i < width; i++) h = Math.imul(h ^ tuple[at + i], 0x9e3779b1) ^ (h >>> 15);
    return Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  }

  /** Where the slot holding the tuple at `tuple[at, ...)` of hash `h` starts, or the empty slot where it would go. */
  slot(tuple: Int32Array, at: number, h: number): number {
    const width = this.width;
    const stride = width + 1;
    const mask = (1 << this.bits) - 1;
    const slots = this.slots;
    for (let s = h >>> (32 - this.bits); ; s = (s + 1) & mask) {
      const from = s * stride;
      const first = slots[from];
      if (first === -1) return from;
      if (first === tuple[at]) {
        let i = 1;
        while (i < width && slots[from + i] === tuple[at + i]) i++;
        if (i === width) return from;
      }
    }
  }

  /**
   * The first int of the slot where a probe for hash `h` starts: read for a batch of rows before
   * their probes, so that their cache misses overlap rather than come one after another.
   */
  touch(h: number): number {
    return this.slots[(h >>> (32 - this.bits)) * (this.width + 1)];
  }

  /** The number stored for `tuple`, or -1. */
  find(tuple: Int32Array, at: number, h: number): number {
    const from = this.slot(tuple, at, h);
    return this.slots[from] === -1 ? -1 : this.slots[from + this.width];
  }

  /** Stores `n` for a tuple that `find` did not find. */
  add(tuple: Int32Array, at: number, h: number, n: number): void {
    // At most half full, so that probes stay short.
    if (2 * (this.size + 1) > 1 << this.bits) this.grow();
    const from = this.slot(tuple, at, h);
    for (let i = 0; i < this.width; i++) this.slots[from + i] = tuple[at + i];
    this.slots[from + this.width] = n;
    this.size++;
  }

  /** Every stored tuple, at `width` times its number, for numbers below `count`. */
  tuplesByNumber(count: number): Int32Array {
    const width = this.width;
    const stride = width + 1;
    const slots = this.slots;
    const tuples = new Int32Array(count * width);
    for (let from = 0; from < slots.length; from += stride) {
      if (slots[from] === -1) continue;
      const at = slots[from + width] * width;
      for (let i = 0; i < width; i++) tuples[at + i] = slots[from + i];
    }
    return tuples;
  }

  private grow(): void {
    const old = this.slots;
    const width = this.width;
    const stride = width + 1;
    this.bits++;
    this.slots = new Int32Array(stride << this.bits).fill(-1);
    for (let from = 0; from < old.length; from += stride) {
      if (old[from] === -1) continue;
      const at = this.slot(old, from, this.hash(old, from));
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
    return this.table!.find(tuple, 0, this.table!.hash(tuple, 0));
  }

  /** Numbers the group of `keys`, which `find` did not find: the next number. */
  add(keys: readonly Value[]): number {
    const width = this.width;
    const n = this.count++;
    if (width === 1) this.columns[0].add(keys[0]);
    else if (width > 1) {
      const tuple = this.tuple;
      for (let i = 0; i < width; i++) tuple[i] = this.columns[i].add(keys[i]);
      this.table!.add(tuple, 0, this.table!.hash(tuple, 0), n);
    }
    return n;
  }

  /**
   * A batch's first pass over a row (commands/stats-batch.ts; two key positions or more): the
   * ids of the keys at `keys[at, at + width)` into `ids` at the same places, values never seen
   * numbered now, and the tuple's hash.
   */
  idsOf(keys: readonly Value[], ids: Int32Array, at: number): number {
    for (let i = 0; i < this.width; i++) ids[at + i] = this.columns[i].add(keys[at + i]);
    return this.table!.hash(ids, at);
  }

  /** The id of value `v` at key position `k`, new if it was never seen there (`idsOf` for one key). */
  idOf(k: number, v: Value): number {
    return this.columns[k].add(v);
  }

  /** The value of id `id` at key position `k`, as first seen there. */
  valueOf(k: number, id: number): Value {
    return this.columns[k].values[id];
  }

  /** The hash of the ids at `ids[at, at + width)`, which `idOf` gave (`idsOf`, given ids). */
  hashIds(ids: Int32Array, at: number): number {
    return this.table!.hash(ids, at);
  }

  /** Reads where the probe for hash `h` starts (`TupleTable.touch`). */
  touch(h: number): number {
    return this.table!.touch(h);
  }

  /** The number of the group whose ids `idsOf` left at `ids[at, ...)` with hash `h`, or -1. */
  findIds(ids: Int32Array, at: number, h: number): number {
    return this.table!.find(ids, at, h);
  }

  /** Each key position's values by id (`idOf`), as first seen there. */
  values(): Value[][] {
    return this.columns.map((c) => c.values);
  }

  /** The ids of each group's keys (two key positions or more), `width` ints a group, by number. */
  groupIds(): Int32Array {
    return this.table!.tuplesByNumber(this.count);
  }

  /** Numbers the group of the ids at `ids[at, ...)`, which `findIds` did not find: the next number. */
  addIds(ids: Int32Array, at: number, h: number): number {
    const n = this.count++;
    this.table!.add(ids, at, h, n);
    return n;
  }
}
