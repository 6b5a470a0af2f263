import type { Row } from "../record.js";
import type { Value } from "../values.js";
import type { Group, IdRows, PartialGroups, StatsSpec } from "./stats.js";
import { columnOf, type AccumulatorColumn } from "../aggregates/columns.js";
import { GroupIndex } from "../aggregates/group-key.js";
import { batchable, RowBatch } from "./stats-batch.js";
import { FirstSeen } from "./first-seen.js";
import { UserError } from "../../shared/errors.js";

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
 * The groups of a stats by number (first seen first): their keys, and each aggregate's state of
 * every group in one column (aggregates/columns.ts). A row reaches its states through typed
 * arrays, not through a group object and an array per group: at 70,000 groups each of those was
 * a cache miss per row.
 */
export class GroupTable {
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
    const keys = this.spec.by.length > 1 ? { keyIds: { values: this.index.values(), ids: this.index.groupIds() } } : { keys: this.keyColumns };
    return { count, ...keys, states: this.columns.map((c) => c.pack(count)), firsts: this.firstSeen?.positions(count) };
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
    const groupOf = part.keyIds ? this.idsGroupOf(part.keyIds) : this.keysGroupOf(part.keys!);
    for (let g = 0; g < part.count; g++) {
      let n = groupOf(g);
      const opened = n < 0;
      if (opened) n = -n - 1;
      seen?.seen(n, firsts![g], opened);
      for (let a = 0; a < columns.length; a++) columns[a].merge(n, part.states[a], g);
    }
  }

  /** The number of a part's group `g` given by its key values; `-n - 1` when it opened group `n`. */
  private keysGroupOf(keys: Value[][]): (g: number) => number {
    const scratch = this.scratch;
    return (g) => {
      for (let i = 0; i < scratch.length; i++) scratch[i] = keys[i][g];
      const n = this.index.find(scratch);
      return n >= 0 ? n : -this.add(scratch) - 1;
    };
  }

  /**
   * The same for a part's groups given as ids (`PartialGroups.keyIds`): each of its values is
   * mapped to this table's id once, and each group is then found by its tuple of ids, as rows
   * given as ids are (`pushIds`), with no value looked up or made per group.
   */
  private idsGroupOf({ values, ids }: { values: Value[][]; ids: Int32Array }): (g: number) => number {
    const index = this.index;
    const ours = values.map((column, k) => Int32Array.from(column, (v) => index.idOf(k, v)));
    const width = ours.length;
    const tuple = new Int32Array(width);
    const keys = this.scratch;
    return (g) => {
      for (let k = 0; k < width; k++) tuple[k] = ours[k][ids[g * width + k]];
      const h = index.hashIds(tuple, 0);
      const n = index.findIds(tuple, 0, h);
      if (n >= 0) return n;
      for (let k = 0; k < width; k++) keys[k] = index.valueOf(k, tuple[k]);
      this.open(keys, 0);
      return -index.addIds(tuple, 0, h) - 1;
    };
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
