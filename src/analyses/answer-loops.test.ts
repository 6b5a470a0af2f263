import { describe, expect, it } from "vitest";
import { latencyOf, type RouteLatency } from "./latency/model.js";
import { percentileOfSorted, roundMs } from "./percentile.js";
import type { RequestTiming } from "./request-timing.js";
import { emptyTotals, requestBounds, splitShape, wallClockSplit, type MissingPart, type RequestBounds, type RequestShape, type SpanTimes, type TimeSplit, type TimeTotals } from "./time-split.js";

// An analysis works out every request's split and every route's figures once its lines are in:
// these run as loops without an array or a spread per request. They must give exactly what the
// plain rule gives (copied below as it was written, with spreads into Math.min and filters), to
// the bit and in the same key order (JSON output), over random requests.

const CLOCK_RESOLUTION_MS = 1;
const PLACEMENT_TOLERANCE_MS = 2 * CLOCK_RESOLUTION_MS;
const OVERLAP_TOLERANCE_MS = 0.5;

function plainBounds(shape: RequestShape, spans: readonly SpanTimes[]): RequestBounds {
  const { finish } = shape;
  const missing: MissingPart[] = [];
  const firstActivity = Math.min(Number.isNaN(shape.firstAt) ? Infinity : shape.firstAt, ...spans.map((span) => span.sqlStart - (span.waitMs ?? 0)));
  const lastActivity = Math.max(Number.isNaN(shape.lastAt) ? -Infinity : shape.lastAt, ...spans.map((span) => span.sqlEnd));
  if (finish?.durationMs !== undefined) {
    return { start: finish.at - finish.durationMs, end: finish.at, aborted: finish.aborted, totalFrom: "logged", missing };
  }
  if (!finish) missing.push("finish");
  else missing.push("duration");
  if (shape.startedAt === undefined) missing.push("start");
  const start = shape.startedAt ?? firstActivity;
  return { start, end: finish?.at ?? Math.max(start, lastActivity), aborted: finish?.aborted === true, totalFrom: "lines", missing };
}
function plainSplit(shape: RequestShape, spans: readonly SpanTimes[]): TimeSplit {
  const bounds = plainBounds(shape, spans);
  const missing = [...bounds.missing];
  const totalMs = Math.max(0, bounds.end - bounds.start);
  const withWait = spans.filter((span) => span.waitMs !== undefined);
  if (spans.length > 0 && withWait.length === 0) missing.push("pool_wait");
  else if (withWait.length < spans.length) missing.push("pool_wait_partly");
  const firstActivity = Math.min(Number.isNaN(shape.firstAt) ? bounds.start : shape.firstAt, ...spans.map((span) => span.sqlStart - (span.waitMs ?? 0)));
  const gapBefore = Math.max(0, Math.min(totalMs, firstActivity - bounds.start));
  // A request_started line is written where the logged duration starts: anything before it is
  // clock noise (the wall clock of the lines against the monotonic one of the durations).
  const hasStartLine = shape.startedAt !== undefined;
  const beforeFirstLineMs = bounds.totalFrom === "logged" && !hasStartLine && gapBefore >= CLOCK_RESOLUTION_MS ? gapBefore : 0;
  let poolWaitMs = withWait.reduce((sum, span) => sum + (span.waitMs ?? 0), 0);
  let sqlMs = spans.reduce((sum, span) => sum + span.sqlMs, 0);
  const end = bounds.start + totalMs;
  const exceeds = poolWaitMs + sqlMs + beforeFirstLineMs > totalMs + OVERLAP_TOLERANCE_MS;
  // Only after an abort does the server go on without the request (a finished handler has run
  // its statements): then statements that do not fit, or end after it, are cut to its end.
  const clipped = bounds.aborted && (exceeds || spans.some((span) => span.sqlEnd > end + PLACEMENT_TOLERANCE_MS));
  const overlapping = !clipped && exceeds;
  if (overlapping || clipped) ({ poolWaitMs, sqlMs } = wallClockSplit(spans, bounds.start, end));
  else if (poolWaitMs + sqlMs + beforeFirstLineMs > totalMs) {
    // Parts over the request's time by less than the tolerance: cut to it, wait first, then SQL.
    const excess = poolWaitMs + sqlMs + beforeFirstLineMs - totalMs;
    const fromWait = Math.min(excess, poolWaitMs);
    poolWaitMs -= fromWait;
    sqlMs = Math.max(0, sqlMs - (excess - fromWait));
  }
  return {
    totalMs: roundMs(totalMs),
    totalFrom: bounds.totalFrom,
    ...(withWait.length > 0 || spans.length === 0 ? { poolWaitMs: roundMs(poolWaitMs) } : {}),
    sqlMs: roundMs(sqlMs),
    sqlInferred: spans.some((span) => span.inferred),
    beforeFirstLineMs: roundMs(beforeFirstLineMs),
    otherMs: roundMs(Math.max(0, totalMs - poolWaitMs - sqlMs - beforeFirstLineMs)),
    statements: spans.length,
    statementsWithoutPoolWait: spans.length - withWait.length,
    overlapping,
    clipped,
    missing,
  };
}

