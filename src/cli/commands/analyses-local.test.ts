import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { loadEngine, type Engine } from "../engine.js";
import { runTolog } from "../test-helpers/run-tolog.js";

// More matching events than CloudWatch's 10,000-row cap, over two minutes.
const EVENTS = 12_000;
let dir: string;

beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), "tolog-analyses-local-"));
  const lines = Array.from({ length: EVENTS }, (_, i) =>
    JSON.stringify({
      level: "info",
      timestamp: new Date(Date.UTC(2026, 10, 21, 20) + i * 10).toISOString(),
      event: "db_query",
      request_id: `r${i % 500}`,
      route: "/api/v1/todos",
      sql: i % 2 ? "SELECT 1" : "SELECT 2",
      duration_ms: 1 + (i % 7),
      message: "query",
    }),
  );
  writeFileSync(path.join(dir, "service.log"), lines.join("\n") + "\n");
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The real engine, counting its runs. */
async function countingEngine(): Promise<{ engine: Engine; runs: string[] }> {
  const real = await loadEngine();
  const runs: string[] = [];
  return { runs, engine: { ...real, runQuery: (text, source, options) => (runs.push(text), real.runQuery(text, source, options)) } };
}

it("an analysis of local files runs its query once, past the row cap, with one progress line", async () => {
  const { engine, runs } = await countingEngine();
  const { code, stdout, stderr } = await runTolog(["slow-queries", "--logs", dir, "--format", "json"], { deps: { engine } });
  expect(code).toBe(0);
  expect(runs).toHaveLength(1);
  expect(stderr).not.toMatch(/row cap|time slices/);
  const json = JSON.parse(stdout) as { total_calls: number; window: { start: string; end: string } };
  expect(json.total_calls).toBe(EVENTS);
  expect(json.window).toEqual({ start: "2026-11-21 20:00:00.000", end: "2026-11-21 20:01:59.990" });
});

it("a trace of local files runs the trace query once, with --since too", async () => {
  const { engine, runs } = await countingEngine();
  const { code, stdout } = await runTolog(["trace", "r7", "--logs", dir, "--format", "json", "--start", "2026-11-21T20:00:00Z", "--end", "2026-11-21T21:00:00Z"], { deps: { engine } });
  expect(code).toBe(0);
  expect(runs).toHaveLength(1);
  expect((JSON.parse(stdout) as { events: unknown[] }).events).toHaveLength(EVENTS / 500);
});
