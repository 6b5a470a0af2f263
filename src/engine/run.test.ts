import { describe, expect, it } from "vitest";
import { checkQuery, QueryError, runQuery, renderRecord } from "./index.js";
import type { QueryProgress } from "./api.js";
import type { ReadOptions } from "./source.js";
import { createMemorySource, type MemoryEventInput } from "../sources/memory.js";

const T0 = Date.UTC(2026, 0, 1);

function events(n: number): MemoryEventInput[] {
  return Array.from({ length: n }, (_, i) => ({ timestamp: T0 + i, message: `{"i":${i},"even":${i % 2 === 0}}` }));
}

describe("runQuery", () => {
  it("throws a QueryError carrying every independent problem", async () => {
    const error = await runQuery("fields nope(1) | stats count(*) | sort x | limit 0", createMemorySource([])).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(QueryError);
    expect((error as QueryError).diagnostics.map((d) => d.code)).toEqual(["TL301", "TL306", "TL406"]);
  });

  it("says what a limit out of range should be, below as above", async () => {
    const helpOf = async (query: string) => ((await runQuery(query, createMemorySource([])).catch((e: unknown) => e)) as QueryError).diagnostics[0].help;
    expect(await helpOf("fields @message | limit 0")).toBe("a limit keeps at least 1 row: to count rows instead, use stats count(*)");
    expect(await helpOf("fields @message | limit 100001")).toBe("use a limit of at most 100000");
  });

  it("reports progress every 10,000 events with statistics and partial rows", async () => {
    const seen: Array<{ scanned: number; rows: unknown }> = [];
    const result = await runQuery("stats count(*) as n", createMemorySource(events(25_000)), {
      onProgress: (p: QueryProgress) => seen.push({ scanned: p.statistics.recordsScanned, rows: p.partialRows() }),
    });
    expect(seen).toEqual([
      { scanned: 10_000, rows: [{ n: "10000" }] },
      { scanned: 20_000, rows: [{ n: "20000" }] },
    ]);
    expect(result.rows).toEqual([{ n: "25000" }]);
    expect(result.statistics).toMatchObject({ recordsScanned: 25_000, recordsMatched: 25_000 });
  });

  it("gives partial rows of a non-aggregated query newest first, capped", async () => {
    let partial: unknown;
    await runQuery("fields i | limit 2", createMemorySource(events(10_000)), {
      onProgress: (p) => (partial = p.partialRows()),
    });
    expect(partial).toEqual([
      { i: "9999", "@ptr": "9999" },
      { i: "9998", "@ptr": "9998" },
    ]);
  });

  it("stops reading once limit any has its rows", async () => {
    const result = await runQuery("filter even = 1 | limit any 3", createMemorySource(events(50_000)));
    expect(result.rows).toHaveLength(3);
    expect(result.statistics.recordsScanned).toBe(5);
  });

  it("keeps 10,000 rows by default and all rows up to the query's limit", async () => {
    const source = createMemorySource(events(10_005));
    expect((await runQuery("fields i", source)).rows).toHaveLength(10_000);
    expect((await runQuery("fields i | limit 10003", source)).rows).toHaveLength(10_003);
  });

  it("throws an AbortError when aborted, before or while reading", async () => {
    const before = new AbortController();
    before.abort();
    await expect(runQuery("fields i", createMemorySource(events(10)), { signal: before.signal })).rejects.toMatchObject({ name: "AbortError" });
    const during = new AbortController();
    const run = runQuery("fields i", createMemorySource(events(30_000)), {
      signal: during.signal,
      onProgress: () => during.abort(),
    });
    await expect(run).rejects.toMatchObject({ name: "AbortError" });
  });

  it("passes needles, the time window and SOURCE groups to the source", async () => {
    const seen: ReadOptions[] = [];
    const inner = createMemorySource([{ timestamp: T0, message: '{"request_id":"abc"}', logGroup: "app-1" }]);
    const spy = { ...inner, read: (o: ReadOptions, s: Parameters<typeof inner.read>[1]) => (seen.push(o), inner.read(o, s)) };
    const result = await runQuery('SOURCE logGroups(namePrefix: ["app-"]) | filter request_id = "abc" | fields request_id', spy, { start: T0, end: T0 + 1 });
    expect(result.rows).toEqual([{ request_id: "abc", "@ptr": "0" }]);
    expect(seen[0]).toMatchObject({ needles: ["abc"], start: T0, end: T0 + 1, groups: { names: [], prefixes: ["app-"] } });
  });
});