function plainRouteLatency(key: string, group: readonly RequestTiming[]): RouteLatency {
  const ended = group.filter((timing) => timing.end !== "unfinished");
  // A typed array sorts numbers natively: several times faster than a comparator (--follow redraws this).
  const durations = Float64Array.from(ended, (timing) => timing.split.totalMs).sort();
  const time = emptyTotals();
  const terms: Record<MsFigure, number[]> = { totalMs: [], sqlMs: [], beforeFirstLineMs: [], otherMs: [], poolWaitMs: [] };
  for (const timing of ended) addSplit(time, timing.split, terms);
  // The figures as their exact sums, correctly rounded once (SplitSum sums exactly: in doubles,
  // thousands of microsecond figures gathered noise of their order).
  for (const figure of MS_FIGURES) if (figure in time) time[figure] = exactSum(terms[figure]);
  const withStatus = ended.filter((timing) => timing.status !== undefined);
  const slowest = ended.reduce<RequestTiming | undefined>((worst, timing) => (!worst || timing.split.totalMs > worst.split.totalMs ? timing : worst), undefined);
  const sample = group[0];
  const pct = (p: number) => roundMs(percentileOfSorted(durations, p)!);
  return {
    key,
    ...(key !== "all routes" && sample?.method !== undefined ? { method: sample.method } : {}),
    ...(key !== "all routes" && sample?.route !== undefined ? { route: sample.route } : {}),
    requests: ended.length,
    aborted: ended.filter((timing) => timing.end === "aborted").length,
    unfinished: group.length - ended.length,
    ...(withStatus.length > 0
      ? {
          errors: withStatus.filter((timing) => timing.status! >= 500).length,
          clientErrors: withStatus.filter((timing) => timing.status! >= 400 && timing.status! < 500).length,
        }
      : {}),
    ...(durations.length > 0
      ? { avgMs: roundMs(time.totalMs / durations.length), p50Ms: pct(50), p95Ms: pct(95), p99Ms: pct(99), maxMs: durations[durations.length - 1] }
      : {}),
    durationsFromLines: ended.some((timing) => timing.split.totalFrom === "lines"),
    time,
    injectedDelayMs: roundMs(ended.reduce((sum, timing) => sum + Math.min(timing.injectedDelayMs ?? 0, timing.split.otherMs), 0)),
    ...(slowest ? { slowestRequestId: slowest.requestId } : {}),
  };
}

const MS_FIGURES = ["totalMs", "sqlMs", "beforeFirstLineMs", "otherMs", "poolWaitMs"] as const;
type MsFigure = (typeof MS_FIGURES)[number];

/** The correctly rounded sum of doubles, by BigInt: each is m * 2^e exactly (NaN and infinities summed as doubles). */
function exactSum(xs: readonly number[]): number {
  if (!xs.every(Number.isFinite)) return xs.reduce((a, b) => a + b, 0);
  const view = new DataView(new ArrayBuffer(8));
  const parts = xs.filter((x) => x !== 0).map((x) => {
    view.setFloat64(0, x);
    const bits = view.getBigUint64(0);
    const exponent = Number((bits >> 52n) & 0x7ffn);
    const fraction = bits & ((1n << 52n) - 1n);
    const m = exponent === 0 ? fraction : fraction | (1n << 52n);
    return { m: bits >> 63n ? -m : m, e: exponent === 0 ? -1074 : exponent - 1075 };
  });
  const low = Math.min(0, ...parts.map((p) => p.e));
  let sum = 0n;
  for (const p of parts) sum += p.m << BigInt(p.e - low);
  // Number(bigint) rounds to nearest; dividing by a power of two is then exact.
  return Number(sum) / 2 ** -low;
}

