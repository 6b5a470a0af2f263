import type { Evaluator } from "../compile/types.js";
import type { AccumulatorFactory } from "../aggregates/registry.js";
import { columnOf, type AccumulatorColumn } from "../aggregates/columns.js";
import type { Value } from "../values.js";
import { Row } from "../record.js";
import { GroupIndex } from "../aggregates/group-key.js";
import { batchable, RowBatch } from "./stats-batch.js";
import type { PackedStates } from "../aggregates/packed-states.js";
import { blocking, type StageFactory } from "./stage.js";
import { UserError } from "../../shared/errors.js";
import { FirstSeen } from "./first-seen.js";

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

/**
 * Groups past which a stats adds rows in batches, where it can: below this, a table and its
 * states stay in the processor's nearer caches, and a row at a time costs no miss to overlap.
 */
export const BATCH_FROM = 4096;

/** A stats made more groups than the run allows: stopped before memory runs out. */
export class TooManyGroupsError extends UserError {
  constructor(readonly limit: number, by: readonly string[]) {
    super(`stats made more than ${limit.toLocaleString("en")} groups (by ${by.join(", ")}): the query was stopped before memory ran out.`, {
      hint: `Group by fewer or coarser keys (bin(1h) rather than bin(1s)), filter first, or allow more groups with --max-groups N (TOLOG_MAX_GROUPS; each takes a few hundred bytes of memory, more with pct or values).`,
    });
  }
}

