// Logs Insights queries of the dashboard, over the fields of the service's log schema v1.
// Each is a list of pipeline stages; LogQueryWidget joins them with "\n| ".

export const P95_LATENCY_BY_ROUTE = [
  'filter event = "request_finished"',
  // By method too: GET, PUT and DELETE of /todos/:id share a route, and the DELETEs are the slow ones.
  "stats pct(duration_ms, 95) as p95_ms, count(*) as requests by method, route",
  "sort p95_ms desc",
];

export const ERROR_RATE = [
  'filter event = "request_finished"',
  "stats sum(status >= 500) * 100 / count(*) as error_rate_pct by bin(1m)",
];

export const SLOW_SQL_RANKING = [
  'filter event = "db_query"',
  "stats sum(duration_ms) as total_ms, count(*) as calls, pct(duration_ms, 95) as p95_ms, max(duration_ms) as max_ms by sql",
  "sort total_ms desc",
  "limit 20",
];

export const REQUEST_VOLUME = [
  'filter event = "request_finished"',
  "stats count(*) as requests by bin(1m)",
];
