/**
 * The planners-and-studiers load that shows the practical's bottleneck within a minute: 300
 * studiers listing the todos with a tenth of a second of think time, 20 planners creating (and,
 * with the corrected script, deleting) 400 todos. The course's 120 s studier think time belongs
 * to its 6-minute test; compressed to under a minute (the runner's default, 15 s at 45 s) the
 * service sees about 30 requests a second and its pool never fills, so the demo would show
 * nothing to explain.
 *
 * Half a second was enough on a machine under a load average of 9, where the recorded runs
 * (fixtures/runs/, whose manifests keep their own commands) were made, but not on an idle one:
 * 30 s of it on the 2-core development machine gave 300 requests a second, 1-3% of the list's
 * time waiting for a connection and a p95 that fell as the test ramped up. A tenth of a second
 * there gave 860 a second and a p95 rising from 6 to 258 ms with the table and the ramp, 88% of
 * it waiting for one of the pool's 10 connections: the story the recordings tell.
 */
export const PRACTICAL_LOAD = ["--studiers", "300", "--planners", "20", "--iterations", "400", "--studier-sleep", "100ms", "--quiet"] as const;

/** The demo's load-runner arguments: the practical's load for `seconds` against `endpoint`, then `extra`. */
export function demoLoadArgs(endpoint: string, seconds: number, extra: readonly string[]): string[] {
  return ["--endpoint", endpoint, "--duration", `${seconds}s`, ...PRACTICAL_LOAD, ...extra];
}
