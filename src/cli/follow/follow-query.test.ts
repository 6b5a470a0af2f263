import { appendFileSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { seed } from "../../cloudwatch/testing/seed.js";
import { startHarness, type Harness } from "../../serve/test-support.js";
import { runTolog } from "../test-helpers/run-tolog.js";

const T0 = Date.UTC(2026, 10, 21, 10);
const line = (n: number, level = "info") => JSON.stringify({ timestamp: new Date(T0 + n * 1000).toISOString(), level, route: n % 2 ? "/a" : "/b", n }) + "\n";

let dir: string | undefined;
let harness: Harness | undefined;
afterEach(async () => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
  await harness?.close();
  harness = undefined;
});

/** Runs tolog until `steps` have all happened (each waits for its condition on the output so far), then stops it. */
async function following(args: string[], steps: Array<{ until: (out: { stdout: string; stderr: string }) => boolean; then?: () => void | Promise<void> }>, options: { isTTY?: boolean; env?: Record<string, string> } = {}) {
  const stop = new AbortController();
  const live = { stdout: "", stderr: "" };
  const running = runTolog(args, { live, deps: { stop: stop.signal, now: () => T0 + 3_600_000 }, ...options });
  for (const step of steps) {
    for (let i = 0; i < 200 && !step.until(live); i++) await new Promise((resolve) => setTimeout(resolve, 50));
    if (!step.until(live)) {
      stop.abort();
      await running;
      throw new Error(`gave up waiting; output so far:\n${live.stdout}\n${live.stderr}`);
    }
    await step.then?.();
  }
  stop.abort();
  return running;
}

describe("tolog query --follow on local files", () => {
  it("prints the matching lines a file holds, then each new one as it is written, once", async () => {
    dir = mkdtempSync(join(tmpdir(), "tolog-follow-q-"));
    const file = join(dir, "app.jsonl");
    writeFileSync(file, line(0, "error") + line(1) + line(2, "error"));
    const { code, stdout } = await following(["query", 'filter level = "error" | fields n, route', "--follow", "--logs", file, "--format", "ndjson"], [
      { until: (out) => out.stdout.split("\n").length > 2, then: () => appendFileSync(file, line(3) + line(4, "error") + line(5, "error").slice(0, 20)) },
      { until: (out) => out.stdout.includes('"n":"4"') },
    ]);
    expect(code).toBe(0);
    expect(stdout.trim().split("\n").map((l) => JSON.parse(l).n)).toEqual(["0", "2", "4"]);
  });

  it("a redrawn answer in ndjson is refused (its snapshots would run together), naming json; csv snapshots end each in CRLF", async () => {
    dir = mkdtempSync(join(tmpdir(), "tolog-follow-q-"));
    const file = join(dir, "app.jsonl");
    writeFileSync(file, line(0) + line(1));
    const refused = await runTolog(["query", "stats count(*) by route", "--follow", "--logs", file, "--format", "ndjson"]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/ndjson.*run one snapshot into the next/);
    expect(refused.stderr).toMatch(/--format json/);
    const analysis = await runTolog(["races", "--follow", "--logs", file, "--format", "ndjson"]);
    expect(analysis.code).toBe(2);
    const { stdout } = await following(["query", "stats count(*) as c by route | sort route asc", "--follow", "--interval", "500ms", "--logs", file, "--format", "csv"], [
      { until: (out) => out.stdout.includes("/b"), then: () => appendFileSync(file, line(2)) },
      { until: (out) => out.stdout.includes("/b,2") },
    ]);
    expect(stdout).toMatch(/^route,c\r\n\/a,1\r\n\/b,1\r\n(route,c\r\n\/a,1\r\n\/b,1\r\n)*route,c\r\n\/a,1\r\n\/b,2\r\n$/);
  });

  it("a table of new rows keeps one header", async () => {
    dir = mkdtempSync(join(tmpdir(), "tolog-follow-q-"));
    const file = join(dir, "app.jsonl");
    writeFileSync(file, line(0));
    const { stdout } = await following(["query", "fields n, route", "--follow", "--logs", file], [
      { until: (out) => out.stdout.includes("/b"), then: () => appendFileSync(file, line(1)) },
      { until: (out) => out.stdout.includes("/a") },
    ]);
    expect(stdout.split("\n").filter((l) => l.startsWith("n ")).length).toBe(1);
    expect(stdout).toMatch(/^ *0 {2}\/b/m);
  });

  it("redraws an aggregation as a new snapshot per interval when stdout is not a terminal", async () => {
    dir = mkdtempSync(join(tmpdir(), "tolog-follow-q-"));
    const file = join(dir, "app.jsonl");
    writeFileSync(file, line(0) + line(1) + line(2));
    const { code, stdout } = await following(["query", "stats count(*) as n by route | sort route asc", "--follow", "--interval", "500ms", "--logs", file], [
      { until: (out) => /\/b +│ +2 │/.test(out.stdout), then: () => appendFileSync(file, line(3) + line(5) + line(7)) },
      { until: (out) => /\/a +│ +4 │/.test(out.stdout) },
    ]);
    expect(code).toBe(0);
    const snapshots = stdout.split(/^── /m).filter((s) => s !== "");
    expect(snapshots[0]).toMatch(/^following 1 file · 3 events read · 3 matched · 2 rows/);
    expect(snapshots.at(-1)).toMatch(/6 events read/);
    expect(snapshots.at(-1)).toMatch(/\/a +│ +4 │/);
  });

  it("json snapshots are one document per line", async () => {
    dir = mkdtempSync(join(tmpdir(), "tolog-follow-q-"));
    const file = join(dir, "app.jsonl");
    writeFileSync(file, line(0));
    const { stdout } = await following(["query", "stats count(*) as n", "--follow", "--format", "json", "--logs", file], [{ until: (out) => out.stdout.includes("\n") }]);
    expect(JSON.parse(stdout.split("\n")[0]).rows).toEqual([{ n: "1" }]);
  });

  it("refuses --end, --interactive and --interval without --follow, and a bad interval", async () => {
    const logs = ["--logs", "fixtures/runs/corrected"];
    expect((await runTolog(["query", "stats count(*)", "--follow", "--end", "now", ...logs])).stderr).toMatch(/has no --end/);
    expect((await runTolog(["query", "stats count(*)", "--interval", "5s", ...logs])).code).toBe(2);
    const bad = await runTolog(["query", "stats count(*)", "--follow", "--interval", "1ms", ...logs]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/between 500ms and 10m/);
    const chart = await runTolog(["query", "fields n", "--follow", "--chart", ...logs], { isTTY: true });
    expect(chart.code).toBe(2);
  });
});

