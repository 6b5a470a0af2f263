import { appendFileSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import { runQuery } from "../../../engine/index.js";
import { compilePlan } from "../../../engine/run.js";
import { Prng } from "../../../prng.js";
import { openLocalSource } from "../index.js";
import { indexLogs } from "./index-logs.js";
import { INDEX_DIR } from "./location.js";

const NOW = Date.UTC(2026, 0, 2);
let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), "tolog-field-index-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

interface Run {
  rows: unknown[];
  matched: number;
  warnings: string[];
  bytes: number;
}

/** The query over the directory: rows (with @ptr) and records matched, and the warnings told. */
async function run(query: string, options: { start?: number; end?: number; groups?: { names: string[] }; logFormats?: Record<string, string> } = {}): Promise<Run> {
  const warnings: string[] = [];
  const result = await runQuery(query, openLocalSource([dir], { onWarning: (m) => warnings.push(m) }), { now: NOW, ...options });
  return { rows: result.rows, matched: result.statistics.recordsMatched, warnings, bytes: result.statistics.bytesScanned };
}

/** The same query read whole (indexes moved away) and through its indexes. */
async function bothWays(query: string, options: Parameters<typeof run>[1] = {}): Promise<{ plain: Run; indexed: Run }> {
  const indexed = await run(query, options);
  const aside = path.join(os.tmpdir(), `tolog-index-aside-${process.pid}`);
  renameSync(path.join(dir, INDEX_DIR), aside);
  try {
    return { plain: await run(query, options), indexed };
  } finally {
    renameSync(aside, path.join(dir, INDEX_DIR));
  }
}

const fieldsOf = (query: string): string[] => [...new Set(compilePlan(query, { now: NOW }).plan.indexKeys.map((k) => k.field))];

interface GoldenEvent {
  timestamp: string | number;
  message: string;
  logStream?: string;
  logGroup?: string;
}

describe("every golden query with an indexable filter", () => {
  const goldenDir = fileURLToPath(new URL("../../../engine/golden", import.meta.url));
  for (const file of readdirSync(goldenDir).filter((f) => f.endsWith(".yaml"))) {
    const golden = parseYaml(readFileSync(path.join(goldenDir, file), "utf8")) as {
      inputs?: Record<string, GoldenEvent[]>;
      cases: Array<{ name: string; query: string; input?: string; events?: GoldenEvent[]; options?: { groups?: string[] }; expect: { error?: unknown } }>;
    };
    for (const c of golden.cases) {
      const events = c.events ?? (c.input ? golden.inputs?.[c.input] : undefined);
      if (c.expect.error || !events || events.length === 0) continue;
      // One file here is one log group: cases over several groups (join, subqueries) need the golden runner's groups.
      if (new Set(events.map((e) => e.logGroup ?? "")).size > 1) continue;
      let fields: string[];
      try {
        fields = fieldsOf(c.query);
      } catch {
        continue;
      }
      if (fields.length === 0) continue;
      it(`${file}: ${c.name}`, async () => {
        // Envelope lines keep each event's time, stream and group (a file per group: join and
        // subqueries read other groups); blocks of 64 bytes put most in a block of its own.
        const groups = [...new Set(events.map((e) => e.logGroup ?? "g"))];
        groups.forEach((group, i) => {
          const lines = events
            .filter((e) => (e.logGroup ?? "g") === group)
            .map((e) =>
              JSON.stringify({
                timestamp: typeof e.timestamp === "number" ? e.timestamp : Date.parse(e.timestamp),
                message: e.message,
                logStreamName: e.logStream ?? "s",
                logGroupName: group,
              }),
            );
          writeFileSync(path.join(dir, `events-${i}.jsonl`), lines.join("\n") + "\n");
        });
        await indexLogs([dir], fields, { blockSize: 64 });
        const { plain, indexed } = await bothWays(c.query, c.options?.groups ? { groups: { names: c.options.groups } } : {});
        expect({ rows: indexed.rows, matched: indexed.matched, warnings: indexed.warnings }).toEqual({ rows: plain.rows, matched: plain.matched, warnings: plain.warnings });
      });
    }
  }
});

