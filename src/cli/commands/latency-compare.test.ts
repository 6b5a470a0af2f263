import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../test-helpers/run-analysis-cli.js";

const BASE = Date.UTC(2026, 10, 21, 20);
let dir: string;

/** One TaskOverflow request as the service logs it; `wait` per statement, undefined for an older log without pool_wait_ms. */
function request(id: string, at: number, duration: number, statements: { wait?: number; sql: number }[], options: { finished?: boolean; status?: number } = {}): string[] {
  const line = (ms: number, fields: Record<string, unknown>) =>
    JSON.stringify({ timestamp: new Date(BASE + ms).toISOString(), level: "info", request_id: id, method: "GET", url: "/api/v1/todos", route: "/api/v1/todos", ...fields });
  const lines = [line(at, { location: "requests", event: "request_started", message: "request started" })];
  let t = at;
  for (const statement of statements) {
    t += (statement.wait ?? 0) + statement.sql;
    lines.push(line(t, { location: "db", event: "db_query", message: "SELECT todos", sql: "SELECT 1", duration_ms: statement.sql, ...(statement.wait !== undefined ? { pool_wait_ms: statement.wait } : {}) }));
  }
  if (options.finished !== false) lines.push(line(at + duration, { location: "requests", event: "request_finished", message: "done", status: options.status ?? 200, duration_ms: duration }));
  return lines;
}

/** A log file of `lines`; its path is the `--logs` of a run. */
function writeRun(name: string, lines: string[]): string {
  const file = path.join(dir, `${name}.log`);
  writeFileSync(file, lines.join("\n") + "\n");
  return file;
}

beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), "tolog-latency-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("tolog latency", () => {
  it("says where a route's time goes, and carries the split as numbers", async () => {
    // 4 requests of 1 s: 800 ms waiting for a connection, 100 ms SQL, 100 ms other
    const logs = writeRun("pool", [0, 1, 2, 3].flatMap((i) => request(`r${i}`, i * 2000, 1000, [{ wait: 800, sql: 100 }])));
    const table = await runCli(["latency", "--logs", logs]);
    expect(table.exitCode).toBe(0);
    expect(table.stdout).toMatch(/^GET \/api\/v1\/todos spends 80% of its time waiting for a DB connection, 10% running SQL and 10% elsewhere/);
    const json = JSON.parse((await runCli(["latency", "--logs", logs, "--format", "json"])).stdout);
    expect(json.routes[0]).toMatchObject({ key: "GET /api/v1/todos", requests: 4, errors: 0, p95_ms: 1000 });
    expect(json.routes[0].time).toMatchObject({ total_ms: 4000, pool_wait_ms: 3200, sql_ms: 400, other_ms: 400, shares: { pool_wait: 0.8, sql: 0.1, other: 0.1 } });
  });

  it("prints one csv row per bin with --by-time", async () => {
    // ending at 1 s, 7 s, 13 s and 25 s: bins of 10 s hold 2, 1 and 1
    const logs = writeRun("bins", [0, 6, 12, 24].flatMap((s) => request(`r${s}`, s * 1000, 1000, [{ wait: 10, sql: 10 }])));
    const { exitCode, stdout } = await runCli(["latency", "--logs", logs, "--by-time", "10s", "--format", "csv"]);
    expect(exitCode).toBe(0);
    const [header, ...rows] = stdout.trim().split("\r\n");
    expect(header.split(",").slice(0, 4)).toEqual(["bin", "bin_start_ms", "requests", "throughput_per_s"]);
    expect(rows.map((row) => row.split(",")[2])).toEqual(["2", "1", "1"]);
  });

  it("explains requests with lines missing instead of failing or printing zeros", async () => {
    const logs = writeRun("missing", [
      ...request("unfinished", 0, 500, [{ wait: 100, sql: 50 }], { finished: false }),
      ...request("old", 1000, 300, [{ sql: 100 }]),
    ]);
    const { exitCode, stdout } = await runCli(["latency", "--logs", logs, "--format", "json"]);
    expect(exitCode).toBe(0);
    const json = JSON.parse(stdout);
    expect(json.routes[0]).toMatchObject({ requests: 1, unfinished: 1 });
    expect(json.routes[0].time.pool_wait_ms).toBeNull();
    expect(json.notes.join("\n")).toMatch(/no request_finished or request_aborted line/);
    expect(json.notes.join("\n")).toMatch(/no statement logs pool_wait_ms/);
  });

  it("on the course practical's logs, says what cannot be attributed", async () => {
    const { exitCode, stdout } = await runCli(["latency", "--logs", "fixtures/course-practical/fixed"]);
    expect(exitCode).toBe(0);
    expect(stdout).toMatch(/waiting for a DB connection is not logged/);
    expect(stdout).toMatch(/no response status is logged: errors cannot be counted/);
    expect(stdout).toMatch(/~ SQL times are inferred/);
  });

  it("rejects a bin width it cannot read", async () => {
    const { exitCode, stderr } = await runCli(["latency", "--logs", "fixtures/course-practical/fixed", "--by-time", "often"]);
    expect(exitCode).toBe(2);
    expect(stderr).toMatch(/--by-time "often"/);
  });
});

