import type { HttpResult } from "./http-client.js";

function quantile(sorted: number[], q: number): number {
  if (sorted.length === 0) return 0;
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos), hi = Math.ceil(pos);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}

export interface Trend {
  avg: number;
  min: number;
  med: number;
  max: number;
  p90: number;
  p95: number;
  count: number;
}

export function trend(values: number[]): Trend {
  const s = [...values].sort((a, b) => a - b);
  const sum = s.reduce((a, b) => a + b, 0);
  return { avg: s.length ? sum / s.length : 0, min: s[0] ?? 0, med: quantile(s, 0.5), max: s.at(-1) ?? 0, p90: quantile(s, 0.9), p95: quantile(s, 0.95), count: s.length };
}

/** Everything the run observed from the client side; the summary and the manifest read it. */
export class Metrics {
  readonly results: HttpResult[] = [];
  readonly checks = new Map<string, { passes: number; fails: number }>();
  readonly iterations = { studier: 0, planner: 0 };
  readonly iterationMs: number[] = [];
  interrupted = 0;
  /** Iterations under way now (a Ctrl-C counts them as interrupted). */
  inProgress = 0;
  vusMax = 0;

  record(r: HttpResult): HttpResult {
    this.results.push(r);
    return r;
  }

  check(name: string, ok: boolean): void {
    const c = this.checks.get(name) ?? { passes: 0, fails: 0 };
    if (ok) c.passes++;
    else c.fails++;
    this.checks.set(name, c);
  }
}

/** The codes of a request that never reached a server: nothing listening, no route, no such host. */
const CONNECT_FAILURES = new Set(["ECONNREFUSED", "EHOSTUNREACH", "ENETUNREACH", "ENOTFOUND", "EAI_AGAIN", "EADDRNOTAVAIL", "ETIMEDOUT"]);

export function couldNotConnect(r: HttpResult): boolean {
  return r.errorCode !== undefined && CONNECT_FAILURES.has(r.errorCode);
}

/**
 * Of the requests that went to the network (not those refused before sending, as the course's
 * DELETE is with --course-bugs), how many could not connect, and one such error to show.
 */
export function connectionFailures(m: Metrics): { sent: number; failed: number; example?: string } {
  let sent = 0;
  let failed = 0;
  let example: string | undefined;
  for (const r of m.results) {
    if (r.local) continue;
    sent++;
    if (couldNotConnect(r)) {
      failed++;
      example ??= r.error;
    }
  }
  return { sent, failed, ...(example !== undefined ? { example } : {}) };
}

/** k6's default: a request failed unless it got a 2xx/3xx response. */
export function failed(r: HttpResult): boolean {
  return r.status < 200 || r.status >= 400;
}

export interface Summary {
  duration_s: number;
  checks: { total: number; passed: number; failed: number; by_name: Record<string, { passes: number; fails: number }> };
  http_reqs: number;
  http_req_failed: number;
  http_req_duration_ms: Trend;
  http_req_duration_expected_ms: Trend;
  iterations: number;
  iterations_by_scenario: { studier: number; planner: number };
  interrupted_iterations: number;
  iteration_duration_ms: Trend;
  vus_max: number;
  data_received_bytes: number;
  data_sent_bytes: number;
}

export function summarise(m: Metrics, elapsedMs: number): Summary {
  let passed = 0, fails = 0;
  for (const c of m.checks.values()) {
    passed += c.passes;
    fails += c.fails;
  }
  return {
    duration_s: Math.round(elapsedMs) / 1000,
    checks: { total: passed + fails, passed, failed: fails, by_name: Object.fromEntries(m.checks) },
    http_reqs: m.results.length,
    http_req_failed: m.results.filter(failed).length,
    http_req_duration_ms: trend(m.results.map((r) => r.durationMs)),
    http_req_duration_expected_ms: trend(m.results.filter((r) => !failed(r)).map((r) => r.durationMs)),
    iterations: m.iterations.studier + m.iterations.planner,
    iterations_by_scenario: { ...m.iterations },
    interrupted_iterations: m.interrupted,
    iteration_duration_ms: trend(m.iterationMs),
    vus_max: m.vusMax,
    data_received_bytes: m.results.reduce((n, r) => n + r.bytesReceived, 0),
    data_sent_bytes: m.results.reduce((n, r) => n + r.bytesSent, 0),
  };
}