function checkGroupCount(spec: StatsSpec, count: number): void {
  if (count > spec.maxGroups) throw new TooManyGroupsError(spec.maxGroups, spec.by.map((b) => b.name));
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

/**
 * The groups of a partial aggregation (engine/parallel), in first-seen order, column by column:
 * each key position's values, and each aggregate's `save()` of every group, packed. What a worker
 * sends: a few arrays rather than objects per group (70,000 groups per part at 1 GB of flow logs).
 */
export interface PartialGroups {
  count: number;
  keys: Value[][];
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

/**
 * The groups of a stats by number (first seen first): their keys, and each aggregate's state of
 * every group in one column (aggregates/columns.ts). A row reaches its states through typed
 * arrays, not through a group object and an array per group: at 70,000 groups each of those was
 * a cache miss per row.
 */
class GroupTable {
  private groupCount = 0;
  /**
   * Each key position's value of every group, by group number: a part's groups live as long as
   * the part, and an array per group was most of what a thread promoted to its old generation.
   */
  private readonly keyColumns: Value[][];
  private readonly index: GroupIndex;
  private readonly columns: AccumulatorColumn[];
  private readonly scratch: Value[];
  /** Rows held to be added together, once the groups are many (stats-batch.ts). */
  private batch: RowBatch | undefined;
  private readonly batchFrom: number;
  /** Read in morsels: where each group was first seen, which decides the output order. */
  private firstSeen: FirstSeen | undefined;

  constructor(
    private readonly spec: StatsSpec,
    /** Accumulators that only need to `save()` (a part's). */
    partial: boolean,
  ) {
    this.index = new GroupIndex(spec.by.length);
    this.columns = spec.aggregates.map((a) => columnOf(a.create, partial));
    this.scratch = new Array<Value>(spec.by.length);
    this.keyColumns = spec.by.map(() => []);
    this.batchFrom = batchable(spec.by.length, this.columns) ? (spec.batchFrom ?? BATCH_FROM) : Number.POSITIVE_INFINITY;
  }

  /** Groups so far, every row pushed counted. */
  get count(): number {
    this.batch?.flush();
    return this.groupCount;
  }

  push(row: Row): void {
    if (this.batch !== undefined) return this.batch.push(row);
    const by = this.spec.by;
    const scratch = this.scratch;
    for (let i = 0; i < by.length; i++) scratch[i] = by[i].value(row);
    let n = this.index.find(scratch);
    if (n < 0) n = this.add(scratch);
    const columns = this.columns;
    for (let i = 0; i < columns.length; i++) columns[i].add(n, row);
    if (this.groupCount >= this.batchFrom) this.batch = this.newBatch();
  }

  /**
   * Adding rows as ids (`IdRows`), where every column can take values: by two keys or more, a row
   * at a time and then in batches from the same group count as rows (`pushIds`), so that a group
   * bound stops the stats at the same row; by one key, a row at a time.
   */
  idRows(): IdRows | undefined {
    const columns = this.columns;
    if (!columns.every((c) => c.takeValue !== undefined && c.addTaken !== undefined)) return undefined;
    if (this.spec.by.length === 1) {
      const key: Value[] = [null];
      return {
        idOf: (_, v) => ((key[0] = v), this.groupOf(key)),
        push: (keyIds, args) => {
          for (let c = 0; c < columns.length; c++) {
            columns[c].takeValue!(args[c], 0);
            columns[c].addTaken!(keyIds[0], 0);
          }
        },
      };
    }
    if (!batchable(this.spec.by.length, columns)) return undefined;
    return { idOf: (k, v) => this.index.idOf(k, v), push: (keyIds, args) => this.pushIds(keyIds, args) };
  }

  /** `push` of a row given as ids (`IdRows.push`, two keys or more). */
  private pushIds(keyIds: Int32Array, args: readonly Value[]): void {
    if (this.batch !== undefined) return this.batch.pushIds(keyIds, args);
    const index = this.index;
    const h = index.hashIds(keyIds, 0);
    let n = index.findIds(keyIds, 0, h);
    if (n < 0) {
      const keys = this.scratch;
      for (let k = 0; k < keys.length; k++) keys[k] = index.valueOf(k, keyIds[k]);
      this.open(keys, 0);
      n = index.addIds(keyIds, 0, h);
    }
    const columns = this.columns;
    for (let c = 0; c < columns.length; c++) {
      columns[c].takeValue!(args[c], 0);
      columns[c].addTaken!(n, 0);
    }
    if (this.groupCount >= this.batchFrom) this.batch = this.newBatch();
  }

  private newBatch(): RowBatch {
    const open = (keys: readonly Value[], at: number): void => this.open(keys, at);
    return new RowBatch(this.spec.by.map((b) => b.value), this.index, this.columns, open);
  }

  /** The number of the group of `keys`, added (its values copied) when new. */
  groupOf(keys: Value[]): number {
    this.batch?.flush();
    const n = this.index.find(keys);
    return n < 0 ? this.add(keys) : n;
  }

  private add(keys: Value[]): number {
    this.open(keys, 0);
    return this.index.add(keys);
  }

  /** Rows from here on come from morsel `index` (engine/parallel/morsels.ts). */
  startMorsel(index: number): void {
    this.batch?.flush();
    (this.firstSeen ??= new FirstSeen()).startMorsel(index);
  }

  /** Counts a new group, keeps its keys (`keys[at, ...)`) and opens its states; the index numbers it. */
  private open(keys: readonly Value[], at: number): void {
    checkGroupCount(this.spec, this.groupCount + 1);
    this.firstSeen?.open(this.groupCount);
    this.groupCount++;
    for (let i = 0; i < this.keyColumns.length; i++) this.keyColumns[i].push(keys[at + i]);
    for (const c of this.columns) c.open();
  }

  partial(): PartialGroups {
    const count = this.count;
    return { count, keys: this.keyColumns, states: this.columns.map((c) => c.pack(count)), firsts: this.firstSeen?.positions(count) };
  }

  /**
   * Folds in a part's groups, which came from rows after every row seen so far; or, read in
   * morsels (`firsts`), from rows anywhere, into aggregates whose rows' order does not matter.
   */
  absorb(part: PartialGroups): void {
    this.batch?.flush();
    const scratch = this.scratch;
    const columns = this.columns;
    const firsts = part.firsts;
    const seen = firsts && (this.firstSeen ??= new FirstSeen());
    for (let g = 0; g < part.count; g++) {
      for (let i = 0; i < scratch.length; i++) scratch[i] = part.keys[i][g];
      let n = this.index.find(scratch);
      const opened = n < 0;
      if (opened) n = this.add(scratch);
      seen?.seen(n, firsts![g], opened);
      for (let a = 0; a < columns.length; a++) columns[a].merge(n, part.states[a], g);
    }
  }

  /** The numbers of the groups in first-seen order. */
  order(): ArrayLike<number> | undefined {
    return this.firstSeen?.order(this.count);
  }

  /** Group `n`, the `first`-th seen. */
  group(n: number, first = n): Group {
    this.batch?.flush();
    return { keys: this.keyColumns.map((c) => c[n]), results: this.columns.map((c) => c.result(n)), first };
  }

  /** The groups in first-seen order. */
  groups(): Group[] {
    const order = this.order();
    return Array.from({ length: this.count }, (_, i) => this.group(order ? order[i] : i, i));
  }
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
