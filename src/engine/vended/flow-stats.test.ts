import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, test, vi } from "vitest";
import { runQuery } from "../index.js";
import { compilePlan, readOptionsFor } from "../run.js";
import { openLocalSource } from "../../sources/local/index.js";
import { indexLogs } from "../../sources/local/field-index/index-logs.js";
import { vpcLineMaker } from "../test/vpc-lines.js";
import { FlowStats, flowRecordsFor } from "./flow-stats.js";

/**
 * A stats handed usual flow records straight from their bytes (flow-stats.ts) answers what it
 * answers a row at a time: the same groups in the same order, the same values, statistics and
 * warnings. A filter that reads a system field, before the stats, takes the row-at-a-time path
 * and changes nothing else (every event has a `@logStream`).
 */
const QUERIES: Array<{ text: string; minRows: number; handed: boolean }> = [
  { text: "stats sum(bytes), count(*), avg(packets), count(srcPort) by srcAddr, dstAddr", minRows: 10_000, handed: true },
  { text: "stats count(*) by action, dstPort", minRows: 1000, handed: true },
  { text: "stats sum(bytes) by dstAddr, srcAddr, protocol | sort `sum(bytes)` desc | limit 5000", minRows: 5000, handed: true },
  { text: "stats count(*), sum(packets) by logStatus, srcAddr", minRows: 1000, handed: true },
  { text: "stats avg(bytes), count(endTime) by interfaceId, accountId, version", minRows: 40, handed: true },
  // One key: its ids are the groups' numbers, and no batch.
  { text: "stats sum(bytes), count(*), count(dstAddr) by srcAddr", minRows: 1000, handed: true },
  { text: "stats count(*) by dstPort", minRows: 1000, handed: true },
  // Filters of plain fields before the stats: their conditions read the record's words.
  { text: 'filter action = "REJECT" | stats sum(bytes) by srcAddr, dstAddr', minRows: 50, handed: true },
  { text: 'filter isIpv4InSubnet(srcAddr, "10.1.0.0/16") | stats count(*) by dstAddr', minRows: 60, handed: true },
  { text: "filter dstPort < 500 and bytes > 1000 | filterIndex protocol = 6 | stats sum(bytes), count(*) by srcAddr, dstPort", minRows: 1000, handed: true },
  { text: 'filter ispresent(nothing) or logStatus = "NODATA" | stats count(*) by srcAddr, logStatus', minRows: 100, handed: true },
  // Commands after the stats see its rows.
  { text: "filter bytes > 1 | stats count(*) as n by srcAddr, dstAddr | filter n > 1 | stats count(*) by srcAddr", minRows: 100, handed: true },
  // A condition that reads no field: no record counts as read as a flow record.
  { text: "filter 1 = 0 | stats count(*) by srcAddr, dstAddr", minRows: 0, handed: true },
  // By one key, a percentile's and an extreme's accumulators take the value: no batch needed.
  { text: "stats pct(bytes, 50), min(packets), max(bytes) by srcAddr", minRows: 1000, handed: true },
  // A percentile's column takes no batch: a row at a time.
  { text: "stats pct(bytes, 50), sum(bytes) by srcAddr, dstAddr", minRows: 10_000, handed: false },
];
const ROW_AT_A_TIME = "filter ispresent(@logStream) | ";

