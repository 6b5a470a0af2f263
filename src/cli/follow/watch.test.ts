import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { afterAll, describe, expect, it } from "vitest";
import { runTolog } from "../test-helpers/run-tolog.js";

const dir = mkdtempSync(join(tmpdir(), "tolog-watch-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const lines = gunzipSync(readFileSync("fixtures/runs/course-bugs/service.log.jsonl.gz")).toString("utf8").split(/(?<=\n)/);

describe("tolog watch", () => {
  it("follows a log written as it goes, its first line half written at first, to the run's orphans and slowest request", async () => {
    const file = join(dir, "service.log");
    writeFileSync(file, lines[0].slice(0, 10));
    const stop = new AbortController();
    const live = { stdout: "", stderr: "" };
    const running = runTolog(["watch", "--logs", file, "--interval", "500ms", "--format", "json"], { live, deps: { stop: stop.signal } });
    await new Promise((resolve) => setTimeout(resolve, 700));
    appendFileSync(file, lines[0].slice(10));
    for (let at = 1; at < lines.length; at += 5000) {
      appendFileSync(file, lines.slice(at, at + 5000).join(""));
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const snapshots = () => live.stdout.split("\n").filter((l) => l !== "").map((l) => JSON.parse(l));
    const manifest = JSON.parse(readFileSync("fixtures/runs/course-bugs/manifest.json", "utf8"));
    const finished = manifest.ground_truth.client.requests_by_method_route_status;
    // Every request that reached the server (the DELETEs never did: status 0) and its health check.
    const served = Object.entries(finished).filter(([key]) => !key.endsWith(" 0")).reduce((sum, [, n]) => sum + (n as number), 1);
    for (let i = 0; i < 300 && snapshots().at(-1)?.total?.requests !== served; i++) await new Promise((resolve) => setTimeout(resolve, 50));
    stop.abort();
    const { code, stderr } = await running;
    expect(stderr).toBe("");
    expect(code).toBe(0);
    const last = snapshots().at(-1);
    expect(last.total.requests).toBe(served);
    expect(last.todos.orphans).toBe(manifest.ground_truth.database.todos_left);
    expect(last.todos.deleted).toBe(0);
    expect(last.slowest.split.poolWaitMs).toBeGreaterThan(0);
    expect(snapshots().length).toBeGreaterThan(1);
  }, 60_000);

  it("draws the dashboard for people as a snapshot per interval when stdout is not a terminal", async () => {
    const file = join(dir, "table.log");
    writeFileSync(file, lines.slice(0, 3000).join(""));
    const stop = new AbortController();
    const live = { stdout: "", stderr: "" };
    const running = runTolog(["watch", "--logs", file], { live, deps: { stop: stop.signal } });
    for (let i = 0; i < 200 && !live.stdout.includes("next:"); i++) await new Promise((resolve) => setTimeout(resolve, 50));
    stop.abort();
    const { stdout } = await running;
    expect(stdout).toMatch(/^── following 1 file · 3,000 events read/m);
    expect(stdout).toMatch(/│ GET \/api\/v1\/todos +│/);
    expect(stdout).toMatch(/orphans so far: \d+ todo\(s\) created and not deleted/);
    expect(stdout).toMatch(/next: npx tolog trace [0-9a-f-]{36} --logs \S+table\.log/);
  });
});
