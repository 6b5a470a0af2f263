/**
 * The course practical's own log format (CSSE6400 week 8: Flask + SQLAlchemy + watchtower with
 * the StructuredFormatter). Every line is `{timestamp (epoch s), location (logger name),
 * message, request_id?, url?, method?}`; there is no event name, level, status or duration.
 */

/** The request lines the practical's `before_request` / `after_request` hooks write. */
const REQUEST_MESSAGES: Record<string, string> = {
  "Request started": "request_started",
  "Request finished": "request_finished",
};

/**
 * SQLAlchemy writes a parameters line after each statement. The StructuredFormatter keeps the
 * unformatted template, so on CloudWatch it reads `[%s] %r`; a formatter that formats the
 * record gives `[generated in 0.00015s] {...}`, `[cached since 12.3s ago] ...`, `[raw sql] ...`.
 * Neither is an execution time (it is statement compilation / cache information).
 */
const PARAMS_LINE = /^\[(%s|generated in [\d.]+s|cached since [\d.]+s ago|raw sql|dialect [^\]]+|no key [^\]]+|insertmanyvalues[^\]]*)\]/;

/** Whether an event comes from the practical's format (no `event` key, a logger `location`). */
export function isPracticalLine(obj: Record<string, unknown>): boolean {
  return obj.event === undefined && typeof obj.location === "string" && "message" in obj;
}

/** The stable event name for a practical line: request_started, db_query, db_params, log. */
export function practicalEventName(location: string, message: string): string {
  if (location === "requests" && REQUEST_MESSAGES[message]) return REQUEST_MESSAGES[message];
  if (location.startsWith("sqlalchemy.engine")) return PARAMS_LINE.test(message) ? "db_params" : "db_query";
  return "log";
}

/**
 * The route template of a URL, for producers that do not log one: numeric ids and UUIDs become
 * `:id`. A segment that is neither (`/api/v1/todos/undefined`) matches no route, as Flask's
 * `<int:id>` converter does not match it: the result is undefined.
 */
export function routeOfUrl(url: string | undefined): string | undefined {
  if (url === undefined) return undefined;
  const path = url.split("?")[0];
  const segments = path.split("/");
  const todoIndex = segments.indexOf("todos");
  if (todoIndex >= 0 && segments.length > todoIndex + 1 && segments[todoIndex + 1] !== "") {
    const id = segments[todoIndex + 1];
    if (!isIdSegment(id)) return undefined;
  }
  return segments.map((segment) => (isIdSegment(segment) ? ":id" : segment)).join("/");
}

function isIdSegment(segment: string): boolean {
  return /^\d+$/.test(segment) || /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(segment);
}