function dur(ms: number): string {
  if (ms === 0) return "0s";
  if (ms < 1) return `${Math.round(ms * 1000)}µs`;
  if (ms < 1000) return `${ms.toFixed(2)}ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(2)}s`;
  const m = Math.floor(ms / 60_000);
  return `${m}m${Math.round((ms - m * 60_000) / 1000)}s`;
}

function bytes(n: number): string {
  const units = ["B", "kB", "MB", "GB"];
  let i = 0;
  let v = n;
  while (v >= 1000 && i < units.length - 1) {
    v /= 1000;
    i++;
  }
  return `${i === 0 ? Math.round(v) : v.toFixed(1)} ${units[i]}`;
}

function pct(part: number, whole: number): string {
  return whole === 0 ? "0.00%" : `${((part / whole) * 100).toFixed(2)}%`;
}

function line(name: string, value: string): string {
  return `    ${name.padEnd(44, ".")}: ${value}`;
}

function trendText(t: Trend): string {
  return `avg=${dur(t.avg)} min=${dur(t.min)} med=${dur(t.med)} max=${dur(t.max)} p(90)=${dur(t.p90)} p(95)=${dur(t.p95)}`;
}

/** Text in the shape of k6's end-of-test summary. */
export function formatSummary(s: Summary): string {
  const rate = (n: number) => `${(n / Math.max(s.duration_s, 0.001)).toFixed(6)}/s`;
  const out: string[] = ["", "  █ TOTAL RESULTS", ""];
  out.push(line("checks_total", `${s.checks.total}   ${rate(s.checks.total)}`));
  out.push(line("checks_succeeded", `${pct(s.checks.passed, s.checks.total)} ${s.checks.passed} out of ${s.checks.total}`));
  out.push(line("checks_failed", `${pct(s.checks.failed, s.checks.total)} ${s.checks.failed} out of ${s.checks.total}`), "");
  for (const [name, c] of Object.entries(s.checks.by_name)) {
    const total = c.passes + c.fails;
    out.push(`    ${c.fails === 0 ? "✓" : "✗"} ${name}`);
    if (c.fails > 0) out.push(`      ↳  ${Math.floor((c.passes / total) * 100)}% — ✓ ${c.passes} / ✗ ${c.fails}`);
  }
  out.push("", "    HTTP");
  out.push(line("http_req_duration", trendText(s.http_req_duration_ms)));
  out.push(line("  { expected_response:true }", trendText(s.http_req_duration_expected_ms)));
  out.push(line("http_req_failed", `${pct(s.http_req_failed, s.http_reqs)} ${s.http_req_failed} out of ${s.http_reqs}`));
  out.push(line("http_reqs", `${s.http_reqs}   ${rate(s.http_reqs)}`), "", "    EXECUTION");
  out.push(line("iteration_duration", trendText(s.iteration_duration_ms)));
  out.push(line("iterations", `${s.iterations}   ${rate(s.iterations)}`));
  out.push(line("vus_max", `${s.vus_max}`), "", "    NETWORK");
  out.push(line("data_received", `${bytes(s.data_received_bytes)} ${bytes(s.data_received_bytes / Math.max(s.duration_s, 0.001))}/s`));
  out.push(line("data_sent", `${bytes(s.data_sent_bytes)} ${bytes(s.data_sent_bytes / Math.max(s.duration_s, 0.001))}/s`), "");
  out.push(`running (${dur(s.duration_s * 1000)}), ${s.iterations} complete and ${s.interrupted_iterations} interrupted iterations`, "");
  return out.join("\n");
}