describe("checkQuery", () => {
  it("returns no diagnostics for a valid query and all of them for a bad one", () => {
    expect(checkQuery("fields @timestamp | stats count(*) by bin(5m)")).toEqual([]);
    const diagnostics = checkQuery("stats avgg(x) as m | sort m | dedup m | sort m");
    expect(diagnostics.map((d) => d.code)).toEqual(["TL301", "TL403"]);
    expect(diagnostics[0].help).toBe("did you mean avg()?");
  });

  it("suggests the nearest field a stats produced for a misspelt one", () => {
    const [problem] = checkQuery("stats count(*) as requests by route | sort reqests desc");
    expect(problem.code).toBe("TL306");
    expect(problem.help).toMatch(/^did you mean requests\?/);
    const [far] = checkQuery("stats count(*) as requests by route | sort latency desc");
    expect(far.help).not.toMatch(/did you mean/);
  });
});

describe("renderRecord", () => {
  it("renders every field of one event, timestamps as epoch-ms digits (GetLogRecord)", () => {
    const record = renderRecord({
      timestamp: 1716099016682,
      ingestionTime: 1716099017288,
      message: '{"a":{"b":true},"n":1.5}',
      logGroup: "demo-log-group",
      logStream: "s",
      ptr: "p1",
    });
    expect(record).toEqual({
      "@timestamp": "1716099016682",
      "@ingestionTime": "1716099017288",
      "@log": "000000000000:demo-log-group",
      "@logStream": "s",
      "@message": '{"a":{"b":true},"n":1.5}',
      "a.b": "1",
      n: "1.5",
      "@ptr": "p1",
    });
  });
});

describe("checkQuery after parse errors", () => {
  it("adds no compile errors that only echo a parse error", () => {
    const codes = checkQuery("stats count(*) as n, 1 + as m").map((d) => d.code);
    expect(codes.length).toBeGreaterThan(0);
    expect(codes.every((c) => c.startsWith("TL2") || c.startsWith("TL1"))).toBe(true);
  });
});

describe("checkQuery of a command refused offline", () => {
  it("reports it once, with why and what to run instead", () => {
    for (const query of ["fields @message | diff previousDay", "pattern @message | anomaly", "relevantfields where Duration > 5000", "SOURCE lg start=-1d end=now | fields @message"]) {
      const refused = checkQuery(query).filter((d) => d.code === "TL501");
      expect(refused, query).toHaveLength(1);
      expect(refused[0].help, query).not.toBe("run this query on CloudWatch, or remove the command");
    }
  });
});

describe("checkQuery of SOURCE selectors local logs cannot answer", () => {
  it("says what local log groups lack and how to select them instead", () => {
    const cases: Array<[string, RegExp]> = [
      ["SOURCE logGroups(accountIdentifier:['111122223333'])", /belong to no AWS account/],
      ["SOURCE logGroups(accountIdentifiers:['111122223333'])", /belong to no AWS account/],
      ["SOURCE dataSource(['amazon_vpc.flow'])", /no data source/],
      ['SOURCE logGroupTags([{"key":"service", "values":["payment*"]}])', /no tags/],
    ];
    for (const [query, why] of cases) {
      const [refused, ...more] = checkQuery(query);
      expect(more, query).toEqual([]);
      expect(refused.code, query).toBe("TL501");
      expect(refused.help, query).toMatch(why);
      expect(refused.help, query).toContain("namePrefix");
    }
  });
});

