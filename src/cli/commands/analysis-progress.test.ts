import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { runTolog } from "../test-helpers/run-tolog.js";

let dir: string;
const LINES_PER_RUN = 3 * 4000;

/** A run of 4,000 small requests (12,000 lines: past one progress step of the engine). */
function writeRun(name: string, base: number): string {
  const lines: string[] = [];
  for (let i = 0; i < LINES_PER_RUN / 3; i++) {
    const at = base + i * 10;
    const line = (ms: number, fields: Record<string, unknown>) =>
      JSON.stringify({ timestamp: new Date(at + ms).toISOString(), level: "info", request_id: `${name}-${i}`, method: "GET", url: "/api/v1/todos", route: "/api/v1/todos", ...fields });
    lines.push(line(0, { event: "request_started" }), line(2, { event: "db_query", sql: "SELECT 1", duration_ms: 1, pool_wait_ms: 0 }), line(3, { event: "request_finished", status: 200, duration_ms: 3 }));
  }
  const file = path.join(dir, `${name}.log`);
  writeFileSync(file, lines.join("\n") + "\n");
  return file;
}

beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), "tolog-progress-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it("a command that runs several queries (compare) shows one progress line that goes on, never starting again at 0", async () => {
  const before = writeRun("before", Date.UTC(2026, 10, 21, 20));
  const after = writeRun("after", Date.UTC(2026, 10, 21, 21));
  let clock = Date.UTC(2026, 10, 21, 22);
  const { code, stderr } = await runTolog(["compare", "--logs", before, "--logs", after, "--format", "json", "--no-color"], {
    isTTY: true,
    deps: { now: () => (clock += 150) },
  });
  expect(code).toBe(0);
  const drawn = [...stderr.matchAll(/Reading {2}([\d,]+) events {2}\S+ \S+ {2}([\d.]+)s/g)].map((m) => ({ events: Number(m[1].replace(/,/g, "")), seconds: Number(m[2]) }));
  // latency and races over each run: four queries, each drawn at least once
  expect(drawn.length).toBeGreaterThanOrEqual(4);
  for (let i = 1; i < drawn.length; i++) {
    expect(drawn[i].events, JSON.stringify(drawn)).toBeGreaterThanOrEqual(drawn[i - 1].events);
    expect(drawn[i].seconds, JSON.stringify(drawn)).toBeGreaterThanOrEqual(drawn[i - 1].seconds);
  }
  // the last queries count on from what the first ones read
  expect(drawn[drawn.length - 1].events).toBeGreaterThan(3 * LINES_PER_RUN);
  expect(stderr.endsWith("\r\x1b[2K")).toBe(true);
});

it("report shows its progress while it reads the files once, then goes on with the slowest request's trace", async () => {
  const run = writeRun("report-run", Date.UTC(2026, 10, 21, 20));
  const out = path.join(dir, "report.html");
  let clock = Date.UTC(2026, 10, 21, 22);
  const { code, stderr } = await runTolog(["report", "--logs", run, "--out", out, "--no-color"], { isTTY: true, deps: { now: () => (clock += 150) } });
  expect(code, stderr).toBe(0);
  const drawn = [...stderr.matchAll(/Reading {2}([\d,]+) events {2}\S+ \S+ {2}([\d.]+)s/g)].map((m) => ({ events: Number(m[1].replace(/,/g, "")), seconds: Number(m[2]) }));
  // Drawn while the one read goes (12,000 lines: more than one step), not only at the end.
  expect(drawn.filter((d) => d.events < LINES_PER_RUN).length, JSON.stringify(drawn)).toBeGreaterThanOrEqual(1);
  for (let i = 1; i < drawn.length; i++) expect(drawn[i].events, JSON.stringify(drawn)).toBeGreaterThanOrEqual(drawn[i - 1].events);
  // Cleared before the summary line.
  expect(stderr).toMatch(/\r\x1b\[2Kread [\d,]+ events in/);
});