let dir: string;
let usualLines = 0;
beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), "tolog-flow-stats-"));
  const { random, line } = vpcLineMaker(7);
  // Two streams of one group, and a group of JSON lines with the same fields.
  for (const [group, files] of [["flows", ["a.log", "b.log"]], ["json", ["c.jsonl"]]] as const) {
    mkdirSync(path.join(dir, group));
    for (const file of files) {
      const lines: string[] = [];
      for (let n = 0; n < 12_000; n++) {
        const text = group === "json" ? JSON.stringify({ srcAddr: `10.0.0.${n % 50}`, dstAddr: n % 7 === 0 ? null : `10.0.1.${n % 30}`, bytes: n % 11 === 0 ? String(n) : n, packets: n % 3 }) : line();
        // A usual record now and then from a wider range of addresses: thousands of pairs (batches).
        const wide = random() < 0.3 ? `2 123456789012 eni-0a1 10.1.${n % 9}.${Math.floor(random() * 97)} 10.2.0.${Math.floor(random() * 61)} 443 ${n % 1000} 6 ${n % 13} ${n * 7} 1700000000 1700000060 ACCEPT OK` : text;
        if (wide !== text) usualLines++;
        lines.push(wide);
      }
      writeFileSync(path.join(dir, group, file), lines.join("\n") + "\n");
    }
  }
  // Three pairs, in a file whose header names a custom format (a warning once it is read).
  mkdirSync(path.join(dir, "bound"));
  const record = (src: string) => `2 123456789012 eni-0a1 ${src} 10.2.0.1 443 80 6 1 10 1700000000 1700000060 ACCEPT OK`;
  writeFileSync(path.join(dir, "bound", "d.log"), ["version srcaddr dstaddr", record("10.0.0.1"), record("10.0.0.2"), record("10.0.0.3")].join("\n") + "\n");
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function run(text: string, maxStatsGroups?: number, groups = ["flows", "json"]): Promise<{ result?: unknown; error?: string; warnings: string[] }> {
  const warnings: string[] = [];
  const source = openLocalSource(
    groups.map((g) => path.join(dir, g)),
    { onWarning: (m) => warnings.push(m) },
  );
  try {
    const result = await runQuery(text, source, { now: 0, maxStatsGroups, onWarning: (m) => warnings.push(m) });
    return { result: JSON.parse(JSON.stringify(result)), warnings };
  } catch (error) {
    return { error: String(error), warnings };
  }
}

