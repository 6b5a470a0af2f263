import { StopQueryCommand } from "@aws-sdk/client-cloudwatch-logs";
import { afterEach, describe, expect, test } from "vitest";
import { checkQuery } from "../engine/index.js";
import { clientFor, startHarness, type Harness } from "../serve/test-support.js";
import { runCloudWatchQuery, type QueryProgressReport } from "./query.js";
import { FAST, numberedEvents, seed } from "./testing/seed.js";

const BASE = Math.floor((Date.now() - 30 * 60_000) / 1000) * 1000;
const REQUEST = { query: "fields n", logGroupNames: ["app"], start: BASE - 60_000, end: BASE + 60 * 60_000 };

let h: Harness;
afterEach(async () => h?.close());

const seen = (operation: string) => h.server.requests.filter((r) => r.operation === operation);

describe("budget and stopping", () => {
  test("--max-gb: a query that passes the budget while running is stopped on AWS (StopQuery)", async () => {
    h = await startHarness({ inject: { queryTimeMs: 3000 } });
    await seed(h.client, "app", "s1", numberedEvents(25_000, BASE, 10));
    const outcome = await runCloudWatchQuery(h.client, REQUEST, { ...FAST, maxBytesScanned: 1000 });
    expect(outcome.status).toBe("BudgetExceeded");
    expect(outcome.statistics.bytesScanned).toBeGreaterThan(1000);
    expect(seen("StopQuery")).toHaveLength(1);
    expect(seen("StopQuery")[0].status).toBe(200);
  });

  test("an aborted signal stops the running query and reports Interrupted", async () => {
    h = await startHarness({ inject: { queryTimeMs: 5000 } });
    await seed(h.client, "app", "s1", numberedEvents(10, BASE, 10));
    const controller = new AbortController();
    const outcome = await runCloudWatchQuery(h.client, REQUEST, {
      ...FAST,
      signal: controller.signal,
      onProgress: (p) => p.status === "Running" && controller.abort(),
    });
    expect(outcome.status).toBe("Interrupted");
    expect(seen("StopQuery").map((r) => r.status)).toEqual([200]);
  });
});

describe("retries", () => {
  test("throttling and service failures are retried until the query completes", async () => {
    h = await startHarness({ inject: { throttle: 0.3, fail: 0.2, seed: 7 } });
    const clean = clientFor(h.server.url);
    h.server.faults.throttle = 0;
    h.server.faults.fail = 0;
    await seed(clean, "app", "s1", numberedEvents(40, BASE, 1000));
    h.server.faults.throttle = 0.3;
    h.server.faults.fail = 0.2;
    const retried: string[] = [];
    const outcome = await runCloudWatchQuery(h.client, REQUEST, { ...FAST, pageSize: 4, onRetry: (e) => retried.push((e as Error).name) });
    clean.destroy();
    expect(outcome.status).toBe("Complete");
    expect(outcome.rows).toHaveLength(40);
    expect(retried).toContain("ThrottlingException");
    expect(retried).toContain("ServiceUnavailableException");
  });

  test("LimitExceeded (too many concurrent queries) waits for a free slot and retries", async () => {
    h = await startHarness({ maxConcurrentQueries: 1, inject: { queryTimeMs: 600 } });
    await seed(h.client, "app", "s1", numberedEvents(5, BASE, 1000));
    const first = runCloudWatchQuery(h.client, REQUEST, FAST);
    while (seen("StartQuery").length === 0) await new Promise((r) => setTimeout(r, 10));
    const retried: string[] = [];
    const second = await runCloudWatchQuery(h.client, REQUEST, {
      pollMs: FAST.pollMs,
      retry: { baseDelayMs: 50, maxDelayMs: 200 },
      onRetry: (e) => retried.push((e as Error).name),
    });
    expect((await first).status).toBe("Complete");
    expect(second.status).toBe("Complete");
    expect(retried[0]).toBe("LimitExceededException");
  });
});

describe("end states", () => {
  test("Failed", async () => {
    h = await startHarness({
      engine: async () => ({ checkQuery, runQuery: () => Promise.reject(new Error("boom")) }),
    });
    await seed(h.client, "app", "s1", numberedEvents(3, BASE, 1000));
    expect((await runCloudWatchQuery(h.client, REQUEST, FAST)).status).toBe("Failed");
  });

  test("Timeout", async () => {
    // Scheduled for a second, then running for 4 s: past the time-out, which counts from Running.
    h = await startHarness({ queryTimeoutMs: 1500, inject: { queryTimeMs: 5000 } });
    await seed(h.client, "app", "s1", numberedEvents(3, BASE, 1000));
    const outcome = await runCloudWatchQuery(h.client, REQUEST, FAST);
    expect(outcome.status).toBe("Timeout");
  });

  test("Cancelled by someone else's StopQuery", async () => {
    h = await startHarness({ inject: { queryTimeMs: 5000 } });
    await seed(h.client, "app", "s1", numberedEvents(3, BASE, 1000));
    let stopped = false;
    const outcome = await runCloudWatchQuery(h.client, REQUEST, {
      ...FAST,
      onProgress: (p: QueryProgressReport) => {
        if (!stopped) void h.client.send(new StopQueryCommand({ queryId: p.queryId }));
        stopped = true;
      },
    });
    expect(outcome.status).toBe("Cancelled");
  });

  test("StartQuery is sent in whole seconds, both bounds inclusive", async () => {
    const bodies: Record<string, unknown>[] = [];
    h = await startHarness({ onRequest: (r) => r.operation === "StartQuery" && bodies.push(r.body as Record<string, unknown>) });
    await seed(h.client, "app", "s1", [{ timestamp: BASE + 999, message: "edge" }]);
    const outcome = await runCloudWatchQuery(h.client, { ...REQUEST, start: BASE + 999, end: BASE + 999 }, FAST);
    expect(bodies[0]).toMatchObject({ startTime: BASE / 1000, endTime: BASE / 1000 });
    expect(outcome.rows).toHaveLength(1);
  });
});
