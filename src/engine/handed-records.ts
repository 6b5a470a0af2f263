import type { LogEvent } from "./source.js";
import type { IdRows } from "./commands/stats.js";
import type { RunCounter } from "./compile/plan.js";
import type { Evaluator } from "./compile/types.js";
import type { Value } from "./values.js";

/** Where a stats finds its keys and its aggregates' arguments in a record (-1: `count(*)`). */
export interface RecordPositions {
  keys: number[];
  args: number[];
}

/**
 * What a stats handed records without their events (`ReadOptions.flowRecords`: flow records'
 * words in vended/flow-stats.ts, JSON lines' values in json-stats.ts) shares: the keys' ids and
 * the arguments' values of the record being added, the filters before the stats, and every other
 * event going to `push` in its place. Progress is told by what was taken, as the source then
 * yields no event to count.
 */
export abstract class HandedRecords {
  /** Records and events taken so far. */
  protected taken = 0;
  /** `taken` at the last `progressDue` that answered true. */
  private told = 0;
  protected readonly keyIds: Int32Array;
  protected readonly args: Value[];

  constructor(
    protected readonly positions: RecordPositions,
    /** The conditions of the filters before the stats (`Plan.partial.filters`). */
    protected readonly filters: readonly Evaluator[],
    protected readonly rows: IdRows,
    protected readonly counter: RunCounter,
    private readonly push: (event: LogEvent) => void,
  ) {
    this.keyIds = new Int32Array(positions.keys.length);
    this.args = positions.args.map(() => null);
  }

  event(event: LogEvent): void {
    this.taken++;
    this.push(event);
  }

  /** Whether `every` records and events came since it last answered true: a run tells its progress then. */
  progressDue(every: number): boolean {
    if (this.taken - this.told < every) return false;
    this.told = this.taken;
    return true;
  }
}
