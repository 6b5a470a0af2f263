import { describe, expect, test } from "vitest";
import type { QueryOutcome } from "./query.js";
import { fetchInSlices } from "./time-slices.js";

interface FakeEvent {
  ts: number;
  ptr: string;
}

const T0 = Date.UTC(2026, 0, 1);
const shown = (ms: number) => new Date(ms).toISOString().replace("T", " ").replace("Z", "");
const second = (ms: number) => Math.floor(ms / 1000);

/** StartQuery over whole seconds, as CloudWatch runs it: the first `cap` matches in the order asked. */
function fakeQuery(events: FakeEvent[], cap: number, order: "asc" | "desc") {
  return async (start: number, end: number): Promise<QueryOutcome> => {
    const matched = inOrder(events.filter((e) => second(e.ts) >= second(start) && second(e.ts) <= second(end)), order);
    const rows = matched.slice(0, cap).map((e) => ({ "@timestamp": shown(e.ts), "@ptr": e.ptr }));
    return { queryId: "q", status: "Complete", fields: ["@timestamp", "@ptr"], rows, statistics: { recordsMatched: matched.length, recordsScanned: matched.length, bytesScanned: matched.length } };
  };
}

function inOrder(events: FakeEvent[], order: "asc" | "desc"): FakeEvent[] {
  return [...events].sort((x, y) => (order === "desc" ? y.ts - x.ts : x.ts - y.ts) || (x.ptr < y.ptr ? -1 : 1));
}

async function sliced(events: FakeEvent[], cap: number, order: "asc" | "desc", start: number, end: number, beforeSecond?: () => void) {
  const run = fakeQuery(events, cap, order);
  const first = await run(start, end);
  let queries = 1;
  const outcome = await fetchInSlices(first, start, end, true, {
    run: async (s, e) => {
      if (++queries === 2) beforeSecond?.();
      return run(s, e);
    },
    cap,
    order,
    maxQueries: 256,
    queries: () => queries,
  });
  return { outcome, queries };
}

/** A deterministic generator (a linear congruential one), so that a failing seed can be rerun. */
function random(seed: number): () => number {
  return () => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed / 0x7fffffff;
  };
}

