/**
 * The planners-and-studiers load that shows the practical's bottleneck within a minute: 300
 * studiers listing the todos with half a second of think time, 20 planners creating (and, with
 * the corrected script, deleting) 400 todos. The course's 120 s studier think time belongs to its
 * 6-minute test; compressed to under a minute (the runner's default, 15 s at 45 s) the service
 * sees about 30 requests a second and its pool never fills, so the demo would show nothing to
 * explain. The recorded runs (fixtures/runs/) and `npm run demo` share these arguments, so the
 * demo retells the story the README tells from the recordings.
 */
export const PRACTICAL_LOAD = ["--studiers", "300", "--planners", "20", "--iterations", "400", "--studier-sleep", "500ms", "--quiet"] as const;

/** The demo's load-runner arguments: the practical's load for `seconds` against `endpoint`, then `extra`. */
export function demoLoadArgs(endpoint: string, seconds: number, extra: readonly string[]): string[] {
  return ["--endpoint", endpoint, "--duration", `${seconds}s`, ...PRACTICAL_LOAD, ...extra];
}
