import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, test, vi } from "vitest";
import { runQuery } from "./index.js";
import { compilePlan, readOptionsFor } from "./run.js";
import { openLocalSource } from "../sources/local/index.js";
import { seededRandom } from "../prng.js";
import { JsonStats } from "./json-stats.js";
import { flowRecordsFor } from "./vended/flow-stats.js";

/**
 * A stats handed JSON lines' values straight from the extractor (json-stats.ts) answers what it
 * answers a row at a time: the same groups in the same order, the same values, statistics and
 * warnings, over lines of every kind a log holds: values of mixed types, absent and null fields,
 * nested objects, escapes, lines that are not JSON, envelopes and a torn last line.
 */
const QUERIES: Array<{ text: string; handed: boolean }> = [
  { text: "stats count(*), avg(duration_ms), pct(duration_ms, 95) by sql", handed: true },
  { text: "stats count(*), sum(n), min(n), max(n), count(tag) by tag", handed: true },
  // By two keys the table takes values in batches, which an accumulator object per group does not: a row at a time.
  { text: "stats pct(n, 50), pct(n, 99), avg(n) by route, method", handed: false },
  { text: "stats count(*), sum(n), avg(duration_ms) by route, method", handed: true },
  { text: "stats count(*) by status", handed: true },
  { text: "stats sum(n) by `a.b`", handed: true },
  { text: 'filter status >= 400 and route != "/x" | stats count(*), max(duration_ms) by route', handed: true },
  { text: "filter ispresent(tag) | stats count(*) by tag, status", handed: true },
  // System fields are no line's values: a row at a time.
  { text: "stats count(@logStream), min(@log), max(@ptr) by route", handed: false },
];
const ROW_AT_A_TIME = "filter ispresent(@logStream) | ";

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), "tolog-json-stats-"));
  const random = seededRandom(11);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)];
  for (const [group, files] of [["app", ["a.jsonl", "b.jsonl"]], ["other", ["c.log"]]] as const) {
    mkdirSync(path.join(dir, group));
    for (const file of files) {
      const lines: string[] = [];
      for (let i = 0; i < 6000; i++) {
        const kind = random();
        const event: Record<string, unknown> = {
          timestamp: new Date(1_700_000_000_000 + i * 1000).toISOString(),
          sql: pick(["SELECT 1", "UPDATE todo SET done = $1", "INSERT INTO todo VALUES ($1)", null]),
          duration_ms: pick([1.5, 20, "7", null, undefined, -0, 1e21]),
          route: pick(["/a", "/b", "/x", "/é"]),
          method: pick(["GET", "POST", undefined]),
          status: pick([200, 404, 500, "500", true]),
          n: pick([1, 2.25, -3, "4", 9007199254740993, undefined]),
          tag: pick(["t1", "t\u00012", "", undefined, 0]),
        };
        if (kind < 0.05) event.a = { b: pick([1, 2, 3]) };
        else if (kind < 0.08) event["a.b"] = 5;
        let line = JSON.stringify(event);
        if (kind > 0.97) line = `not json ${i}`;
        else if (kind > 0.95) line = line.replace('"route"', ' "route" ');
        else if (kind > 0.93) line = line.replace('"/a"', '"\\/a"');
        else if (kind > 0.92) line = JSON.stringify({ timestamp: 1_700_000_000_000 + i, message: JSON.stringify(event), logStreamName: "s" });
        lines.push(line);
      }
      // A last line with no newline, cut short as if still being written.
      writeFileSync(path.join(dir, group, file), lines.join("\n") + '\n{"sql": "SELECT 1", "duration_ms": 3');
    }
  }
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function run(text: string, maxStatsGroups?: number): Promise<{ result?: unknown; error?: string; warnings: string[] }> {
  const warnings: string[] = [];
  const source = openLocalSource([path.join(dir, "app"), path.join(dir, "other")], { onWarning: (m) => warnings.push(m) });
  try {
    const result = await runQuery(text, source, { now: 0, maxStatsGroups, onWarning: (m) => warnings.push(m) });
    return { result: JSON.parse(JSON.stringify(result)), warnings };
  } catch (error) {
    return { error: String(error), warnings };
  }
}

describe("a stats handed JSON lines' values", () => {
  test("gives the rows, statistics and warnings of a row at a time", async () => {
    for (const { text, handed: takes } of QUERIES) {
      const fields = vi.spyOn(JsonStats.prototype, "fields");
      const fast = await run(text);
      const handed = fields.mock.calls.length;
      fields.mockClear();
      const slow = await run(ROW_AT_A_TIME + text);
      expect(fields.mock.calls.length).toBe(0);
      fields.mockRestore();
      // Most of the 18,000 lines went to the stats without an event.
      expect({ text, handed: handed > (text.startsWith("filter") ? 5000 : 12_000) }).toEqual({ text, handed: takes });
      expect((fast.result as { rows: unknown[] }).rows.length).toBeGreaterThan(1);
      expect({ text, ...fast }).toEqual({ text, ...slow });
    }
  }, 60_000);

  test("stops at the group bound as a row at a time does", async () => {
    const text = "stats count(*) by route, method";
    const fast = await run(text, 5);
    expect(fast.error).toMatch(/more than 5 groups/);
    expect(fast).toEqual(await run(ROW_AT_A_TIME + text, 5));
  });

  test("applies only to a stats first, or after filters of plain fields, by plain fields, of aggregates that take a value", () => {
    const takes = (text: string, options: { start?: number } = {}): boolean => {
      const { plan } = compilePlan(text, { now: 0 });
      return flowRecordsFor(plan, readOptionsFor(plan, options), () => ({ idOf: () => 0, push: () => {} }), () => {}) instanceof JsonStats;
    };
    const byFields = QUERIES.map((q) => q.text).filter((text) => !text.includes("@"));
    for (const text of [...byFields, "stats count(*) by sql | sort `count(*)` desc"]) expect({ text, takes: takes(text) }).toEqual({ text, takes: true });
    for (const text of [
      "stats count(*)",
      "stats count(*) by bin(1m), sql",
      "stats count(*) by concat(sql, route)",
      "stats sum(n * 2) by sql",
      "stats count(*), max(@message) by sql",
      "stats count(@logStream), min(@log), max(@ptr) by route",
      "stats count(*) by @logStream",
      'filter @logStream = "x" | stats count(*) by sql',
      "fields n * 2 as m | stats sum(m) by sql",
      ROW_AT_A_TIME + QUERIES[0].text,
      // Default-format VPC fields: the flow records' own path (vended/flow-stats.ts).
      "stats sum(bytes) by srcAddr",
    ]) {
      expect({ text, takes: takes(text) }).toEqual({ text, takes: false });
    }
    // A time range reads each line's time.
    expect(takes(QUERIES[0].text, { start: 1 })).toBe(false);
  });
});