describe("tolog trace: where the time went", () => {
  it("carries pool wait, SQL and other as numbers, and names what the log lacks", async () => {
    const logs = writeRun("trace", [...request("slow", 0, 2080, [{ wait: 1957.792, sql: 118.9 }]), ...request("older", 3000, 60, [{ sql: 30 }], { finished: false })]);
    const slow = JSON.parse((await runCli(["trace", "slow", "--logs", logs, "--format", "json"])).stdout);
    expect(slow.summary.time).toMatchObject({ total_ms: 2080, pool_wait_ms: 1957.792, sql_ms: 118.9, other_ms: 3.308, missing: [] });
    const table = await runCli(["trace", "slow", "--logs", logs]);
    expect(table.stdout).toContain("2.08 s: 1.96 s waiting for a DB connection (94%), 0.12 s SQL (6%), 0.00 s other (<1%)");
    const older = await runCli(["trace", "older", "--logs", logs, "--format", "json"]);
    expect(older.exitCode).toBe(0);
    expect(JSON.parse(older.stdout).summary.time).toMatchObject({ pool_wait_ms: null, sql_ms: 30, missing: [{ code: "finish" }, { code: "pool_wait" }] });
    expect(older.stderr).toMatch(/no pool_wait_ms on its statements/);
  });
});

describe("tolog compare", () => {
  it("puts two runs side by side, each figure with its change", async () => {
    const before = writeRun("before", [0, 1].flatMap((i) => request(`b${i}`, i * 2000, 1000, [{ wait: 900, sql: 50 }], { status: i === 0 ? 500 : 200 })));
    const after = writeRun("after", [0, 1, 2].flatMap((i) => request(`a${i}`, i * 2000, 100, [{ wait: 10, sql: 50 }])));
    const { exitCode, stdout } = await runCli(["compare", "--logs", before, "--logs", after, "--format", "json"]);
    expect(exitCode).toBe(0);
    const json = JSON.parse(stdout);
    expect(json.before.label).toBe(before);
    expect(json.routes[0].requests).toEqual({ before: 2, after: 3, delta: 1, relative: 0.5 });
    expect(json.routes[0].errors).toMatchObject({ before: 1, after: 0, delta: -1 });
    expect(json.routes[0].p95_ms).toMatchObject({ before: 1000, after: 100 });
    expect(json.routes[0].pool_wait_share.before).toBeCloseTo(0.9);
    expect(json.routes[0].pool_wait_share.after).toBeCloseTo(0.1);
    expect(json.statements[0]).toMatchObject({ sql: "SELECT ?", calls: { before: 2, after: 3 } });
  });

  it("compares the practical's runs: orphans, and errors it cannot count", async () => {
    const { exitCode, stdout } = await runCli(["compare", "--logs", "fixtures/course-practical/single-quote-bug", "--logs", "fixtures/course-practical/fixed", "--format", "json"]);
    expect(exitCode).toBe(0);
    const json = JSON.parse(stdout);
    expect(json.orphans.orphaned).toMatchObject({ before: 20, after: 0, delta: -20 });
    expect(json.overall.errors).toMatchObject({ before: null, after: null, delta: null });
  });

  it("compares two windows of one source", async () => {
    const logs = writeRun("windows", [0, 1, 2, 3].flatMap((i) => request(`w${i}`, i * 60_000, 100 * (i + 1), [{ wait: 10, sql: 10 }])));
    const { exitCode, stdout } = await runCli(["compare", "--logs", logs, "--before", "2026-11-21T20:00:00Z/2026-11-21T20:01:30Z", "--after", "2026-11-21T20:01:30Z/2026-11-21T20:05:00Z", "--format", "json"]);
    expect(exitCode).toBe(0);
    expect(JSON.parse(stdout).overall.requests).toMatchObject({ before: 2, after: 2 });
  });

  it("needs two sources, or one with two windows", async () => {
    const logs = "fixtures/course-practical/fixed";
    expect((await runCli(["compare", "--logs", logs])).exitCode).toBe(2);
    expect((await runCli(["compare", "--logs", logs, "--logs", logs, "--logs", logs])).exitCode).toBe(2);
    const bad = await runCli(["compare", "--logs", logs, "--before", "yesterday", "--after", "1h/now"]);
    expect(bad.exitCode).toBe(2);
    expect(bad.stderr).toMatch(/--before "yesterday" is not a window/);
  });
});
