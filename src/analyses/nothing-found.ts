import { searchedIn, type RenderOptions } from "./render-options.js";

/**
 * The answers of analyses that found nothing, and `tolog report`'s sections without data, in one
 * wording: which lines were looked for, in which logs (and the range, when one was chosen), so
 * that the reader checks the logs rather than a range nobody gave.
 */

/** The lines latency, trace and the report's request sections read. */
export const REQUEST_LINES = "request lines (request_id with request_started / request_finished)";
/** The lines slow-queries reads. */
export const SQL_LINES = "SQL statements (db_query lines, or the practical's SQLAlchemy lines)";
/** The lines races reads. */
export const TODO_LINES = "todo was created (no todo_created lines)";

export function noRequests(options: Pick<RenderOptions, "searched">): string {
  return `No TaskOverflow ${REQUEST_LINES} in ${searchedIn(options)}`;
}

export function noStatements(options: Pick<RenderOptions, "searched">): string {
  return `No ${SQL_LINES} in ${searchedIn(options)}`;
}

export function noTodos(options: Pick<RenderOptions, "searched">): string {
  return `No ${TODO_LINES} in ${searchedIn(options)}`;
}

/** `--route` matched no request: the routes the logs have instead. */
export function noRequestOnRoute(route: string | undefined, routesSeen: readonly string[], options: Pick<RenderOptions, "searched">): string {
  return `No request on the route ${route} in ${searchedIn(options)}; the routes there: ${routesSeen.join(", ") || "none"} (--route takes a template as logged, e.g. /api/v1/todos/:id).`;
}