describe("a stats handed usual flow records", () => {
  test("gives the rows, statistics and warnings of a row at a time", async () => {
    for (const { text, minRows, handed: takes } of QUERIES) {
      const record = vi.spyOn(FlowStats.prototype, "record");
      const fast = await run(text);
      const handed = record.mock.calls.length;
      record.mockClear();
      const slow = await run(ROW_AT_A_TIME + text);
      expect(record.mock.calls.length).toBe(0);
      record.mockRestore();
      // Every wide line and some of the generated ones went to the stats without an event.
      // (Filters with a literal read only the lines that hold it.)
      if (takes) expect(handed).toBeGreaterThan(text.startsWith("filter") ? 0 : usualLines);
      else expect(handed).toBe(0);
      expect(fast.warnings.length).toBeGreaterThan(minRows > 0 ? 0 : -1);
      expect((fast.result as { rows: unknown[] }).rows.length).toBeGreaterThanOrEqual(minRows);
      expect({ text, ...fast }).toEqual({ text, ...slow });
    }
  }, 60_000);

  test("tells its progress as it reads, with the groups so far", async () => {
    const source = openLocalSource([path.join(dir, "flows")]);
    const progress: Array<{ scanned: number; matched: number; rows: number }> = [];
    const record = vi.spyOn(FlowStats.prototype, "record");
    await runQuery(QUERIES[0].text, source, {
      now: 0,
      onProgress: (p) => progress.push({ scanned: p.statistics.recordsScanned, matched: p.statistics.recordsMatched, rows: p.partialRows().length }),
    });
    expect(record.mock.calls.length).toBeGreaterThan(0);
    record.mockRestore();
    expect(progress.length).toBeGreaterThan(1);
    expect(progress[0].matched).toBeGreaterThan(5000);
    expect(progress[0].rows).toBeGreaterThan(1000);
    expect(progress.at(-1)!.scanned).toBeGreaterThan(progress[0].scanned);
  });

  test("stops at the group bound as a row at a time does", async () => {
    for (const text of [QUERIES[0].text, "stats count(*) by srcAddr"]) {
      const fast = await run(text, 300);
      expect(fast.error).toMatch(/more than 300 groups/);
      expect(fast).toEqual(await run(ROW_AT_A_TIME + text, 300));
    }
    // At the record that makes one group too many, before the file's own warning (its header).
    const text = "stats count(*) by srcAddr, dstAddr";
    const fast = await run(text, 2, ["bound"]);
    expect(fast).toMatchObject({ error: expect.stringMatching(/more than 2 groups/), warnings: [] });
    expect(fast).toEqual(await run(ROW_AT_A_TIME + text, 2, ["bound"]));
    expect(await run(text, 3, ["bound"])).toMatchObject({ warnings: [expect.stringMatching(/custom format/)] });
  });

  test("takes no record from a read of a field index's blocks, which are read ahead of their turn", async () => {
    mkdirSync(path.join(dir, "indexed"));
    copyFileSync(path.join(dir, "flows", "a.log"), path.join(dir, "indexed", "a.log"));
    await indexLogs([path.join(dir, "indexed")], ["srcAddr"], { blockSize: 4096, settledMs: 0 });
    const text = 'filter srcAddr = "10.1.3.5" | stats count(*), sum(bytes) by srcAddr, dstAddr';
    const record = vi.spyOn(FlowStats.prototype, "record");
    const indexed = await run(text, undefined, ["indexed"]);
    expect(record).not.toHaveBeenCalled();
    record.mockRestore();
    const { rows, statistics } = indexed.result as { rows: unknown[]; statistics: { recordsScanned: number } };
    expect(rows.length).toBeGreaterThan(0);
    // The index left most of the file unread.
    expect(statistics.recordsScanned).toBeLessThan(2000);
    expect(indexed).toEqual(await run(ROW_AT_A_TIME + text, undefined, ["indexed"]));
  });

  test("applies only to a stats first, by default-format fields, of count, sum and avg of them", () => {
    const takes = (text: string, options: { start?: number } = {}): boolean => {
      const { plan } = compilePlan(text, { now: 0 });
      return flowRecordsFor(plan, readOptionsFor(plan, options), () => ({ idOf: () => 0, push: () => {} }), () => {}) instanceof FlowStats;
    };
    expect(takes(QUERIES[0].text)).toBe(true);
    expect(takes("stats count() by srcAddr, dstAddr | sort `count()` desc")).toBe(true);
    expect(takes("stats sum(bytes) by srcAddr")).toBe(true);
    expect(takes('SOURCE logGroups(namePrefix: ["flows"]) | filter bytes > 1 | stats sum(bytes) by srcAddr')).toBe(true);
    expect(takes('filter srcAddr = "10.0.0.1" | filter bytes > 10 | stats count(*) by srcAddr, dstAddr')).toBe(true);
    for (const text of [
      "stats sum(bytes)",
      "stats sum(bytes) by srcAddr, bin(5m)",
      'stats sum(bytes) by concat(srcAddr, ""), dstAddr',
      "stats sum(x) by srcAddr, dstAddr",
      "stats sum(bytes * 2) by srcAddr, dstAddr",
      "stats sum(bytes) by srcAddr, other",
      ROW_AT_A_TIME + QUERIES[0].text,
      "filter `a.b` = 1 | stats count(*) by srcAddr, dstAddr",
      'filter @logStream = "x" | stats count(*) by srcAddr, dstAddr',
      "fields bytes * 2 as b2 | stats sum(b2) by srcAddr, dstAddr",
      // Any command but a filter before the stats, even one that adds no step.
      "fields srcAddr, dstAddr | stats count(*) by srcAddr, dstAddr",
      'filter bytes > 1 | parse action "A*" as rest | stats count(*) by srcAddr, dstAddr',
      "stats count(*), max(@message) by srcAddr, dstAddr",
    ]) {
      expect({ text, takes: takes(text) }).toEqual({ text, takes: false });
    }
    // A time range reads each line's time.
    expect(takes(QUERIES[0].text, { start: 1 })).toBe(false);
  });
});
