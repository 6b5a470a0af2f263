import { describe, expect, it } from "vitest";
import { createMemorySource } from "../sources/memory.js";
import type { LogEvent } from "./source.js";
import { openLiveQuery } from "./live.js";
import { runQuery } from "./run.js";
import { QueryError } from "./diagnostics.js";

const T0 = Date.UTC(2026, 10, 21, 10);
const inputs = Array.from({ length: 300 }, (_, i) => ({
  timestamp: T0 + i * 1000,
  message: JSON.stringify({ level: i % 7 === 0 ? "error" : "info", route: ["/a", "/b", "/c"][i % 3], duration_ms: (i * 37) % 1000, n: i }),
  ptr: `p${i}`,
}));

async function events(): Promise<LogEvent[]> {
  const out: LogEvent[] = [];
  for await (const event of createMemorySource(inputs).read({}, { recordsScanned: 0, bytesScanned: 0 })) out.push(event);
  return out;
}

describe("openLiveQuery", () => {
  it("a stats pushed in batches gives, at every point, what a one-off run over the events so far gives", async () => {
    const all = await events();
    const text = "stats count(*) as n, pct(duration_ms, 95) as p95, max(duration_ms) by route, bin(1m) | sort route asc";
    const live = openLiveQuery(text, { now: T0 });
    expect(live.streaming).toBe(false);
    for (const cut of [50, 51, 200, 300]) {
      live.push(all.slice(live.statistics().recordsScanned, cut));
      const once = await runQuery(text, createMemorySource(inputs.slice(0, cut)), { now: T0 });
      expect(live.snapshot()).toEqual(once.rows);
      expect(live.fields).toEqual(once.fields);
      expect(live.statistics().recordsMatched).toBe(once.statistics.recordsMatched);
    }
    expect(live.take()).toEqual([]);
  });

  it("a query of row-wise commands streams its rows in arrival order, with no cap", async () => {
    const all = await events();
    const live = openLiveQuery('filter level = "error" | fields n, route', { now: T0 });
    expect(live.streaming).toBe(true);
    live.push(all.slice(0, 100));
    const first = live.take();
    expect(first.map((row) => row.n)).toEqual(inputs.slice(0, 100).map((_, i) => i).filter((i) => i % 7 === 0).map(String));
    expect(live.take()).toEqual([]);
    live.push(all.slice(100));
    expect(live.take()).toHaveLength(inputs.filter((_, i) => i >= 100 && i % 7 === 0).length);
    expect(live.snapshot()).toEqual([]);
  });

  it("a limit keeps the newest rows, as the default order does; a time range and a sort apply as in a run", async () => {
    const all = await events();
    const limited = openLiveQuery("fields n | limit 3", { now: T0 });
    expect(limited.streaming).toBe(false);
    limited.push(all.slice(0, 10));
    expect(limited.snapshot().map((row) => row.n)).toEqual(["9", "8", "7"]);
    limited.push(all.slice(10, 20));
    expect(limited.snapshot().map((row) => row.n)).toEqual(["19", "18", "17"]);

    const newest = openLiveQuery("fields n | sort n desc | limit 2", { now: T0, start: T0 + 10_000, end: T0 + 20_000 });
    newest.push(all);
    expect(newest.streaming).toBe(false);
    expect(newest.snapshot().map((row) => row.n)).toEqual(["20", "19"]);
    expect(newest.statistics().recordsScanned).toBe(11);
  });

  it("a query with a mistake is a QueryError, as for a run", () => {
    expect(() => openLiveQuery("stats count(* by x")).toThrow(QueryError);
  });
});
