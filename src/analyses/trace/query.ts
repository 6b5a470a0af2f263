import { normalisedFold, runFold, type AnalysisFold } from "../analysis-fold.js";
import type { SavedQueryRunner } from "../saved-query-runner.js";
import { buildTrace, type TraceModel } from "./model.js";

/** The request id format TaskOverflow accepts (log-schema.md); UUIDs fit it. */
const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * Whether a request id may be traced. The saved-query loader quotes and escapes it anyway;
 * this keeps anything that is not an id from reaching a query at all.
 */
export function isValidRequestId(id: string): boolean {
  return REQUEST_ID.test(id);
}

/** `queries/trace.insights` for one request id, its lines kept as they come; the trace worked out from the lines so far (undefined: none yet). */
export function traceFold(requestId: string): AnalysisFold<TraceModel | undefined> {
  if (!isValidRequestId(requestId)) throw new RangeError(`not a request id: ${JSON.stringify(requestId)}`);
  const lines = normalisedFold("trace", { request_id: requestId });
  return {
    queries: lines.queries,
    answer() {
      const { events, notes } = lines.answer();
      const model = buildTrace(requestId, events, notes);
      return model.steps.length === 0 ? undefined : model;
    },
  };
}

/** The trace of one request; undefined when no event carries the id in the range. */
export function traceRequest(run: SavedQueryRunner, requestId: string): Promise<TraceModel | undefined> {
  return runFold(run, traceFold(requestId));
}

/**
 * The id of the slowest request in the range (optionally on one route): by its logged
 * duration, else (producers that log none) by the span of its lines.
 */
export async function findSlowestRequest(run: SavedQueryRunner, route?: string): Promise<string | undefined> {
  const rows = route === undefined ? await run("trace-slowest") : await run("trace-slowest-on-route", { route });
  const id = rows[0]?.request_id;
  if (id !== undefined || route !== undefined) return id;
  return (await run("trace-slowest-by-span"))[0]?.request_id;
}
