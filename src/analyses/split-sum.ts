import { emptyTotals, type TimeSplit, type TimeTotals } from "./time-split.js";

/**
 * A route's time splits added up in plain fields. `poolWaitMs` is unknown (left out of the
 * totals) while every statement so far lacked a pool wait; requests without statements waited
 * 0. Deleting and setting it on the totals object per request left a slow dictionary (a route's
 * figures over hundreds of thousands of requests), so `totals` builds the object at the end, its
 * keys in the order that rule gave (a `poolWaitMs` left out once and known again comes last;
 * answer-loops.test.ts holds the per-request rule as the reference).
 */
export class SplitSum {
  private readonly sum = emptyTotals();
  /** The totals' `poolWaitMs`: undefined while unknown. */
  private poolWaitMs: number | undefined = 0;
  private deleted = false;

  add(split: TimeSplit): void {
    const t = this.sum;
    t.requests++;
    t.totalMs += split.totalMs;
    t.sqlMs += split.sqlMs;
    t.sqlInferred ||= split.sqlInferred;
    t.beforeFirstLineMs += split.beforeFirstLineMs;
    t.otherMs += split.otherMs;
    t.statements += split.statements;
    t.statementsWithoutPoolWait += split.statementsWithoutPoolWait;
    const poolWaitMs = (this.poolWaitMs ?? 0) + (split.poolWaitMs ?? 0);
    if (t.statements > 0 && t.statementsWithoutPoolWait === t.statements) {
      this.poolWaitMs = undefined;
      this.deleted = true;
    } else this.poolWaitMs = poolWaitMs;
    if (split.overlapping) t.overlappingRequests++;
    if (split.clipped) t.clippedRequests++;
    for (const part of split.missing) t.missing[part] = (t.missing[part] ?? 0) + 1;
  }

  totals(): TimeTotals {
    const t = this.sum;
    const out = { requests: t.requests, totalMs: t.totalMs } as TimeTotals;
    if (!this.deleted) out.poolWaitMs = this.poolWaitMs;
    out.sqlMs = t.sqlMs;
    out.sqlInferred = t.sqlInferred;
    out.beforeFirstLineMs = t.beforeFirstLineMs;
    out.otherMs = t.otherMs;
    out.statements = t.statements;
    out.statementsWithoutPoolWait = t.statementsWithoutPoolWait;
    out.overlappingRequests = t.overlappingRequests;
    out.clippedRequests = t.clippedRequests;
    out.missing = t.missing;
    if (this.deleted && this.poolWaitMs !== undefined) out.poolWaitMs = this.poolWaitMs;
    return out;
  }
}
