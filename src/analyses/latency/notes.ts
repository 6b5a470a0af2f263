import { formatMs } from "../format.js";
import type { RequestTiming } from "../request-timing.js";
import type { RouteLatency } from "./model.js";

/**
 * What can and cannot be attributed in these logs, from what they hold: each sentence is
 * printed under the table and kept in the JSON, so no figure is read as more than it is.
 */
export function latencyNotes(overall: RouteLatency, timings: readonly RequestTiming[]): string[] {
  const notes: string[] = [];
  const { time } = overall;
  const missing = time.missing;
  if (overall.unfinished > 0) {
    notes.push(
      `${overall.unfinished} request(s) have no request_finished or request_aborted line (still running at the end of the range, or lines missing): they are in no figure but this count`,
    );
  }
  if (missing.duration) {
    notes.push(`${missing.duration} request(s) log no duration: their time is the span from their first line to their last (the request hooks' lines)`);
  }
  if (missing.start) notes.push(`${missing.start} request(s) have no start line and no logged duration: their time is counted from their first line (a lower bound)`);
  if (time.sqlInferred) {
    notes.push("~ SQL times are inferred: the log has no statement durations, so each is the gap from the statement's line to the request's next line (an upper bound: driver and application time included)");
  }
  if (time.statements > 0 && time.poolWaitMs === undefined) {
    notes.push("no statement logs pool_wait_ms: time spent waiting for a DB connection cannot be told apart from the rest, and is inside \"other\"");
  } else if (time.statementsWithoutPoolWait > 0) {
    notes.push(`${time.statementsWithoutPoolWait} of ${time.statements} statement(s) have no pool_wait_ms (an older log?): their wait for a connection is inside "other", so pool wait is a lower bound`);
  }
  if (overall.requests > 0 && overall.errors === undefined) notes.push("no response status is logged: errors cannot be counted (shown as -)");
  if (time.overlappingRequests > 0) {
    notes.push(`${time.overlappingRequests} request(s) ran statements concurrently: their pool wait and SQL are counted by wall clock, not summed`);
  }
  if (time.clippedRequests > 0) {
    notes.push(`${time.clippedRequests} request(s) ran statements past their end (after an abort, the server goes on without the client): only the part before the end counts`);
  }
  const delayed = timings.filter((timing) => timing.end !== "unfinished" && timing.injectedDelayMs !== undefined);
  if (delayed.length > 0) {
    const ms = delayed.reduce((sum, timing) => sum + (timing.injectedDelayMs ?? 0), 0);
    notes.push(`${delayed.length} request(s) were delayed on purpose by chaos mode (chaos_latency), ${formatMs(ms)} in all: that time is inside "other"`);
  }
  if (timings.some((timing) => timing.producer === "course-practical")) {
    notes.push(
      "course practical: gunicorn runs one sync worker, so requests queue in its listen backlog before Flask writes their first line; that wait, which clients do see, is in no log line (inferred from its configuration)",
    );
  } else if (overall.requests > 0) {
    notes.push("time before a request's first line (the accept queue, a busy event loop) is not logged and is in no figure: clients can see more");
  }
  return notes;
}