describe("tolog query --follow on a log group (tolog serve, the real SDK)", () => {
  it("prints the events of the range, then those put later, each once", async () => {
    harness = await startHarness();
    const now = Date.now();
    const event = (n: number) => ({ timestamp: now - 60_000 + n * 100, message: JSON.stringify({ n, level: n % 2 ? "error" : "info" }) });
    await seed(harness.client, "app", "s1", [0, 1, 2, 3].map(event));
    const env = { AWS_ACCESS_KEY_ID: "test", AWS_SECRET_ACCESS_KEY: "test", AWS_REGION: "us-east-1" };
    const stop = new AbortController();
    const live = { stdout: "", stderr: "" };
    const running = runTolog(
      ["query", 'filter level = "error" | fields n', "--follow", "--interval", "500ms", "--log-group", "app", "--endpoint-url", harness.server.url, "--since", "5m", "--format", "ndjson"],
      { env, live, deps: { stop: stop.signal, now: () => Date.now() } },
    );
    const wait = async (what: RegExp) => {
      for (let i = 0; i < 200 && !what.test(live.stdout); i++) await new Promise((resolve) => setTimeout(resolve, 50));
    };
    await wait(/"n":"3"/);
    await seed(harness.client, "app", "s2", [4, 5, 7].map(event));
    await wait(/"n":"7"/);
    // Polled again at least once more after the last event: nothing is printed twice.
    const filters = () => harness!.server.requests.filter((r) => r.operation === "FilterLogEvents").length;
    const seen = filters();
    for (let i = 0; i < 100 && filters() < seen + 2; i++) await new Promise((resolve) => setTimeout(resolve, 50));
    stop.abort();
    const { code, stdout, stderr } = await running;
    expect(stderr).not.toMatch(/error/);
    expect(code).toBe(0);
    expect(stdout.trim().split("\n").map((l) => JSON.parse(l).n)).toEqual(["1", "3", "5", "7"]);
  }, 30_000);
});
