import type { Metrics } from "./metrics.js";

/** What the client saw, per method/route/status, for the run's manifest. */
export function clientGroundTruth(m: Metrics) {
  const requests: Record<string, number> = {};
  const examples: Record<string, string> = {};
  const failures: Record<string, number> = {};
  const timedOutIds: string[] = [];
  let timeouts = 0, created = 0, deleted = 0, deleteMissing = 0, notSent = 0;
  for (const r of m.results) {
    const key = `${r.method} ${r.route} ${r.status}`;
    requests[key] = (requests[key] ?? 0) + 1;
    const routeKey = `${r.method} ${r.route}`;
    if (r.status > 0 && r.requestId && !(routeKey in examples)) examples[routeKey] = r.requestId;
    if (r.timedOut) {
      timeouts++;
      if (r.requestId && timedOutIds.length < 500) timedOutIds.push(r.requestId);
    } else if (r.status === 0) {
      failures[r.error ?? "unknown"] = (failures[r.error ?? "unknown"] ?? 0) + 1;
      if (r.durationMs === 0) notSent++;
    }
    if (r.method === "POST" && r.status === 201) created++;
    if (r.method === "DELETE" && r.status === 200) {
      if (r.body && r.body !== "{}") deleted++;
      else deleteMissing++;
    }
  }
  return {
    requests_by_method_route_status: Object.fromEntries(Object.entries(requests).sort()),
    todos_created_seen_by_client: created,
    todos_deleted_seen_by_client: deleted,
    deletes_of_missing_ids: deleteMissing,
    timeouts,
    timed_out_request_ids: timedOutIds,
    failures_without_response: failures,
    requests_never_sent: notSent,
    example_request_id_by_route: examples,
  };
}
