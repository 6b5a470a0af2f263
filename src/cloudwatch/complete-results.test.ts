import { afterEach, describe, expect, test } from "vitest";
import { startHarness, type Harness } from "../serve/test-support.js";
import { fetchCompleteResults } from "./complete-results.js";
import { runCloudWatchQuery } from "./query.js";
import { FAST, numberedEvents, seed } from "./testing/seed.js";

const BASE = Math.floor((Date.now() - 30 * 60_000) / 1000) * 1000;
const RANGE = { start: BASE - 60_000, end: BASE + 20 * 60_000 };

let h: Harness;
afterEach(async () => h?.close());


describe("paging", () => {
  test("a result larger than a page comes through nextToken, every row once", async () => {
    const tokens: unknown[] = [];
    h = await startHarness({ onRequest: (r) => r.operation === "GetQueryResults" && r.body?.nextToken && tokens.push(r.body.nextToken) });
    await seed(h.client, "app", "s1", numberedEvents(250, BASE, 1000));
    const outcome = await runCloudWatchQuery(
      h.client,
      { query: "fields n | sort @timestamp desc", logGroupNames: ["app"], ...RANGE },
      { ...FAST, pageSize: 100 },
    );
    expect(outcome.status).toBe("Complete");
    expect(outcome.rows.map((r) => Number(r.n))).toEqual(Array.from({ length: 250 }, (_, i) => 249 - i));
    expect(tokens).toHaveLength(2);
  });
});

describe("bisection past the row cap", () => {
  test("a non-aggregating query at the cap is split into time slices; rows are complete, unique and newest first", async () => {
    h = await startHarness();
    await seed(h.client, "app", "s1", numberedEvents(300, BASE, 1500));
    const outcome = await fetchCompleteResults(h.client, { query: "fields n", logGroupNames: ["app"], ...RANGE }, { ...FAST, rowCap: 100 });
    expect(outcome.status).toBe("Complete");
    expect(outcome.sliced).toBe(true);
    expect(outcome.missing).toBeUndefined();
    expect(outcome.queries).toBeGreaterThan(3);
    const ns = outcome.rows.map((r) => Number(r.n));
    expect(ns).toEqual(Array.from({ length: 300 }, (_, i) => 299 - i));
    expect(new Set(outcome.rows.map((r) => r["@ptr"])).size).toBe(300);
  });

  test("data in a small part of a wide window: the slices go on from the first run's rows, scanning the data about twice, not once per halving", async () => {
    h = await startHarness();
    const dayAgo = BASE - 86_400_000 + 30 * 60_000;
    // 1,000 events in the newest 100 seconds of a day, 10 a second.
    await seed(h.client, "app", "s1", numberedEvents(1000, BASE, 100));
    const day = { start: dayAgo, end: BASE + 100_000 };
    const once = await runCloudWatchQuery(h.client, { query: "fields @timestamp, n", logGroupNames: ["app"], ...day, limit: 10_000 }, FAST);
    for (const order of ["desc", "asc"] as const) {
      const outcome = await fetchCompleteResults(h.client, { query: `fields @timestamp, n | sort @timestamp ${order}`, logGroupNames: ["app"], ...day }, { ...FAST, rowCap: 100 });
      expect(outcome.missing).toBeUndefined();
      const ns = outcome.rows.map((r) => Number(r.n));
      const all = Array.from({ length: 1000 }, (_, i) => i);
      expect(ns).toEqual(order === "asc" ? all : all.reverse());
      expect(outcome.statistics.bytesScanned, order).toBeLessThanOrEqual(2.5 * once.statistics.bytesScanned);
    }
  });

  test("sort @timestamp asc keeps oldest-first order across slices", async () => {
    h = await startHarness();
    await seed(h.client, "app", "s1", numberedEvents(120, BASE, 2000));
    const outcome = await fetchCompleteResults(
      h.client,
      { query: "fields n | sort @timestamp asc", logGroupNames: ["app"], ...RANGE },
      { ...FAST, rowCap: 50 },
    );
    expect(outcome.rows.map((r) => Number(r.n))).toEqual(Array.from({ length: 120 }, (_, i) => i));
  });

  test("more events in one second than the cap: reported as missing, with how many", async () => {
    h = await startHarness();
    await seed(h.client, "app", "s1", [...numberedEvents(150, BASE, 1), ...numberedEvents(10, BASE + 60_000, 1000)]);
    const outcome = await fetchCompleteResults(h.client, { query: "fields n", logGroupNames: ["app"], ...RANGE }, { ...FAST, rowCap: 100 });
    expect(outcome.status).toBe("Complete");
    expect(outcome.missing?.rows).toBe(50);
    expect(outcome.missing?.slices).toHaveLength(1);
    expect(outcome.rows.length).toBe(110);
  });

  test("going on from the first run's rows: a second past the cap is reported missing, and nothing is fetched twice for it", async () => {
    h = await startHarness();
    await seed(h.client, "app", "s1", [...numberedEvents(150, BASE, 1), ...numberedEvents(300, BASE + 60_000, 1000)]);
    const outcome = await fetchCompleteResults(h.client, { query: "fields @timestamp, n", logGroupNames: ["app"], ...RANGE }, { ...FAST, rowCap: 100 });
    expect(outcome.missing?.rows).toBe(50);
    expect(outcome.missing?.reason).toMatch(/within one second/);
    expect(outcome.rows.length).toBe(400);
    expect(new Set(outcome.rows.map((r) => r["@ptr"])).size).toBe(400);
    // 17: the first, the slices down to the crowded second and its halvings, the empty minute before
    // it; counting the missing rows as come spares the refetch of the first run's stretch.
    expect(outcome.queries).toBeLessThanOrEqual(17);
  });

  test("a limit the user chose is not a cap: never split", async () => {
    h = await startHarness();
    await seed(h.client, "app", "s1", numberedEvents(30, BASE, 1000));
    const outcome = await fetchCompleteResults(h.client, { query: "fields n", logGroupNames: ["app"], ...RANGE, limit: 10 }, FAST);
    expect(outcome).toMatchObject({ sliced: false, queries: 1 });
    expect(outcome.rows).toHaveLength(10);
    expect(outcome.missing).toBeUndefined();
  });

  test("an aggregating query is never split", async () => {
    h = await startHarness();
    await seed(h.client, "app", "s1", numberedEvents(30, BASE, 1000));
    const outcome = await fetchCompleteResults(h.client, { query: "stats count(*) by n", logGroupNames: ["app"], ...RANGE }, { ...FAST, rowCap: 10 });
    expect(outcome.sliced).toBe(false);
    expect(outcome.queries).toBe(1);
    expect(outcome.missing?.reason).toMatch(/cannot be split/);
  });
});
