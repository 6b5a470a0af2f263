import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ArgsError, parseArgs } from "../loadtest/runner/args.js";
import { createHttpClient } from "../loadtest/runner/http-client.js";
import { Metrics, formatSummary, summarise } from "../loadtest/runner/metrics.js";
import { clientGroundTruth } from "../loadtest/runner/ground-truth.js";
import { runScenario, studierTarget } from "../loadtest/runner/scenario.js";
import type { RunningService } from "../src/server.js";
import { type TestDb, captureOutput, eventually, resetTodos, startTestDb, startTestService } from "./helpers.js";

describe("the summary", () => {
  it("shows byte counts and rates under a kilobyte as whole bytes, as k6 does", () => {
    const summary = { ...summarise(new Metrics(), 3000), data_received_bytes: 1598, data_sent_bytes: 7 };
    const text = formatSummary(summary);
    expect(text).toMatch(/data_received\.+: 1\.6 kB 533 B\/s$/m);
    expect(text).toMatch(/data_sent\.+: 7 B 2 B\/s$/m);
  });
});

describe("runner arguments", () => {
  it("refuses an endpoint that is not loopback unless --allow-remote", () => {
    expect(() => parseArgs(["--endpoint", "http://example.com"])).toThrow(ArgsError);
    expect(() => parseArgs(["--endpoint", "http://10.0.0.5:6400"])).toThrow(/--allow-remote/);
    expect(parseArgs(["--endpoint", "http://example.com", "--allow-remote"]).endpoint.hostname).toBe("example.com");
    expect(parseArgs(["--endpoint", "http://[::1]:6400"]).endpoint.port).toBe("6400");
  });

  it("bounds duration and counts, and reads the course-bugs variants", () => {
    expect(() => parseArgs(["--duration", "2h"])).toThrow(/--duration/);
    expect(() => parseArgs(["--studiers", "-1"])).toThrow(/--studiers/);
    expect(parseArgs([]).timeoutMs).toBe(60_000);
    expect(parseArgs(["--course-bugs"]).courseBugs).toBe("2025");
    expect(parseArgs(["--course-bugs", "2023"]).courseBugs).toBe("2023");
    expect(parseArgs(["--course-bugs", "--duration", "10s"]).durationMs).toBe(10_000);
    // The course's 10 s planner pause, compressed with the 6-minute timeline into 60 s.
    expect(parseArgs(["--duration", "60s"]).plannerSleepMs).toBe(1667);
  });

  it("ramps studiers like the course's stages: 20% after the first sixth, peak at two thirds, then down", () => {
    expect(studierTarget(300, 1 / 6)).toBe(60);
    expect(studierTarget(300, 4 / 6 - 1e-9)).toBe(300);
    expect(studierTarget(300, 5 / 6)).toBe(150);
    expect(studierTarget(300, 1)).toBe(0);
  });
});

describe("the scenario against the service", () => {
  let db: TestDb;
  let service: RunningService;
  let out: ReturnType<typeof captureOutput>;

  beforeAll(async () => {
    db = await startTestDb();
    ({ service, out } = await startTestService(db, { LOG_LEVEL: "info" }));
  });
  afterAll(async () => {
    await service?.stop("tests done");
    await db?.close();
  });

  async function run(extra: string[]) {
    await resetTodos(db);
    out.lines.length = 0;
    const args = parseArgs(["--endpoint", service.url, "--duration", "3s", "--studiers", "4", "--planners", "2", "--iterations", "4", "--studier-sleep", "200ms", "--planner-sleep", "100ms", ...extra]);
    const metrics = new Metrics();
    let sent = 0;
    const client = createHttpClient({ timeoutMs: args.timeoutMs, sendRequestId: true, admit: () => sent++ < 1000 });
    const t0 = performance.now();
    await runScenario(args, client, metrics, { startedAt: t0, ended: () => performance.now() - t0 >= args.durationMs, elapsedMs: () => performance.now() - t0 }, { warn: () => undefined });
    client.destroy();
    const left = Number((await db.pool.query("SELECT count(*) AS n FROM todos")).rows[0].n);
    return { metrics, summary: summarise(metrics, performance.now() - t0), truth: clientGroundTruth(metrics), left };
  }

  it("corrected: every planner deletes what it created, checks pass", async () => {
    const { summary, truth, left } = await run([]);
    expect(truth.requests_by_method_route_status["POST /api/v1/todos 201"]).toBe(4);
    expect(truth.requests_by_method_route_status["DELETE /api/v1/todos/:id 200"]).toBe(4);
    expect(left).toBe(0);
    expect(summary.checks.failed).toBe(0);
    expect(summary.checks.by_name["is status 201"].passes).toBe(4);
  });

  it("--course-bugs: the DELETE never leaves the client (status 0) and the POST check fails", async () => {
    const { summary, truth, left } = await run(["--course-bugs"]);
    expect(truth.requests_by_method_route_status["DELETE /api/v1/todos/:id 0"]).toBe(4);
    expect(truth.failures_without_response).toEqual({ 'unsupported protocol scheme ""': 4 });
    expect(summary.http_req_failed).toBe(4);
    expect(summary.checks.by_name["is status 200"].fails).toBe(8);
    expect(left).toBe(4);
    expect(out.records().filter((r) => r.event === "request_started" && r.method === "DELETE")).toEqual([]);
  });

  it("--course-bugs 2023: the server sees DELETE /api/v1/todos/undefined and answers 404", async () => {
    const { truth, left } = await run(["--course-bugs", "2023"]);
    expect(truth.requests_by_method_route_status["DELETE /api/v1/todos/:id 404"]).toBe(4);
    expect(left).toBe(4);
    const urls = out.records().filter((r) => r.event === "request_started" && r.method === "DELETE").map((r) => r.url);
    expect(urls).toEqual(Array(4).fill("/api/v1/todos/undefined"));
  });

  it("times out like k6: status 0, and the server logs the request as aborted", async () => {
    await resetTodos(db);
    const slow = await startTestService(db, { CHAOS_MODE: "on", CHAOS_LATENCY_RATE: "1", CHAOS_LATENCY_MS: "2000", CHAOS_FAILURE_RATE: "0" });
    try {
      const client = createHttpClient({ timeoutMs: 200, sendRequestId: true, admit: () => true });
      const r = await client.request("GET", `${slow.service.url}/api/v1/todos`, "/api/v1/todos");
      client.destroy();
      expect(r).toMatchObject({ status: 0, timedOut: true, error: "request timeout" });
      const aborted = await eventually(() => slow.out.records().find((l) => l.event === "request_aborted"), "request_aborted");
      expect(aborted.request_id).toBe(r.requestId);
    } finally {
      await slow.service.stop("test done");
    }
  });
});