/** How a route's totals were added up before SplitSum, one request at a time (the ms figures' terms kept for exactSum). */
function addSplit(totals: TimeTotals, split: TimeSplit, terms: Record<MsFigure, number[]>): void {
  terms.totalMs.push(split.totalMs);
  terms.sqlMs.push(split.sqlMs);
  terms.beforeFirstLineMs.push(split.beforeFirstLineMs);
  terms.otherMs.push(split.otherMs);
  totals.requests++;
  totals.totalMs += split.totalMs;
  totals.sqlMs += split.sqlMs;
  totals.sqlInferred ||= split.sqlInferred;
  totals.beforeFirstLineMs += split.beforeFirstLineMs;
  totals.otherMs += split.otherMs;
  totals.statements += split.statements;
  totals.statementsWithoutPoolWait += split.statementsWithoutPoolWait;
  // Unknown only while every statement so far lacked it (requests without statements waited 0).
  const poolWaitMs = (totals.poolWaitMs ?? 0) + (split.poolWaitMs ?? 0);
  if (totals.statements > 0 && totals.statementsWithoutPoolWait === totals.statements) {
    delete totals.poolWaitMs;
    terms.poolWaitMs = [];
  } else {
    totals.poolWaitMs = poolWaitMs;
    terms.poolWaitMs.push(split.poolWaitMs ?? 0);
  }
  if (split.overlapping) totals.overlappingRequests++;
  if (split.clipped) totals.clippedRequests++;
  for (const part of split.missing) totals.missing[part] = (totals.missing[part] ?? 0) + 1;
}

function random(seed: number): () => number {
  let state = seed;
  return () => (state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
}

/** A request with a few statements, some overlapping, some without a wait or a duration, at whole and fractional ms. */
function randomRequest(next: () => number): { shape: RequestShape; spans: SpanTimes[] } {
  const pick = <T>(...xs: T[]): T => xs[Math.floor(next() * xs.length)];
  const ms = () => pick(0, 1, 2.5, Math.round(next() * 5000) / 1000, Math.round(next() * 300), 1e-3);
  const base = 1_700_000_000_000 + Math.floor(next() * 1000);
  const spans = Array.from({ length: pick(0, 0, 1, 2, 3, 6) }, () => {
    const at = base + Math.floor(next() * 400) + pick(0, 0.5);
    const run = ms();
    const inferred = next() < 0.2;
    const sqlStart = inferred ? at : at - run;
    const waitMs = pick<number | undefined>(undefined, ms(), 0);
    return { sqlStart, sqlEnd: sqlStart + run, sqlMs: run, ...(waitMs !== undefined ? { waitMs } : {}), inferred };
  });
  const firstAt = pick(NaN, base, base + 3);
  const lastAt = Number.isNaN(firstAt) ? NaN : firstAt + Math.floor(next() * 500);
  const finish = pick<RequestShape["finish"]>(undefined, { at: base + 450, aborted: next() < 0.3 }, { at: base + 300, aborted: next() < 0.5, durationMs: pick(0, 299.5, 450, ms()) });
  const startedAt = pick(undefined, base, base - 2);
  return { shape: { firstAt, lastAt, ...(finish ? { finish } : {}), ...(startedAt !== undefined ? { startedAt } : {}) }, spans };
}

const same = (a: unknown, b: unknown) => {
  expect(a).toEqual(b);
  expect(JSON.stringify(a)).toBe(JSON.stringify(b));
};

describe("the time split and route figures as loops", () => {
  it("give the plain rule's bounds and split, to the bit and in its key order", () => {
    const next = random(7);
    for (let i = 0; i < 20_000; i++) {
      const { shape, spans } = randomRequest(next);
      same(requestBounds(shape, spans), plainBounds(shape, spans));
      same(splitShape(shape, spans), plainSplit(shape, spans));
    }
  });

  it("give the plain rule's route figures", () => {
    const next = random(11);
    for (let round = 0; round < 300; round++) {
      const timings: RequestTiming[] = Array.from({ length: Math.floor(next() * 40) }, (_, i) => {
        const { shape, spans } = randomRequest(next);
        const split = splitShape(shape, spans);
        const end = next() < 0.15 ? "unfinished" : shape.finish?.aborted ? "aborted" : "finished";
        const status = [undefined, 200, 404, 500, 503, 302][Math.floor(next() * 6)];
        const delay = [undefined, 0, 5, 250.5][Math.floor(next() * 4)];
        return {
          requestId: `r${i}`,
          producer: "taskoverflow",
          method: "GET",
          route: "/api/v1/todos",
          ...(status !== undefined ? { status } : {}),
          startedAt: 0,
          endedAt: 1,
          end,
          split,
          ...(delay !== undefined ? { injectedDelayMs: delay } : {}),
        } as RequestTiming;
      });
      same(latencyOf(timings).overall, plainRouteLatency("all routes", timings));
    }
  });
});
