import { ExactSum } from "../engine/aggregates/exact-sum.js";
import { emptyTotals, type TimeSplit, type TimeTotals } from "./time-split.js";

/**
 * A route's time splits added up in plain fields. `poolWaitMs` is unknown (left out of the
 * totals) while every statement so far lacked a pool wait; requests without statements waited
 * 0. Deleting and setting it on the totals object per request left a slow dictionary (a route's
 * figures over hundreds of thousands of requests), so `totals` builds the object at the end, its
 * keys in the order that rule gave (a `poolWaitMs` left out once and known again comes last;
 * answer-loops.test.ts holds the per-request rule as the reference).
 *
 * The milliseconds are summed exactly (ExactSum): each request's parts are whole microseconds,
 * but added in doubles, thousands of them gathered noise of the order they came in
 * (3259700.73500001 for .735 in latency's csv and compare's JSON, past what 15 digits hide).
 */
export class SplitSum {
  private readonly sum = emptyTotals();
  private readonly totalMs = new ExactSum();
  private readonly sqlMs = new ExactSum();
  private readonly beforeFirstLineMs = new ExactSum();
  private readonly otherMs = new ExactSum();
  /** The totals' `poolWaitMs`: undefined while unknown. */
  private poolWaitMs: ExactSum | undefined = new ExactSum();
  private deleted = false;

  add(split: TimeSplit): void {
    const t = this.sum;
    t.requests++;
    this.totalMs.addTerm(split.totalMs);
    this.sqlMs.addTerm(split.sqlMs);
    t.sqlInferred ||= split.sqlInferred;
    this.beforeFirstLineMs.addTerm(split.beforeFirstLineMs);
    this.otherMs.addTerm(split.otherMs);
    t.statements += split.statements;
    t.statementsWithoutPoolWait += split.statementsWithoutPoolWait;
    if (t.statements > 0 && t.statementsWithoutPoolWait === t.statements) {
      this.poolWaitMs = undefined;
      this.deleted = true;
    } else {
      // Unknown so far: counted from this request on, as `(unknown ?? 0) + wait` did.
      this.poolWaitMs ??= new ExactSum();
      this.poolWaitMs.addTerm(split.poolWaitMs ?? 0);
    }
    if (split.overlapping) t.overlappingRequests++;
    if (split.clipped) t.clippedRequests++;
    for (const part of split.missing) t.missing[part] = (t.missing[part] ?? 0) + 1;
  }

  totals(): TimeTotals {
    const t = this.sum;
    const out = { requests: t.requests, totalMs: this.totalMs.sumValue() } as TimeTotals;
    if (!this.deleted) out.poolWaitMs = this.poolWaitMs?.sumValue();
    out.sqlMs = this.sqlMs.sumValue();
    out.sqlInferred = t.sqlInferred;
    out.beforeFirstLineMs = this.beforeFirstLineMs.sumValue();
    out.otherMs = this.otherMs.sumValue();
    out.statements = t.statements;
    out.statementsWithoutPoolWait = t.statementsWithoutPoolWait;
    out.overlappingRequests = t.overlappingRequests;
    out.clippedRequests = t.clippedRequests;
    out.missing = t.missing;
    if (this.deleted && this.poolWaitMs !== undefined) out.poolWaitMs = this.poolWaitMs.sumValue();
    return out;
  }
}