describe("fetchInSlices", () => {
  test("every row once, in the query's order, over bursts, gaps of hours and seconds past the cap (300 seeds, both orders)", async () => {
    const failures: string[] = [];
    for (let seed = 1; seed <= 300; seed++) {
      const next = random(seed);
      const cap = 5 + Math.floor(next() * 20);
      const events: FakeEvent[] = [];
      let t = T0;
      for (let i = 0, n = 30 + Math.floor(next() * 300); i < n; i++) {
        const k = next();
        t += k < 0.5 ? 0 : k < 0.7 ? Math.floor(next() * 1000) : k < 0.9 ? Math.floor(next() * 20_000) : Math.floor(next() * 5e6);
        events.push({ ts: t, ptr: `p${i}` });
      }
      const perSecond = new Map<number, number>();
      for (const e of events) perSecond.set(second(e.ts), (perSecond.get(second(e.ts)) ?? 0) + 1);
      const overfull = [...perSecond.values()].some((count) => count > cap);
      for (const order of ["desc", "asc"] as const) {
        const start = T0 - 3_600_000 * Math.floor(next() * 5);
        const end = t + 3_600_000 * Math.floor(next() * 5) + 999;
        const { outcome } = await sliced(events, cap, order, start, end);
        const got = outcome.rows.map((row) => row["@ptr"]);
        const unique = new Set(got).size === got.length;
        const times = (ptrs: readonly (string | undefined)[]) => ptrs.map((p) => events.find((e) => e.ptr === p)!.ts);
        const want = inOrder(events, order).map((e) => e.ptr);
        const same = unique && JSON.stringify(times(got)) === JSON.stringify(times(want));
        if (!overfull && (!same || outcome.missing)) failures.push(`seed ${seed} ${order}: ${got.length} rows of ${want.length}, missing ${JSON.stringify(outcome.missing)}`);
        if (overfull && (!outcome.missing || !unique)) failures.push(`seed ${seed} ${order}: a second past the cap, missing ${JSON.stringify(outcome.missing)}, unique ${unique}`);
      }
    }
    expect(failures).toEqual([]);
  });

  test("a second of exactly the cap's events is complete, not missing", async () => {
    const events: FakeEvent[] = [...Array.from({ length: 10 }, (_, i) => ({ ts: T0 + i * 50, ptr: `a${i}` })), ...Array.from({ length: 5 }, (_, i) => ({ ts: T0 + 5000 + i * 1000, ptr: `b${i}` }))];
    for (const order of ["desc", "asc"] as const) {
      const { outcome } = await sliced(events, 10, order, T0 - 60_000, T0 + 60_999);
      expect(outcome.missing, order).toBeUndefined();
      expect(outcome.rows.map((row) => row["@ptr"])).toEqual(inOrder(events, order).map((e) => e.ptr));
    }
  });

  test("a first answer that was not the newest rows: its stretch is fetched again, and every row ends in order", async () => {
    const events: FakeEvent[] = Array.from({ length: 100 }, (_, i) => ({ ts: T0 + i * 1000, ptr: `p${i}` }));
    const run = fakeQuery(events, 10, "desc");
    const everyTenth = inOrder(events.filter((_, i) => i % 10 === 5), "desc");
    const first: QueryOutcome = { ...(await run(T0, T0 + 99_999)), rows: everyTenth.map((e) => ({ "@timestamp": shown(e.ts), "@ptr": e.ptr })) };
    let queries = 1;
    const outcome = await fetchInSlices(first, T0, T0 + 99_999, true, { run: (s, e) => (queries++, run(s, e)), cap: 10, order: "desc", maxQueries: 256, queries: () => queries });
    expect(outcome.rows.map((row) => row["@ptr"])).toEqual(inOrder(events, "desc").map((e) => e.ptr));
  });

  test("events ingested late, with older timestamps, after the first query: still fetched", async () => {
    const events: FakeEvent[] = Array.from({ length: 300 }, (_, i) => ({ ts: T0 + i * 2000, ptr: `p${i}` }));
    const late = Array.from({ length: 60 }, (_, i) => ({ ts: T0 + 100_000 + i, ptr: `late${i}` }));
    const { outcome } = await sliced(events, 100, "desc", T0 - 60_000, T0 + 700_000, () => events.push(...late));
    const ptrs = new Set(outcome.rows.map((row) => row["@ptr"]));
    expect(events.filter((e) => !ptrs.has(e.ptr))).toEqual([]);
    expect(outcome.missing).toBeUndefined();
  });

  test("rows of unnest, two per event sharing its @ptr: halved into slices that do not overlap, and none dropped as a duplicate", async () => {
    const events: FakeEvent[] = Array.from({ length: 60 }, (_, i) => ({ ts: T0 + i * 1000, ptr: `p${i}` }));
    const twice = async (start: number, end: number): Promise<QueryOutcome> => {
      const matched = inOrder(events.filter((e) => second(e.ts) >= second(start) && second(e.ts) <= second(end)), "desc").flatMap((e) => [e, e]);
      const rows = matched.slice(0, 20).map((e) => ({ "@timestamp": shown(e.ts), "@ptr": e.ptr }));
      return { queryId: "q", status: "Complete", fields: ["@timestamp", "@ptr"], rows, statistics: { recordsMatched: matched.length / 2, recordsScanned: 0, bytesScanned: 0 } };
    };
    let queries = 1;
    const outcome = await fetchInSlices(await twice(T0, T0 + 59_999), T0, T0 + 59_999, false, { run: (s, e) => (queries++, twice(s, e)), cap: 20, order: "desc", maxQueries: 256, queries: () => queries });
    expect(outcome.rows).toHaveLength(120);
    expect(outcome.missing).toBeUndefined();
  });

  test("rows whose @timestamp the query made lie outside the window: the window is halved, every slice in order", async () => {
    const events: FakeEvent[] = Array.from({ length: 50 }, (_, i) => ({ ts: T0 + i * 1000, ptr: `p${i}` }));
    const run = fakeQuery(events, 10, "desc");
    const first = await run(T0, T0 + 60_000);
    const madeUp = { ...first, rows: first.rows.map((row) => ({ ...row, "@timestamp": shown(T0 - 86_400_000) })) };
    const asked: Array<[number, number]> = [];
    const outcome = await fetchInSlices(madeUp, T0, T0 + 60_000, true, {
      run: (s, e) => (asked.push([s, e]), run(s, e)),
      cap: 10,
      order: "desc",
      maxQueries: 256,
      queries: () => asked.length + 1,
    });
    expect(asked.every(([s, e]) => s <= e)).toBe(true);
    expect(outcome.rows).toHaveLength(50);
  });
});
