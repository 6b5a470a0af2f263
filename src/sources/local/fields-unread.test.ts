import { afterEach, beforeEach, expect, it, vi } from "vitest";
import { runQuery } from "../../engine/index.js";
import type { LogEvent } from "../../engine/source.js";
import { FlatScanner } from "../../engine/wasm/flat-scan.js";
import { openLocalSource } from "./index.js";
import { readAll, TempDir } from "./test/helpers.js";

// A query that reads no field and not @message (`stats count(*)`, `stats count(*) by bin(5m)`)
// gets events with neither: each line's text was decoded only to be dropped (a fifth of a
// `stats count(*)` over 1 GB).
let dir: TempDir;
beforeEach(() => {
  dir = new TempDir();
});
afterEach(() => dir.cleanup());

const T0 = Date.UTC(2026, 10, 21, 8);
const deep = (n: number): string => JSON.stringify({ timestamp: new Date(T0 + n).toISOString(), a: { b: { c: { d: { e: { f: { g: { h: { i: { j: { k: 1 } } } } } } } } } } });

function write(): void {
  const lines = Array.from({ length: 300 }, (_, n) => {
    const time = new Date(T0 + n * 7_000).toISOString();
    if (n % 50 === 7) return `${time} plain text line ${n}`;
    if (n % 50 === 9) return `{"timestamp":"${time}","broken`;
    if (n % 50 === 11) return deep(n * 7_000);
    if (n % 50 === 13) return `{"timestamp":"${time}","msg":"an escape \\" here","n":${n}}`;
    return JSON.stringify({ timestamp: time, level: n % 3 ? "info" : "error", n });
  });
  dir.write("g/app.jsonl", lines.join("\n") + "\n");
  dir.write("vpc/flow.log", "version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status\n" + "2 123456789012 eni-1 10.0.0.1 10.0.0.2 443 50000 6 10 840 1795766400 1795766460 ACCEPT OK\n");
}

it("reads lines without their text when the query reads no field and not @message: the same events otherwise", async () => {
  write();
  const bare = await readAll([dir.path()], { fields: [], messageUnread: true });
  expect(bare.events.length).toBeGreaterThan(250);
  expect(bare.events.filter((e) => e.message !== "")).toEqual([]);
  // Read whole when @message is read.
  const whole = await readAll([dir.path()], { fields: [], messageUnread: false });
  expect(whole.events.every((e) => e.message !== "")).toBe(true);
  const described = (events: LogEvent[]) => events.map(({ timestamp, ingestionTime, logGroup, logStream, ptr }) => ({ timestamp, ingestionTime, logGroup, logStream, ptr }));
  expect(described(bare.events)).toEqual(described(whole.events));
  expect(bare.stats).toEqual(whole.stats);
  expect(bare.warnings).toEqual(whole.warnings);
});

it("gives a query the rows, statistics and warnings of one that reads @message", async () => {
  write();
  for (const query of [
    "stats count(*)",
    "stats count(*) by bin(5m)",
    "stats count(*) by @logStream, @log",
    "fields @timestamp, @logStream | sort @timestamp desc | limit 7",
    "stats count(*) as n, min(@timestamp) as first by bin(1h) | sort first",
  ]) {
    const run = async (text: string) => {
      const warnings: string[] = [];
      const result = await runQuery(text, openLocalSource([dir.path()], { onWarning: (m) => warnings.push(m) }), { now: T0 + 86_400_000 });
      return { query, rows: result.rows, statistics: result.statistics, warnings };
    };
    const fast = await run(query);
    expect(fast.rows.length).toBeGreaterThan(0);
    // Every event's @message equals itself: the filter keeps them all, and has the text read.
    expect(fast).toEqual(await run(`filter @message = @message | ${query}`));
  }
});

it("makes the JSON scanner only when a JSON line is scanned: a read of flow logs alone makes none", async () => {
  // Made for flow logs too, its module and memory made the VPC query 7% slower (docs/benchmarks.md).
  write();
  const create = vi.spyOn(FlatScanner, "create");
  try {
    const flows = await readAll([dir.path("vpc")], { fields: ["srcAddr", "bytes"], messageUnread: true });
    expect(flows.events.length).toBe(1);
    expect(create).not.toHaveBeenCalled();
    await readAll([dir.path("g")], { fields: ["level"], messageUnread: true });
    expect(create).toHaveBeenCalledTimes(1);
  } finally {
    create.mockRestore();
  }
});

it("reads @message for a parse without a source, which parses it (over JSON lines whose fields are read from their bytes)", async () => {
  write();
  for (const query of ['parse "\\"level\\":\\"*\\"" as lv | stats count(*) by lv', 'parse /"n":(?<num>\\d+)/ | filter num > 100 | fields num, level']) {
    const run = async (text: string) => {
      const result = await runQuery(text, openLocalSource([dir.path("g")]), { now: T0 + 86_400_000 });
      return { query, rows: result.rows, statistics: result.statistics };
    };
    const implicit = await run(query);
    expect(implicit.rows.length).toBeGreaterThan(1);
    expect(implicit).toEqual(await run(query.replace(/^parse /, "parse @message ")));
  }
});
