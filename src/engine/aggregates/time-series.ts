import type { Value } from "../values.js";
import type { CallTools, Evaluator } from "../compile/types.js";
import type { Accumulator, AggregateFunction } from "./registry.js";
import { formatNumber, toMillis, toNumber } from "../functions/coerce.js";
import { periodMillis } from "../compile/duration.js";
import { countPresent, sumNumbers } from "./basic.js";
import { unaryAggregate } from "./unary.js";

/**
 * The time-series helpers of `stats` (DOCS/CWL_QuerySyntax-timeseries-functions.html):
 * `rate(x, interval)`, `countOverTime(f)`, `sumOverTime(x)` and `histogram(x, buckets)`. The page
 * spells the middle two `count_over_time`/`sum_over_time` (English) and `countOverTime`/
 * `sumOverTime` (other revisions); both spellings are accepted. Each works per `stats` group,
 * so with `by bin(5m)` the window of every value is its bin.
 */

/**
 * Decision: countOverTime and sumOverTime do not require `by bin()`. The docs say "use with
 * by bin(interval) to set the window", not that it is mandatory; without it the window is the
 * whole query range (the result equals count(f) / sum(x)). True makes a missing bin() a TL305.
 */
export const OVER_TIME_NEEDS_BIN = false;

/** Decision: the bucket count histogram() accepts (undocumented; a guard on memory per group). */
export const HISTOGRAM_MAX_BUCKETS = 1000;

/** Decision: histogram() lists every one of its buckets, the empty ones with 0. */
export const HISTOGRAM_KEEPS_EMPTY_BUCKETS = true;

/**
 * Decision: the per-interval rate of change from the group's first to its last value in
 * `@timestamp` order, scaled to the interval: (x_last - x_first) / (t_last - t_first) * interval.
 * A plain difference (a fall gives a negative rate; no counter-reset handling or extrapolation to
 * the window's edges as PromQL does); no value with fewer than two distinct timestamps.
 */
export function ratePerInterval(first: Sample, last: Sample, intervalMs: number): number | null {
  const elapsed = last.ms - first.ms;
  // Multiply first: whole-number inputs then round only once.
  return elapsed > 0 ? ((last.x - first.x) * intervalMs) / elapsed : null;
}

/**
 * Decision: a histogram key names its range: `[from, to)`, the last bucket closed `[from, to]`
 * (a range reads unambiguously with negative bounds, and keeps the keys in bucket order in JSON).
 */
export function histogramBucketKey(from: number, to: number, last: boolean): string {
  return `[${formatNumber(from)}, ${formatNumber(to)}${last ? "]" : ")"}`;
}

export interface Sample {
  ms: number;
  x: number;
}

/** countOverTime(f) and sumOverTime(x) are count(f) and sum(x) over the group (bin). */
function overTime(name: string, start: (arg: Evaluator) => Accumulator): AggregateFunction {
  return unaryAggregate(name, start, { needsBin: OVER_TIME_NEEDS_BIN });
}

const rate: AggregateFunction = {
  name: "rate",
  readsEventTime: true,
  min: 2,
  max: 2,
  compile: (t) => {
    const intervalMs = fixedInterval(t, 1);
    if (intervalMs === undefined) return undefined;
    const arg = t.arg(0);
    return () => {
      // Only the two end points matter; ties on @timestamp keep the first row seen.
      let first: Sample | null = null;
      let last: Sample | null = null;
      return {
        add: (row) => {
          const x = toNumber(arg(row));
          const ms = toMillis(row.get("@timestamp"));
          if (x === null || ms === null) return;
          if (first === null || ms < first.ms) first = { ms, x };
          if (last === null || ms > last.ms) last = { ms, x };
        },
        result: () => (first && last ? ratePerInterval(first, last, intervalMs) : null),
      };
    };
  },
};

/**
 * The interval of rate() in ms. Calendar units have no fixed length, so they are refused; the
 * caps of bin() (`bin(300s)` is 60 s) are documented for bin() only and do not apply here.
 */
function fixedInterval(t: CallTools, i: number): number | undefined {
  const period = t.period(i); // reports a missing or malformed period
  const arg = t.call.args[i];
  if (!period || arg.kind !== "duration") return undefined;
  const ms = periodMillis({ ...period, amount: arg.amount });
  if (ms === undefined) {
    t.error("TL305", arg.span, `${t.call.name}() needs a fixed-length interval`, "use ms, s, m, h, d or w, e.g. rate(bytes, 1m)");
  }
  return ms;
}

const histogram: AggregateFunction = {
  name: "histogram",
  min: 2,
  max: 2,
  compile: (t) => {
    const buckets = t.literal(1);
    if (typeof buckets !== "number" || !Number.isInteger(buckets) || buckets < 1 || buckets > HISTOGRAM_MAX_BUCKETS) {
      t.error("TL305", t.call.args[1]?.span ?? t.call.span, `the bucket count must be an integer from 1 to ${HISTOGRAM_MAX_BUCKETS}`, "write e.g. histogram(duration, 10)");
      return undefined;
    }
    const arg = t.arg(0);
    return () => {
      // Counts per distinct value: the range is known only at the end, and values repeat.
      const counts = new Map<number, number>();
      let lo = Infinity;
      let hi = -Infinity;
      return {
        add: (row) => {
          const x = toNumber(arg(row));
          if (x === null || !Number.isFinite(x)) return;
          counts.set(x, (counts.get(x) ?? 0) + 1);
          if (x < lo) lo = x;
          if (x > hi) hi = x;
        },
        result: () => (counts.size === 0 ? null : distribution(counts, lo, hi, buckets)),
      };
    };
  },
};

/**
 * `buckets` equal-width ranges from the smallest to the largest value, each `[from, to)` and the
 * last `[from, to]` so the largest value is counted. All values equal: one bucket `[v, v]`.
 */
export function distribution(counts: Map<number, number>, lo: number, hi: number, buckets: number): { [key: string]: Value } {
  if (lo === hi) return { [histogramBucketKey(lo, hi, true)]: [...counts.values()].reduce((a, b) => a + b, 0) };
  const width = (hi - lo) / buckets;
  const from = (i: number): number => (i === buckets ? hi : lo + i * width);
  const n = new Array<number>(buckets).fill(0);
  for (const [x, c] of counts) {
    let i = Math.min(buckets - 1, Math.max(0, Math.floor((x - lo) / width)));
    // Rounding in the division must not put x outside the bounds its key prints.
    if (i > 0 && x < from(i)) i--;
    else if (i < buckets - 1 && x >= from(i + 1)) i++;
    n[i] += c;
  }
  const out: { [key: string]: Value } = {};
  for (let i = 0; i < buckets; i++) {
    if (n[i] > 0 || HISTOGRAM_KEEPS_EMPTY_BUCKETS) out[histogramBucketKey(from(i), from(i + 1), i === buckets - 1)] = n[i];
  }
  return out;
}

export const timeSeriesAggregates: AggregateFunction[] = [
  rate,
  overTime("countOverTime", countPresent),
  overTime("count_over_time", countPresent),
  overTime("sumOverTime", sumNumbers),
  overTime("sum_over_time", sumNumbers),
  histogram,
];
