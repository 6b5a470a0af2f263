import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { afterAll, describe, expect, it } from "vitest";
import { runTolog } from "../test-helpers/run-tolog.js";

const lines = gunzipSync(readFileSync("fixtures/runs/course-bugs/service.log.jsonl.gz")).toString("utf8").split(/(?<=\n)/);
const dir = mkdtempSync(join(tmpdir(), "tolog-follow-a-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/**
 * Follows an analysis over a file written in two halves and returns its last JSON snapshot once
 * it has read every line; it must equal the analysis run once over the whole file.
 */
async function lastSnapshot(name: string, args: string[]): Promise<{ followed: unknown; once: unknown }> {
  const file = join(dir, `${name}.jsonl`);
  const half = Math.floor(lines.length / 2);
  writeFileSync(file, lines.slice(0, half).join(""));
  const stop = new AbortController();
  const live = { stdout: "", stderr: "" };
  const running = runTolog([...args, "--follow", "--interval", "500ms", "--format", "json", "--logs", file], { live, deps: { stop: stop.signal } });
  const snapshots = () => live.stdout.split("\n").filter((l) => l !== "");
  for (let i = 0; i < 400 && snapshots().length === 0; i++) await new Promise((resolve) => setTimeout(resolve, 50));
  appendFileSync(file, lines.slice(half).join(""));
  const once = JSON.parse((await runTolog([...args, "--format", "json", "--logs", file])).stdout);
  let followed: unknown;
  for (let i = 0; i < 400; i++) {
    followed = JSON.parse(snapshots().at(-1) ?? "null");
    if (JSON.stringify(followed) === JSON.stringify(once)) break;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  stop.abort();
  const { code, stderr } = await running;
  expect(code).toBe(0);
  expect(stderr).toBe("");
  return { followed, once };
}

// A request with lines in the first half (its last lines may come with the second).
const traced = /"request_id":"([^"]+)"/.exec(lines.slice(0, Math.floor(lines.length / 2)).findLast((line) => line.includes('"request_id"'))!)![1];

describe("analyses with --follow", () => {
  for (const [name, args] of [
    ["races", ["races"]],
    ["slow-queries", ["slow-queries"]],
    ["latency", ["latency", "--by-time", "10s"]],
    ["trace", ["trace", traced]],
  ] as const) {
    it(`${name}: once every line is read, the redrawn answer is the one-off answer`, async () => {
      const { followed, once } = await lastSnapshot(name, [...args]);
      expect(followed).toEqual(once);
    }, 60_000);
  }

  it("trace --follow: before its request appears, a snapshot of the answer's own shape, empty", async () => {
    const file = join(dir, "empty-trace.jsonl");
    writeFileSync(file, lines.slice(0, 50).join(""));
    const stop = new AbortController();
    const live = { stdout: "", stderr: "" };
    const running = runTolog(["trace", "no-such-request", "--follow", "--interval", "500ms", "--format", "json", "--logs", file], { live, deps: { stop: stop.signal } });
    for (let i = 0; i < 400 && live.stdout === ""; i++) await new Promise((resolve) => setTimeout(resolve, 50));
    stop.abort();
    await running;
    const once = JSON.parse((await runTolog(["trace", traced, "--format", "json", "--logs", "fixtures/runs/course-bugs"])).stdout) as object;
    const empty = JSON.parse(live.stdout.split("\n")[0]) as object;
    expect(Object.keys(empty)).toEqual(Object.keys(once));
    expect(empty).toEqual({ request_id: "no-such-request", summary: null, events: [] });
  });

  it("a csv snapshot with no row is the header, where the columns are known without rows", async () => {
    const file = join(dir, "empty-csv.jsonl");
    writeFileSync(file, lines.slice(0, 50).join(""));
    const stop = new AbortController();
    const live = { stdout: "", stderr: "" };
    const running = runTolog(["slow-queries", "--route", "/no/such/route", "--follow", "--interval", "500ms", "--format", "csv", "--logs", file], { live, deps: { stop: stop.signal } });
    for (let i = 0; i < 400 && live.stdout === ""; i++) await new Promise((resolve) => setTimeout(resolve, 50));
    stop.abort();
    await running;
    const once = (await runTolog(["slow-queries", "--format", "csv", "--logs", "fixtures/runs/course-bugs"])).stdout;
    const header = once.slice(0, once.indexOf("\r\n") + 2);
    expect(header).toMatch(/^sql,calls,/);
    expect(live.stdout.slice(0, header.length)).toBe(header);
  });

  it("trace --follow needs a request id", async () => {
    const { code, stderr } = await runTolog(["trace", "--slowest", "--follow", "--logs", "fixtures/runs/corrected"]);
    expect(code).toBe(2);
    expect(stderr).toMatch(/tolog watch/);
  });
});
