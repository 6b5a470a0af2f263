import type { Value } from "../values.js";
import { toText } from "../functions/coerce.js";

/**
 * One string standing for a combination of values, for hashing `stats ... by` groups, distinct
 * counts and `dedup`. Types stay apart (the number 200 and the text "200" are different keys),
 * as they are different values.
 */
export function groupKey(values: Value[]): string {
  let key = "";
  for (const v of values) {
    if (v === null) key += "\u0001n";
    else if (typeof v === "string") key += "\u0001s" + v;
    else if (typeof v === "number") key += "\u0001d" + v;
    else if (typeof v === "boolean") key += "\u0001b" + v;
    else if (v instanceof Date) key += "\u0001t" + v.getTime();
    else key += "\u0001j" + toText(v);
  }
  return key;
}

type LevelKey = string | number | boolean | null;
type LevelMap<G> = Map<LevelKey, Level<G> | G>;

/** One key position of a `GroupIndex`: the next level, or the group at the last position. */
class Level<G> {
  /** Primitives as Map keys: SameValueZero keeps 200 and "200" apart, as `groupKey` does. */
  readonly primitives: LevelMap<G> = new Map();
  times: LevelMap<G> | undefined;
  structured: LevelMap<G> | undefined;
}

/**
 * Groups by a tuple of values without building a `groupKey` string per row (`stats ... by`
 * runs once per event): one Map per key position, keyed natively by primitives, by time for
 * Dates, by `groupKey` text for lists and maps. Tuples equal under `groupKey` find the same
 * group here.
 */
export class GroupIndex<G> {
  private readonly root = new Level<G>();
  /** The group of a stats without `by`. */
  private only: G | undefined;

  constructor(private readonly width: number) {}

  get(keys: readonly Value[]): G | undefined {
    if (this.width === 0) return this.only;
    let level = this.root;
    const last = this.width - 1;
    for (let i = 0; ; i++) {
      const v = keys[i];
      const found = mapOf(level, v)?.get(keyOf(v));
      if (found === undefined || i === last) return found as G | undefined;
      level = found as Level<G>;
    }
  }

  set(keys: readonly Value[], group: G): void {
    if (this.width === 0) {
      this.only = group;
      return;
    }
    let level = this.root;
    const last = this.width - 1;
    for (let i = 0; i < last; i++) {
      const map = newMapOf(level, keys[i]);
      const key = keyOf(keys[i]);
      let next = map.get(key) as Level<G> | undefined;
      if (next === undefined) map.set(key, (next = new Level<G>()));
      level = next;
    }
    newMapOf(level, keys[last]).set(keyOf(keys[last]), group);
  }
}

function mapOf<G>(level: Level<G>, v: Value): LevelMap<G> | undefined {
  if (v === null || typeof v !== "object") return level.primitives;
  return v instanceof Date ? level.times : level.structured;
}

function newMapOf<G>(level: Level<G>, v: Value): LevelMap<G> {
  if (v === null || typeof v !== "object") return level.primitives;
  return v instanceof Date ? (level.times ??= new Map()) : (level.structured ??= new Map());
}

function keyOf(v: Value): LevelKey {
  if (v === null || typeof v !== "object") return v;
  return v instanceof Date ? v.getTime() : groupKey([v]);
}
