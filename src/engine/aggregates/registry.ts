import type { Value } from "../values.js";
import type { Row } from "../record.js";
import type { CallTools } from "../compile/types.js";
import type { ColumnFactory } from "./columns.js";
import { basicAggregates } from "./basic.js";
import { extremeAggregates } from "./extremes.js";
import { distinctAggregates } from "./distinct.js";
import { percentileAggregates } from "./percentile.js";
import { varianceAggregates } from "./variance.js";
import { timeOrderedAggregates } from "./time-ordered.js";
import { topkAggregates } from "./topk.js";
import { timeSeriesAggregates } from "./time-series.js";

/** The running state of one aggregate in one `stats` group. */
export interface Accumulator {
  add(row: Row): void;
  /**
   * `add` of a row whose value of the aggregate's argument is `value`, for an aggregate whose rows
   * add only that value (`AggregateFunction.valueFirst`): a stats handed values rather than rows
   * (engine/vended/flow-stats.ts, engine/json-stats.ts) adds them with it.
   */
  take?(value: Value): void;
  /** The value so far; must not disturb the state (partial results call it mid-run). */
  result(): Value;
  /**
   * Accumulators made with `create(true)` (partial aggregation in a worker, engine/parallel):
   * the state so far, structured-cloneable.
   */
  save?(): unknown;
  /**
   * Folds in a `save()` of rows that came after every row added so far, with the very result
   * adding those rows here would give. Aggregates without it never run in parallel.
   */
  merge?(state: unknown): void;
}

/**
 * Makes one group's accumulator; `partial`: one that only needs to `save()` (a worker's). `column`,
 * when there is one, makes the state of every group at once (columns.ts), which a stats uses instead.
 */
export type AccumulatorFactory = ((partial?: boolean) => Accumulator) & {
  column?: ColumnFactory;
  /**
   * Merging saves in any order gives what adding every row in order gives (a count, an exact
   * sum), so that a thread may read parts that are not consecutive (engine/parallel/morsels.ts).
   */
  anyOrder?: boolean;
};

export interface AggregateFunction {
  name: string;
  min: number;
  max: number;
  /** Accepts `f(*)`. */
  star?: boolean;
  /** Must be the only aggregate of a stats with no `by` (topk). */
  alone?: boolean;
  /** Reported (TL305) in a stats with no `by bin()` (see OVER_TIME_NEEDS_BIN). */
  needsBin?: boolean;
  /**
   * Its first argument is the value each row adds, and the others are constants of the call
   * (`pct(x, 95)`): a stats reads it as an aggregate of that one field (`StatsSpec.aggregates`).
   */
  valueFirst?: true;
  /** Reads each row's event time itself, not through an argument (earliest, latest, rate). */
  readsEventTime?: boolean;
  /** A factory of per-group accumulators, or undefined when an argument was unusable (reported). */
  compile(tools: CallTools): AccumulatorFactory | undefined;
}

const FAMILIES: AggregateFunction[][] = [
  basicAggregates,
  extremeAggregates,
  distinctAggregates,
  percentileAggregates,
  varianceAggregates,
  timeOrderedAggregates,
  topkAggregates,
  timeSeriesAggregates,
];

const BY_NAME = new Map<string, AggregateFunction>();
for (const family of FAMILIES) for (const a of family) BY_NAME.set(a.name.toLowerCase(), a);

export function lookupAggregate(name: string): AggregateFunction | undefined {
  return BY_NAME.get(name.toLowerCase());
}

export function aggregateNames(): string[] {
  return [...BY_NAME.values()].map((a) => a.name);
}
