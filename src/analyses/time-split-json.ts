import { roundMs } from "./percentile.js";
import { MISSING_SENTENCES, shares, type TimeSplit, type TimeTotals } from "./time-split.js";

/**
 * A split as JSON: milliseconds and shares (0..1) per part, `null` for a part the log does not
 * hold (never a silent 0), and what is missing as codes with their sentences.
 */
export function splitJson(split: TimeSplit | TimeTotals): Record<string, unknown> {
  const share = shares(split);
  const missing = "totalFrom" in split ? split.missing : (Object.keys(split.missing) as (keyof typeof MISSING_SENTENCES)[]);
  return {
    total_ms: roundMs(split.totalMs),
    ...("totalFrom" in split ? { total_from: split.totalFrom } : { requests: split.requests }),
    pool_wait_ms: split.poolWaitMs === undefined ? null : roundMs(split.poolWaitMs),
    sql_ms: roundMs(split.sqlMs),
    sql_inferred: split.sqlInferred,
    before_first_line_ms: roundMs(split.beforeFirstLineMs),
    other_ms: roundMs(split.otherMs),
    shares: {
      pool_wait: share.poolWait ?? null,
      sql: share.sql,
      before_first_line: share.beforeFirstLine,
      other: share.other,
    },
    statements: split.statements,
    statements_without_pool_wait: split.statementsWithoutPoolWait,
    ...("totalFrom" in split
      ? { overlapping: split.overlapping, clipped: split.clipped }
      : { overlapping_requests: split.overlappingRequests, clipped_requests: split.clippedRequests }),
    missing: missing.map((code) => ({
      code,
      sentence: MISSING_SENTENCES[code],
      ...("totalFrom" in split ? {} : { requests: split.missing[code] }),
    })),
  };
}
