import type { Row } from "../record.js";
import type { IdRows } from "./stats.js";

/**
 * One step of a running query. Streaming steps pass rows on as they come; blocking steps (sort,
 * stats, dedup in time order, pattern, the default ordering) hold rows until `end`.
 */
export interface Stage {
  push(row: Row): void;
  end(): void;
  /** Blocking steps: the rows `end` would emit now, without disturbing the state (partial results). */
  snapshot?(): Row[];
  /** A stats step: folds in groups aggregated by a worker (engine/parallel). */
  absorb?(partial: unknown): void;
  /** A stats step: takes rows given as ids, where it can (`IdRows` of stats.ts). */
  idRows?(): IdRows | undefined;
  /** A stats step read in morsels (engine/parallel/morsels.ts): rows from here on come from morsel `index`. */
  startMorsel?(index: number): void;
  /**
   * A limit step (the row cap among them): true once it has left a row out, when every later row
   * would be left out too: the step before it need not make them (a stats' last groups).
   */
  full?(): boolean;
}

/** Shared between the steps of one run. */
export interface Runtime {
  /** Set by a step that needs no more input (`limit any` reached): reading stops. */
  stop: boolean;
  /** A run in parts (engine/parallel): the event time its threads share for the default order. */
  floor?: TimeFloor;
}

/**
 * For the first rows of the default order (`@timestamp` descending), shared by the threads of a
 * run in parts: a time such that some thread holds, among the rows it will give, as many rows
 * at or after it as are kept. No row before it can be among the first, wherever it is read.
 */
export interface TimeFloor {
  get(): number;
  /** Tells the threads that `keep` rows at or after `time` are held here. */
  raise(time: number): void;
}

/** How the plan makes a step; a plan can be instantiated again to compute partial results. */
export interface StageFactory {
  blocking: boolean;
  create(next: Stage, rt: Runtime): Stage;
}

export function streaming(create: (next: Stage, rt: Runtime) => Stage): StageFactory {
  return { blocking: false, create };
}

export function blocking(create: (next: Stage, rt: Runtime) => Stage): StageFactory {
  return { blocking: true, create };
}

/** The end of the pipeline: collects the result rows. */
export class Collector implements Stage {
  readonly rows: Row[] = [];
  push(row: Row): void {
    this.rows.push(row);
  }
  end(): void {}
}
