import type { IndexKey, ReadOptions } from "../source.js";
import type { StageFactory } from "../commands/stage.js";
import type { Evaluator } from "./types.js";
import type { StatsSpec } from "../commands/stats.js";
import type { RunDiscovery } from "../vended/discovery.js";

export interface RunCounter {
  matched: number;
  tooDeep: number;
  /** Set when the row cap (StartQuery's limit, 10,000 by default) left rows out of the result. */
  capped: boolean;
  /** Set by the run (`compilePlan`): declared log formats and the format counts of the run. */
  discovery?: RunDiscovery;
}

/** A compiled query, ready to run over rows. */
export interface Plan {
  stages: StageFactory[];
  /** Output columns and how each is read from a final row (`@ptr` included when it applies). */
  columns: Array<{ name: string; value: Evaluator }>;
  needles: string[];
  /** Field values every matching event has, for a source's field index (`ReadOptions.indexKeys`). */
  indexKeys: IndexKey[];
  /** The only non-system fields the query reads from events, when a source may extract just these. */
  fields?: string[];
  /** Whether the query reads `@message` (the output columns included). */
  readsMessage: boolean;
  /** Whether the query reads the events' time (to order them, bin them, show them...). */
  readsTime: boolean;
  /** Log groups chosen by SOURCE, when the query has one. */
  groups?: ReadOptions["groups"];
  /**
   * Rows that passed every filter before the first stats (statistics.recordsMatched), and
   * events whose fields could not be discovered for nesting too deeply (`TOO_DEEP`).
   */
  counter: RunCounter;
  /**
   * When every command before the first blocking step is row-wise (each row alone decides what
   * it becomes), events can be taken in parts and merged (engine/parallel). `stages[at]` is that
   * step, and the stages before it end with the match counter. A stats (`spec` its spec) folds
   * in partial groups; a step that keeps the first rows of an order (`top`: a sort, a limit or
   * the row cap, with a bound) takes each part's own first rows, which are all it could keep.
   * A `list` is a query whose every command is row-wise, run for a caller that takes every row
   * in scan order (`RunOptions.onRows`), which may fold each part's rows where it is read
   * (`RunOptions.partFolds`, engine/parallel/fold.ts); `at` is the number of stages, all of
   * which a part runs.
   * A stats' `filters`: when the commands before it are filters that read only plain fields
   * (or none), their conditions (engine/vended/flow-stats.ts evaluates them on flow records);
   * undefined when any other command comes before it.
   * `newestFirst`: the step keeps the newest rows in event time (the default order), so parts
   * are best read from the end of the input, where log files keep their newest lines.
   */
  partial?: { kind: "stats"; at: number; spec: StatsSpec; filters?: Evaluator[] } | { kind: "top"; at: number; newestFirst?: true } | { kind: "list"; at: number };
}
