import type { AppEvent } from "./events.js";

/** One execution of one SQL statement, with its duration measured or inferred. */
export interface SqlExecution {
  event: AppEvent;
  sql: string;
  /** Execution time in ms. */
  ms: number;
  /** True when the producer logged no duration and `ms` is the gap to the request's next event. */
  inferred: boolean;
}

export interface SqlExecutions {
  executions: SqlExecution[];
  /** Statements whose duration is neither logged nor inferable (no request id, or last event). */
  untimed: number;
}

/**
 * Every `db_query` event with a duration. Producers without per-statement timing (the course
 * practical) get the gap from the statement line to the next event of the same request,
 * skipping the statement's own parameters line: an upper bound that includes driver and
 * Python time, which is why it is marked inferred.
 */
export function sqlExecutions(events: readonly AppEvent[]): SqlExecutions {
  const byRequest = groupByRequest(events);
  const executions: SqlExecution[] = [];
  let untimed = 0;
  for (const event of events) {
    if (event.event !== "db_query" || event.sql === undefined) continue;
    if (event.sqlMs !== undefined) {
      executions.push({ event, sql: event.sql, ms: event.sqlMs, inferred: false });
      continue;
    }
    const next = event.requestId === undefined ? undefined : nextEvent(byRequest.get(event.requestId)!, event);
    if (next === undefined) untimed++;
    else executions.push({ event, sql: event.sql, ms: next.timestamp - event.timestamp, inferred: true });
  }
  return { executions, untimed };
}

function groupByRequest(events: readonly AppEvent[]): Map<string, AppEvent[]> {
  const groups = new Map<string, AppEvent[]>();
  for (const event of events) {
    if (event.requestId === undefined) continue;
    const group = groups.get(event.requestId);
    if (group) group.push(event);
    else groups.set(event.requestId, [event]);
  }
  for (const group of groups.values()) group.sort((a, b) => a.timestamp - b.timestamp);
  return groups;
}

function nextEvent(requestEvents: readonly AppEvent[], statement: AppEvent): AppEvent | undefined {
  const index = requestEvents.indexOf(statement);
  for (let i = index + 1; i < requestEvents.length; i++) {
    if (requestEvents[i].event !== "db_params") return requestEvents[i];
  }
  return undefined;
}
