import type { Evaluator } from "../compile/types.js";
import type { AccumulatorFactory } from "../aggregates/registry.js";
import type { Value } from "../values.js";
import { Row } from "../record.js";
import type { PackedStates } from "../aggregates/packed-states.js";
import { blocking, type StageFactory } from "./stage.js";
import { GroupTable } from "./group-table.js";

export interface StatsSpec {
  /**
   * Group-by columns; `bin` marks a `bin()` key (it decides the output order); `field`, the field
   * a key that is just a field reads (`by srcAddr`).
   */
  by: Array<{ name: string; value: Evaluator; bin: boolean; field?: string }>;
  /**
   * One accumulator factory per aggregate call, and the hidden field its result is read from;
   * `field`, the field that is its one argument, null when it has none (`count(*)`).
   */
  aggregates: Array<{ slot: string; create: AccumulatorFactory; field?: string | null }>;
  /** The stats items, in order; each may read the aggregate slots and earlier items. */
  items: Array<{ name: string; value: Evaluator }>;
  /**
   * The `by` index whose value later commands see as `@timestamp` (the first bin() key), so
   * that the documented `stats ... by bin(5m) | sort @timestamp` works; not an output column.
   */
  timestampKey?: number;
  /** The most groups this stats may hold (`DEFAULT_MAX_STATS_GROUPS` unless the run says otherwise). */
  maxGroups: number;
  /** The groups from which rows are added in batches (stats-batch.ts; `BATCH_FROM` unless a test says otherwise). */
  batchFrom?: number;
}

export { BATCH_FROM, TooManyGroupsError } from "./group-table.js";

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

/**
 * The groups of a partial aggregation (engine/parallel), in first-seen order, column by column:
 * each key position's values, and each aggregate's `save()` of every group, packed. What a worker
 * sends: a few arrays rather than objects per group (70,000 groups per part at 1 GB of flow logs).
 */
export interface PartialGroups {
  count: number;
  /** By one key or none: each key position's value of every group. */
  keys?: Value[][];
  /**
   * By two keys or more: each key position's distinct values (`values[k][id]`), and each group's
   * ids, `by.length` ints a group. A key's values repeat across groups (70,000 address pairs of
   * a few thousand addresses): sent once, and the absorbing table maps each to its own id once.
   */
  keyIds?: { values: Value[][]; ids: Int32Array };
  states: PackedStates[];
  /** Read in morsels: where each group was first seen (first-seen.ts). */
  firsts?: Float64Array;
}

/** Whether every aggregate of the spec can be computed in parts and merged (`Accumulator.merge`). */
export function mergeable(spec: StatsSpec): boolean {
  return spec.aggregates.every((a) => {
    const probe = a.create(true);
    return typeof probe.save === "function" && typeof probe.merge === "function";
  });
}

/**
 * Whether every aggregate of the spec gives the same result whatever order its rows come in
 * (`AccumulatorFactory.anyOrder`), so that a thread may read morsels that are not consecutive
 * into one table (engine/parallel/morsels.ts).
 */
export function inAnyOrder(spec: StatsSpec): boolean {
  return mergeable(spec) && spec.aggregates.every((a) => a.create.anyOrder === true);
}

/**
 * Rows given as their keys' ids and their aggregates' argument values rather than as rows
 * (engine/vended/flow-stats.ts): only a stats whose columns take values (`GroupTable.idRows`).
 * By two keys or more, rows are added in batches; by one, its id is the group's number.
 */
export interface IdRows {
  /**
   * The id of value `v` of key `k` (`GroupIndex.idOf`); by one key, the number of its group,
   * which it opens if new (as a row of that value would, the group bound checked).
   */
  idOf(k: number, v: Value): number;
  /** A row with the key ids `keyIds` and argument values `args` (an aggregate's null when it has none). */
  push(keyIds: Int32Array, args: readonly Value[]): void;
}

/**
 * The groups of a stats over some rows, in first-seen order, with partial accumulators: what a
 * worker sends back. `statsStage(...).absorb` folds them in.
 */
export function partialStats(spec: StatsSpec): { push(row: Row): void; groups(): PartialGroups; idRows: IdRows | undefined; startMorsel(index: number): void } {
  const table = new GroupTable(spec, true);
  return {
    push: (row) => table.push(row),
    groups: () => table.partial(),
    idRows: table.idRows(),
    startMorsel: (index) => table.startMorsel(index),
  };
}

export interface Group {
  keys: Value[];
  /** Each aggregate's value. */
  results: Value[];
  first: number;
}

export function statsStage(spec: StatsSpec): StageFactory {
  return blocking((next) => {
    const table = new GroupTable(spec, false);
    const rows = (): Row[] => {
      if (table.count === 0 && spec.by.length === 0 && EMPTY_INPUT_GIVES_ROW) table.groupOf([]);
      return statsOutputOrder(table.groups(), spec.by).map((g, i) => outputRow(g, i));
    };
    return {
      push: (row) => table.push(row),
      end: () => {
        if (spec.by.some((b) => b.bin)) for (const row of rows()) next.push(row);
        else {
          // First-seen order: each row made as it goes on, not every group's row held at once
          // (70,000 of them at 1 GB of flow logs, where the row cap keeps 10,000), and none once
          // a limit right after has left one out (the cap is then told, and later rows are not).
          if (table.count === 0 && spec.by.length === 0 && EMPTY_INPUT_GIVES_ROW) table.groupOf([]);
          const order = table.order();
          for (let i = 0; i < table.count && next.full?.() !== true; i++) next.push(outputRow(table.group(order ? order[i] : i, i), i));
        }
        next.end();
      },
      snapshot: rows,
      // Groups aggregated elsewhere from rows that come after every row seen so far.
      absorb: (partial) => table.absorb(partial as PartialGroups),
      idRows: () => table.idRows(),
      startMorsel: (index) => table.startMorsel(index),
    };
  });

  function outputRow(g: Group, seq: number): Row {
    const row = new Row(null, seq);
    if (spec.timestampKey !== undefined) row.set("@timestamp", g.keys[spec.timestampKey]);
    spec.by.forEach((b, i) => row.set(b.name, g.keys[i]));
    spec.aggregates.forEach((a, i) => row.set(a.slot, g.results[i]));
    for (const item of spec.items) row.set(item.name, item.value(row));
    return row;
  }
}
