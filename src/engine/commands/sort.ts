import type { Evaluator } from "../compile/types.js";
import type { Row } from "../record.js";
import type { Value } from "../values.js";
import { compareNatural } from "../compare.js";
import { isStructured } from "../functions/coerce.js";
import { blocking, type StageFactory, type TimeFloor } from "./stage.js";
import { TopN } from "./top-n.js";

export interface SortKeySpec {
  value: Evaluator;
  descending: boolean;
}

interface Entry {
  row: Row;
  keys: Value[];
}

/**
 * `sort k1 [asc|desc], ...` in the natural sort order; missing values (and maps, lists) go
 * last in either direction. Ties keep the incoming order, which for events no command has
 * ordered yet is the default one (`@timestamp` descending: `tieByTime`). With `keep` (a
 * `limit` right after, or the row cap) only the first `keep` rows are held.
 */
export function sortStage(keys: SortKeySpec[], keep?: number, tieByTime = false, onCut?: () => void): StageFactory {
  const compare = (a: Entry, b: Entry): number =>
    compareKeys(a.keys, b.keys, keys) || (tieByTime ? compareByTime(a.row, b.row) : 0);
  return blocking((next) => {
    const top = new TopN<Entry>(compare, keep);
    // With a limit, a row's keys are computed into this entry first: only a row that can get in
    // gets its own (`limit 20` over 3M events: two objects fewer per event for the collector).
    const probe: Entry = { row: undefined as unknown as Row, keys: keys.map(() => null) };
    const keepFirst = (row: Row): void => {
      const values = probe.keys;
      for (let i = 0; i < keys.length; i++) values[i] = keys[i].value(row);
      probe.row = row;
      if (top.admits(probe)) top.push({ row, keys: values.slice() });
    };
    return {
      push: keep === undefined ? (row) => top.add({ row, keys: keys.map((k) => k.value(row)) }) : keepFirst,
      end: () => {
        const kept = top.result();
        if (top.dropped) onCut?.();
        for (const e of kept) next.push(e.row);
        next.end();
      },
      snapshot: () => top.result().map((e) => e.row),
    };
  });
}

function compareKeys(a: Value[], b: Value[], keys: SortKeySpec[]): number {
  for (let i = 0; i < keys.length; i++) {
    const x = a[i];
    const y = b[i];
    const xMissing = x === null || isStructured(x);
    const yMissing = y === null || isStructured(y);
    if (xMissing || yMissing) {
      if (xMissing && yMissing) continue;
      return xMissing ? 1 : -1;
    }
    const c = compareNatural(x, y);
    if (c !== 0) return keys[i].descending ? -c : c;
  }
  return 0;
}

/**
 * The default order of rows that no sort or stats has ordered: `@timestamp` descending, ties
 * in scan order. `keep` bounds memory for the row cap and for `limit N` in this order; `onCut`
 * is told at the end when rows were left out for it.
 */
export function timeOrderStage(keep?: number, onCut?: () => void): StageFactory {
  return blocking((next, rt) => {
    const top = new TopN<Row>(compareByTime, keep);
    const shared = keep === undefined ? undefined : rt.floor;
    return {
      push: shared === undefined ? (row) => top.add(row) : sharingFloor(top, shared),
      end: () => {
        let kept = top.result();
        // Rows the threads' floor has passed since they came cannot be among the first either:
        // another thread holds `keep` rows at or after it. Cut as on arrival (so `onCut` is told).
        const floor = shared?.get() ?? Number.NEGATIVE_INFINITY;
        if (kept.length > 0 && kept[kept.length - 1].time() < floor) {
          kept = kept.filter((row) => row.time() >= floor);
          top.dropped = true;
        }
        if (top.dropped) onCut?.();
        for (const row of kept) next.push(row);
        next.end();
      },
      snapshot: () => top.result(),
    };
  });
}

/**
 * The default order's push in a run in parts: a row before the floor the threads share is left
 * out at once (counted as cut, as the row cap then cuts rows anyway); each time this thread's
 * kept rows change, the time of the last of them raises the floor. Without it a part read in
 * ascending time, the usual order of a log file, holds every row it reads for a while (each is
 * the newest so far), and the garbage collector copies them all.
 */
function sharingFloor(top: TopN<Row>, shared: TimeFloor): (row: Row) => void {
  let floor = shared.get();
  let pushed = 0;
  let last: Row | undefined;
  return (row) => {
    if ((++pushed & (FLOOR_READ_EVERY - 1)) === 0) floor = shared.get();
    if (row.time() < floor) {
      top.dropped = true;
      return;
    }
    top.add(row);
    if (top.last !== last) {
      last = top.last!;
      shared.raise(last.time());
    }
  };
}

/** Rows between two reads of the shared floor (a power of two). */
const FLOOR_READ_EVERY = 1024;

export function compareByTime(a: Row, b: Row): number {
  return b.time() - a.time() || a.seq - b.seq;
}