/** TaskOverflow-like lines: request ids repeated over a few lines each, values of several types. */
function lines(rng: Prng, from: number, count: number): string[] {
  return Array.from({ length: count }, (_, i) => {
    const n = from + i;
    const id = `req-${Math.floor(n / 3) % 40}`;
    const fields: Record<string, unknown> = { level: rng.pick(["info", "warn", "error"]), request_id: id, n, timestamp: new Date(NOW - 3_600_000 + n * 1000).toISOString() };
    if (rng.chance(0.2)) fields.flag = rng.chance(0.5);
    if (rng.chance(0.1)) delete fields.request_id;
    if (rng.chance(0.05)) return `plain text request_id=${id}`;
    if (rng.chance(0.05)) fields.request_id = { nested: id };
    return JSON.stringify(fields);
  });
}

const QUERIES = [
  'filter request_id = "req-7" | sort @timestamp asc',
  'fields @timestamp, n | filter request_id in ["req-3", "req-11"] and level = "error"',
  'filterIndex request_id = "req-21" | stats count(*) by level',
  'filter flag = "true" | stats count(*)',
  'filter request_id = "req-nope"',
];

describe("lines as long as a full read takes", () => {
  it("an event over 1 MiB (CloudWatch's largest in its envelope) is found through the index as without it", async () => {
    const lines = Array.from({ length: 50 }, (_, i) => JSON.stringify({ timestamp: NOW - 60_000 + i, request_id: `r${i}` }));
    lines.push(JSON.stringify({ timestamp: NOW - 1000, request_id: "needle", msg: "m".repeat(1_500_000) }));
    writeFileSync(path.join(dir, "app.jsonl"), lines.join("\n") + "\n");
    await indexLogs([dir], ["request_id"]);
    const { plain, indexed } = await bothWays('filter request_id = "needle" | stats count(*) as n');
    expect(plain.rows).toEqual([{ n: "1" }]);
    expect(indexed.rows).toEqual(plain.rows);
  });
});

