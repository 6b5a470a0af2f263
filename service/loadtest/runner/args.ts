/** Command line of the Node load runner; every value bounded, every error names the flag. */

export type CourseBugs = "none" | "2025" | "2023";

export interface RunnerArgs {
  endpoint: URL;
  durationMs: number;
  studiers: number;
  planners: number;
  iterations: number;
  /** Studier think time; default: the course's 120 s compressed like the whole timeline. */
  studierSleepMs: number;
  plannerSleepMs: number;
  timeoutMs: number;
  graceMs: number;
  courseBugs: CourseBugs;
  allowRemote: boolean;
  maxRequests: number;
  sendRequestId: boolean;
  summaryJson?: string;
  quiet: boolean;
}

export class ArgsError extends Error {}

export const USAGE = `usage: npm run load -w service -- [options]
  --endpoint URL         service base URL (default http://127.0.0.1:6400); loopback only unless --allow-remote
  --duration 60s         total run time, like k6 (max 30m); the course's 6-minute timeline is compressed into it
  --studiers N           peak studier VUs (default 300); ramp 1/6 to 20%, 3/6 to N, 2/6 down to 0
  --planners N           planner VUs (default 20)
  --iterations N         planner iterations shared by all planners (default 400)
  --studier-sleep T      studier think time (default: 120s scaled by duration/6m)
  --planner-sleep T      planner pause after POST and after DELETE (default: 10s scaled by duration/6m)
  --timeout T            client timeout per request, like k6's (default 60s)
  --grace T              how long in-flight requests may finish after --duration (default 30s, at most --timeout)
  --course-bugs [2023]   reproduce the 2025/2026 script's bugs (or the 2023 variant)
  --max-requests N       hard cap on requests sent (default 200000)
  --no-request-id        do not send X-Request-ID (by default each request carries a fresh UUID)
  --summary-json FILE    also write the summary and the client's ground truth as JSON
  --allow-remote         allow a non-loopback endpoint
  --quiet                no per-failure warnings`;

export function parseDuration(flag: string, raw: string | undefined): number {
  const m = raw === undefined ? null : /^(\d+(?:\.\d+)?)(ms|s|m)?$/.exec(raw);
  if (!m) throw new ArgsError(`${flag}: expected a duration like 500ms, 30s or 2m, got "${raw ?? ""}"`);
  const n = Number(m[1]);
  return Math.round(m[2] === "ms" ? n : m[2] === "m" ? n * 60_000 : n * 1000);
}

function count(flag: string, raw: string | undefined, min: number, max: number): number {
  if (raw === undefined || !/^\d+$/.test(raw)) throw new ArgsError(`${flag}: expected a whole number, got "${raw ?? ""}"`);
  const n = Number(raw);
  if (n < min || n > max) throw new ArgsError(`${flag}: expected ${min}..${max}, got ${n}`);
  return n;
}

export function isLoopback(url: URL): boolean {
  const h = url.hostname.replace(/^\[|\]$/g, "");
  return h === "localhost" || h === "::1" || /^127\.\d+\.\d+\.\d+$/.test(h);
}

const COURSE_TIMELINE_MS = 6 * 60_000;

export function parseArgs(argv: string[]): RunnerArgs {
  const flags = new Map<string, string | undefined>();
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (!a.startsWith("--")) throw new ArgsError(`unexpected argument "${a}"`);
    const [name, inline] = a.slice(2).split("=", 2);
    const next = argv[i + 1];
    const takesValue = !["allow-remote", "no-request-id", "quiet", "course-bugs", "help"].includes(name);
    if (inline !== undefined) flags.set(name, inline);
    else if (takesValue) {
      flags.set(name, next);
      i++;
    } else if (name === "course-bugs" && next !== undefined && /^\d{4}$/.test(next)) {
      flags.set(name, next);
      i++;
    } else flags.set(name, "");
  }
  const known = new Set(["endpoint", "duration", "studiers", "planners", "iterations", "studier-sleep", "planner-sleep", "timeout", "grace", "course-bugs", "max-requests", "no-request-id", "summary-json", "allow-remote", "quiet", "help"]);
  for (const k of flags.keys()) if (!known.has(k)) throw new ArgsError(`unknown option --${k}`);
  if (flags.has("help")) throw new ArgsError("");

  let endpoint: URL;
  try {
    endpoint = new URL(flags.get("endpoint") ?? "http://127.0.0.1:6400");
  } catch {
    throw new ArgsError(`--endpoint: not a URL: "${flags.get("endpoint")}"`);
  }
  if (endpoint.protocol !== "http:") throw new ArgsError("--endpoint: only http:// is supported");
  const allowRemote = flags.has("allow-remote");
  if (!isLoopback(endpoint) && !allowRemote) {
    throw new ArgsError(`--endpoint ${endpoint.host} is not a loopback address; load goes to 127.0.0.1 unless you pass --allow-remote`);
  }
  const durationMs = parseDuration("--duration", flags.get("duration") ?? "60s");
  if (durationMs < 1000 || durationMs > 30 * 60_000) throw new ArgsError("--duration: expected 1s..30m");
  const scale = durationMs / COURSE_TIMELINE_MS;
  const timeoutMs = parseDuration("--timeout", flags.get("timeout") ?? "60s");
  if (timeoutMs < 1 || timeoutMs > 10 * 60_000) throw new ArgsError("--timeout: expected up to 10m");
  const bugs = flags.get("course-bugs");
  const courseBugs: CourseBugs = bugs === undefined ? "none" : bugs === "" || bugs === "2025" || bugs === "2026" || bugs === "1" ? "2025" : bugs === "2023" ? "2023" : "none";
  if (bugs !== undefined && courseBugs === "none") throw new ArgsError(`--course-bugs: expected nothing, 2025 or 2023, got "${bugs}"`);
  const sleepFlag = (flag: string, courseMs: number) => (flags.has(flag) ? parseDuration(`--${flag}`, flags.get(flag)) : Math.round(courseMs * scale));
  return {
    endpoint,
    durationMs,
    studiers: count("--studiers", flags.get("studiers") ?? "300", 0, 20_000),
    planners: count("--planners", flags.get("planners") ?? "20", 0, 2_000),
    iterations: count("--iterations", flags.get("iterations") ?? "400", 0, 1_000_000),
    studierSleepMs: sleepFlag("studier-sleep", 120_000),
    plannerSleepMs: sleepFlag("planner-sleep", 10_000),
    timeoutMs,
    graceMs: Math.min(timeoutMs, flags.has("grace") ? parseDuration("--grace", flags.get("grace")) : 30_000),
    courseBugs,
    allowRemote,
    maxRequests: count("--max-requests", flags.get("max-requests") ?? "200000", 1, 10_000_000),
    sendRequestId: !flags.has("no-request-id"),
    summaryJson: flags.get("summary-json") || undefined,
    quiet: flags.has("quiet"),
  };
}
