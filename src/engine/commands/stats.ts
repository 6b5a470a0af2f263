import type { Evaluator } from "../compile/types.js";
import type { Accumulator } from "../aggregates/registry.js";
import type { Value } from "../values.js";
import { Row } from "../record.js";
import { groupKey } from "../aggregates/group-key.js";
import { blocking, type StageFactory } from "./stage.js";

export interface StatsSpec {
  /** Group-by columns; `bin` marks a `bin()` key (it decides the output order). */
  by: Array<{ name: string; value: Evaluator; bin: boolean }>;
  /** One accumulator factory per aggregate call, and the hidden field its result is read from. */
  aggregates: Array<{ slot: string; create: () => Accumulator }>;
  /** The stats items, in order; each may read the aggregate slots and earlier items. */
  items: Array<{ name: string; value: Evaluator }>;
  /**
   * The `by` index whose value later commands see as `@timestamp` (the first bin() key), so
   * that the documented `stats ... by bin(5m) | sort @timestamp` works; not an output column.
   */
  timestampKey?: number;
}

/**
 * Decision (reference table, "order of stats output with no sort"): groups that have a bin()
 * key come out by bin time descending; otherwise in first-seen order.
 */
export function statsOutputOrder(groups: Group[], by: StatsSpec["by"]): Group[] {
  const binIndex = by.findIndex((b) => b.bin);
  if (binIndex < 0) return groups;
  const time = (g: Group): number => {
    const v = g.keys[binIndex];
    return v instanceof Date ? v.getTime() : Number.NEGATIVE_INFINITY;
  };
  return groups.slice().sort((a, b) => time(b) - time(a) || a.first - b.first);
}

/**
 * Decision: a stats with no `by` over no rows returns no row (CloudWatch shows "no data"
 * rather than a zero count, as far as known). One constant to flip.
 */
export const EMPTY_INPUT_GIVES_ROW = false;

export interface Group {
  keys: Value[];
  accumulators: Accumulator[];
  first: number;
}

export function statsStage(spec: StatsSpec): StageFactory {
  return blocking((next) => {
    const groups = new Map<string, Group>();
    const rows = (): Row[] => {
      if (groups.size === 0 && spec.by.length === 0 && EMPTY_INPUT_GIVES_ROW) newGroup([]);
      return statsOutputOrder([...groups.values()], spec.by).map((g, i) => outputRow(g, i));
    };
    const newGroup = (keys: Value[]): Group => {
      const g = { keys, accumulators: spec.aggregates.map((a) => a.create()), first: groups.size };
      groups.set(groupKey(keys), g);
      return g;
    };
    const by = spec.by;
    const scratch: Value[] = new Array<Value>(by.length);
    return {
      push: (row) => {
        for (let i = 0; i < by.length; i++) scratch[i] = by[i].value(row);
        const g = groups.get(groupKey(scratch)) ?? newGroup(scratch.slice());
        const accumulators = g.accumulators;
        for (let i = 0; i < accumulators.length; i++) accumulators[i].add(row);
      },
      end: () => {
        for (const row of rows()) next.push(row);
        next.end();
      },
      snapshot: rows,
    };
  });

  function outputRow(g: Group, seq: number): Row {
    const row = new Row(null, seq);
    if (spec.timestampKey !== undefined) row.set("@timestamp", g.keys[spec.timestampKey]);
    spec.by.forEach((b, i) => row.set(b.name, g.keys[i]));
    spec.aggregates.forEach((a, i) => row.set(a.slot, g.accumulators[i].result()));
    for (const item of spec.items) row.set(item.name, item.value(row));
    return row;
  }
}