describe("random appends, rotations and rewrites under an index", () => {
  // settledMs 0: every index keeps its file's status, so that lookups of unchanged files trust it
  // without reading the file (fingerprint.ts); each change then comes a few clock ticks later.
  for (const settledMs of [undefined, 0]) it(`gives the rows of a full read after every change, extending or ignoring the index${settledMs === 0 ? " (status trusted)" : ""}`, async () => {
    const rng = new Prng(42);
    const log = path.join(dir, "app.log");
    let written = 0;
    const append = (count: number): void => {
      appendFileSync(log, lines(rng, written, count).join("\n") + "\n");
      written += count;
    };
    append(300);
    await indexLogs([dir], ["request_id", "flag"], { blockSize: 256, settledMs });
    let usedIndex = 0;
    let distrusted = 0;
    for (let step = 0; step < 12; step++) {
      if (settledMs === 0) await new Promise((resolve) => setTimeout(resolve, 30));
      const change = rng.pick(["append", "append", "reindex", "rotate", "rewrite", "half-line"] as const);
      if (change === "append") append(1 + Math.floor(rng.next() * 200));
      if (change === "reindex") await indexLogs([dir], ["request_id", "flag"], { blockSize: 256, settledMs });
      if (change === "rotate") {
        renameSync(log, path.join(dir, `app.${step}.log`));
        written = 0;
        append(50);
      }
      if (change === "rewrite") {
        // Same length, one value changed in the middle: the index's blocks would now be wrong.
        const text = readFileSync(log, "utf8");
        const at = text.indexOf("req-", Math.floor(text.length / 2));
        if (at >= 0) writeFileSync(log, text.slice(0, at) + "reX-" + text.slice(at + 4));
      }
      if (change === "half-line") appendFileSync(log, '{"request_id":"req-7","n":-1');
      for (const query of QUERIES) {
        const { plain, indexed } = await bothWays(query);
        expect({ step, change, query, rows: indexed.rows, matched: indexed.matched }).toEqual({ step, change, query, rows: plain.rows, matched: plain.matched });
        if (indexed.bytes < plain.bytes) usedIndex++;
        if (indexed.warnings.length > 0) distrusted++;
      }
      if (change === "half-line") appendFileSync(log, "}\n");
    }
    expect(usedIndex).toBeGreaterThan(0);
    expect(distrusted).toBeGreaterThan(0);
  });

  it("warns once per file and query when an index cannot be trusted, and reads the file whole", async () => {
    const log = path.join(dir, "app.log");
    writeFileSync(log, lines(new Prng(1), 0, 100).join("\n") + "\n");
    await indexLogs([dir], ["request_id"], { blockSize: 256 });
    writeFileSync(log, lines(new Prng(2), 0, 100).join("\n") + "\n"); // a rewrite: new content
    const { plain, indexed } = await bothWays('filter request_id = "req-7"');
    expect(indexed.rows).toEqual(plain.rows);
    expect(indexed.warnings).toEqual([expect.stringMatching(/request_id index of .*app\.log is not used: .*rewritten|replaced|modified/)]);
  });

  it("is not used where a declared log format reads other fields than each line's own shape", async () => {
    // `tolog index` reads lines as `auto` does: a custom VPC flow log's records have no fields then.
    const header = "account-id action srcaddr dstaddr start end log-status";
    const records = Array.from({ length: 200 }, (_, i) => `123456789012 ${i % 3 ? "ACCEPT" : "REJECT"} 10.0.${i % 7}.1 10.1.0.9 ${1767225600 + i} ${1767225660 + i} OK`);
    writeFileSync(path.join(dir, "flow.log"), [header, ...records].join("\n") + "\n");
    await indexLogs([dir], ["action", "srcAddr"], { blockSize: 256 });
    const logFormats = { "*": `vpc:${header.split(" ").map((f) => `\${${f}}`).join(" ")}` };
    for (const query of ['filter action = "REJECT" | stats count(*)', 'filter srcAddr = "10.0.3.1" | stats count(*)']) {
      const { plain, indexed } = await bothWays(query, { logFormats });
      expect(plain.rows).not.toEqual([]);
      expect({ query, rows: indexed.rows }).toEqual({ query, rows: plain.rows });
    }
  });

  it("reads only the indexed blocks, then what was appended", async () => {
    const log = path.join(dir, "app.log");
    writeFileSync(log, lines(new Prng(3), 0, 2000).join("\n") + "\n");
    await indexLogs([dir], ["request_id"], { blockSize: 256 });
    const read = async (): Promise<number> =>
      (await runQuery('filter request_id = "req-5"', openLocalSource([dir]), { now: NOW })).statistics.bytesScanned;
    const indexedBytes = await read();
    appendFileSync(log, lines(new Prng(4), 2000, 100).join("\n") + "\n");
    const afterAppend = await read();
    rmSync(path.join(dir, INDEX_DIR), { recursive: true });
    const whole = await read();
    expect(indexedBytes).toBeLessThan(whole / 10);
    expect(afterAppend).toBeGreaterThan(indexedBytes);
    expect(afterAppend).toBeLessThan(whole / 5);
  });

  it("indexes a file whose lines end in a bare CR, and extends it when it grows", async () => {
    const log = path.join(dir, "app.log");
    writeFileSync(log, lines(new Prng(5), 0, 2000).join("\r") + "\r");
    const [built] = await indexLogs([dir], ["request_id"], { blockSize: 256 });
    expect(built).toMatchObject({ action: "built", events: 2000 });
    const { plain, indexed } = await bothWays('filter request_id = "req-5"');
    expect(plain.rows.length).toBeGreaterThan(0);
    expect(indexed.rows).toEqual(plain.rows);
    expect(indexed.bytes).toBeLessThan(plain.bytes / 10);
    appendFileSync(log, lines(new Prng(6), 2000, 100).join("\r") + "\r");
    const [extended] = await indexLogs([dir], ["request_id"], { blockSize: 256 });
    expect(extended).toMatchObject({ action: "extended", events: 2100 });
    // The appended lines' ids are those before, again: more of them now.
    const after = await bothWays('filter request_id = "req-5"');
    expect(after.plain.matched).toBeGreaterThan(plain.matched);
    expect(after.indexed.rows).toEqual(after.plain.rows);
  });
});
