import { formatTime } from "../format.js";
import { splitJson } from "../time-split-json.js";
import type { TraceModel } from "./model.js";

/**
 * `{"request_id", "summary": {...}, "events": [...]}`: each event keeps every field it was
 * logged with, plus its place in the request (`offset_ms`, `gap_ms`) and, for statements,
 * `sql_ms` (with `sql_ms_inferred` when it is a gap, not a measurement) and `pool_wait_ms` (null
 * when the line has none). `summary.time` splits the request's time (time-split-json.ts).
 */
export function traceJson(model: TraceModel): unknown {
  const { summary } = model;
  return {
    request_id: summary.requestId,
    summary: {
      method: summary.method ?? null,
      url: summary.url ?? null,
      route: summary.route ?? null,
      status: summary.status ?? null,
      duration_ms: summary.durationMs,
      db_queries: summary.dbQueries,
      db_ms: summary.dbMs,
      db_ms_inferred: summary.dbMsInferred,
      db_share: summary.dbShare ?? null,
      time: splitJson(summary.time),
      events: summary.events,
      aborted: summary.aborted,
      instances: summary.instances,
      log_streams: summary.logStreams,
      log_groups: summary.logGroups,
      warnings: summary.warnings,
    },
    events: traceRows(model),
  };
}

/** One object per event: the main table of `--format csv` and `ndjson`, and the JSON's `events`. */
export function traceRows(model: TraceModel): Record<string, unknown>[] {
  return model.steps.map((step) => ({
    ...step.fields,
    "@timestamp": formatTime(step.timestamp),
    offset_ms: step.offsetMs,
    gap_ms: step.gapMs,
    event: step.event,
    level: step.level,
    location: step.location,
    message: step.message,
    ...(step.sqlMs !== undefined ? { sql_ms: step.sqlMs, sql_ms_inferred: step.sqlInferred ?? false } : {}),
    ...(step.sqlMs !== undefined ? { pool_wait_ms: step.waitMs ?? null } : {}),
    ...(step.logStream !== undefined ? { "@logStream": step.logStream } : {}),
    ...(step.logGroup !== undefined ? { "@log": step.logGroup } : {}),
  }));
}
