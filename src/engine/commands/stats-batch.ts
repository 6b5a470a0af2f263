/**
 * A stats' rows added a batch at a time once its groups are many (commands/stats.ts). With
 * 70,000 groups (a VPC `stats sum(bytes) by srcAddr, dstAddr`), a row's group lookup and its
 * sum's state are each a cache miss, and a row at a time they come one after another: the
 * processor's window fills with the row's own work before a miss returns. A batch first reads
 * every row's keys, their ids and the hash of each tuple, and what each aggregate needs of the
 * row; then it reads the slot each probe starts at, all of them in one short loop whose loads
 * overlap; then it probes, in the rows' order (so groups are numbered as a row at a time numbers
 * them); then it reads each group's state, again all at once, and adds.
 *
 * Nothing a batch holds refers to its rows: keys are values, and each column keeps what its
 * `add` would read (columns.ts, `take`).
 */
import type { Evaluator } from "../compile/types.js";
import { BATCH_ROWS, type AccumulatorColumn } from "../aggregates/columns.js";
import type { GroupIndex } from "../aggregates/group-key.js";
import type { Row } from "../record.js";
import type { Value } from "../values.js";

/** Whether a stats with these keys and columns can add rows in batches: two keys or more (a tuple table), and columns that take. */
export function batchable(width: number, columns: readonly AccumulatorColumn[]): boolean {
  return width >= 2 && columns.every((c) => c.take !== undefined && c.touch !== undefined && c.addTaken !== undefined);
}

export class RowBatch {
  private size = 0;
  /** Each row's keys, `width` a row; for a row given as ids, filled only when it opens a group. */
  private readonly keys: Value[];
  /** Whether each row was given as ids (`pushIds`). */
  private readonly givenIds = new Uint8Array(BATCH_ROWS);
  /** Each row's key ids (`GroupIndex.idsOf`), `width` a row. */
  private readonly ids: Int32Array;
  private readonly hashes = new Int32Array(BATCH_ROWS);
  private readonly groups = new Int32Array(BATCH_ROWS);
  /** What the reads ahead read, kept so that the compiler keeps the reads. */
  sink = 0;

  constructor(
    private readonly by: readonly Evaluator[],
    private readonly index: GroupIndex,
    private readonly columns: readonly AccumulatorColumn[],
    /** Opens a new group's states and keeps its keys (`keys[at, at + width)`), before the index numbers it. */
    private readonly open: (keys: readonly Value[], at: number) => void,
  ) {
    this.keys = new Array<Value>(BATCH_ROWS * by.length).fill(null);
    this.ids = new Int32Array(BATCH_ROWS * by.length);
  }

  push(row: Row): void {
    const i = this.size;
    const by = this.by;
    const width = by.length;
    const keys = this.keys;
    for (let k = 0; k < width; k++) keys[i * width + k] = by[k](row);
    this.givenIds[i] = 0;
    this.hashes[i] = this.index.idsOf(keys, this.ids, i * width);
    const columns = this.columns;
    for (let c = 0; c < columns.length; c++) columns[c].take!(row, i);
    if (++this.size === BATCH_ROWS) this.flush();
  }

  /**
   * A row given as its keys' ids (`GroupIndex.idOf`) and each column's argument value
   * (`takeValue`) rather than as a row (stats.ts, `IdRows`). A new group keeps the values its ids
   * were first seen with: equal under the group key, they print alike (-0 and 0 share an id).
   * Those values are looked up only for a row that opens a group: a lookup per row and key was a
   * load from anywhere in the key's values (70,000 of them for the VPC query's `dstAddr`).
   */
  pushIds(keyIds: Int32Array, args: readonly Value[]): void {
    const i = this.size;
    const width = this.by.length;
    const at = i * width;
    const ids = this.ids;
    for (let k = 0; k < width; k++) ids[at + k] = keyIds[k];
    this.givenIds[i] = 1;
    this.hashes[i] = this.index.hashIds(ids, at);
    const columns = this.columns;
    for (let c = 0; c < columns.length; c++) columns[c].takeValue!(args[c], i);
    if (++this.size === BATCH_ROWS) this.flush();
  }

  /** Adds the rows held: after it, the groups and their states are those of every row pushed. */
  flush(): void {
    const size = this.size;
    if (size === 0) return;
    this.size = 0;
    const { index, hashes, groups, ids } = this;
    const width = this.by.length;
    let sink = 0;
    for (let i = 0; i < size; i++) sink += index.touch(hashes[i]);
    for (let i = 0; i < size; i++) {
      let n = index.findIds(ids, i * width, hashes[i]);
      if (n < 0) {
        if (this.givenIds[i] === 1) for (let k = 0; k < width; k++) this.keys[i * width + k] = index.valueOf(k, ids[i * width + k]);
        this.open(this.keys, i * width);
        n = index.addIds(ids, i * width, hashes[i]);
      }
      groups[i] = n;
    }
    const columns = this.columns;
    for (let c = 0; c < columns.length; c++) {
      const column = columns[c];
      for (let i = 0; i < size; i++) sink += column.touch!(groups[i]);
      for (let i = 0; i < size; i++) column.addTaken!(groups[i], i);
    }
    this.sink = sink;
  }
}
