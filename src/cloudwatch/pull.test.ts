import { appendFile, mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, test } from "vitest";
import { runQuery } from "../engine/index.js";
import { startHarness, type Harness } from "../serve/test-support.js";
import { openLocalSource } from "../sources/local/index.js";
import { pullLogGroup, PullConflictError, PULL_STATE_FILE } from "./pull.js";
import { seed } from "./testing/seed.js";

const BASE = Math.floor((Date.now() - 30 * 60_000) / 1000) * 1000;
const RANGE = { start: BASE - 1000, end: BASE + 60_000 };

let h: Harness;
let out: string;
afterEach(async () => {
  await h?.close();
  await rm(out, { recursive: true, force: true });
});

async function setUp(): Promise<void> {
  h = await startHarness();
  out = await mkdtemp(join(tmpdir(), "tolog-pull-"));
  const events = (stream: string) =>
    Array.from({ length: 30 }, (_, n) => ({ timestamp: BASE + n * 100 + (stream === "b" ? 50 : 0), message: `{"n":${n},"stream":"${stream}","level":"${n % 3 ? "info" : "error"}"}` }));
  await seed(h.client, "/app/api", "web/a", events("a"));
  await seed(h.client, "/app/api", "b", events("b"));
}

async function readStore(dir: string): Promise<Record<string, string>> {
  const files: Record<string, string> = {};
  for (const name of (await readdir(dir)).sort()) if (!name.startsWith(".")) files[name] = await readFile(join(dir, name), "utf8");
  return files;
}

describe("tolog pull", () => {
  test("writes lossless envelopes in the store layout; --logs reads them with the same answers as the endpoint", async () => {
    await setUp();
    const summary = await pullLogGroup(h.client, { logGroup: "/app/api", ...RANGE, out }, { pageLimit: 7 });
    expect(summary).toMatchObject({ events: 60, streams: 2, resumed: false });
    expect(summary.pages).toBeGreaterThanOrEqual(9);
    const files = await readStore(join(out, encodeURIComponent("/app/api")));
    expect(Object.keys(files)).toEqual(["b.jsonl", "web%2Fa.jsonl"]);
    const first = JSON.parse(files["web%2Fa.jsonl"].split("\n")[0]);
    expect(Object.keys(first).sort()).toEqual(["eventId", "ingestionTime", "logGroupName", "logStreamName", "message", "timestamp"]);
    expect(first).toMatchObject({ logGroupName: "/app/api", logStreamName: "web/a", timestamp: BASE, message: '{"n":0,"stream":"a","level":"error"}' });

    const query = "stats count(*) as events, max(n) as top by level, @logStream, @log | sort level";
    const local = await runQuery(query, openLocalSource([out]), RANGE);
    const direct = await runQuery(query, openLocalSource([h.dir]), RANGE);
    expect(local.rows).toEqual(direct.rows);
    expect(local.rows.map((r) => r["@logStream"]).sort()).toEqual(["b", "b", "web/a", "web/a"]);
  });

  test("resumes after an interruption: a half-written page is cut off and nothing is written twice", async () => {
    await setUp();
    const controller = new AbortController();
    await expect(
      pullLogGroup(h.client, { logGroup: "/app/api", ...RANGE, out }, { pageLimit: 7, signal: controller.signal, onProgress: (p) => p.pages === 3 && controller.abort() }),
    ).rejects.toThrow();
    const groupDir = join(out, encodeURIComponent("/app/api"));
    // As if the process died while appending the next page.
    await appendFile(join(groupDir, "b.jsonl"), '{"timestamp":12');
    const resumed = await pullLogGroup(h.client, { logGroup: "/app/api", start: RANGE.start + 5, end: RANGE.end + 5, out }, { pageLimit: 7 });
    expect(resumed).toMatchObject({ resumed: true, events: 60, range: RANGE });

    const fresh = await mkdtemp(join(tmpdir(), "tolog-pull-"));
    await pullLogGroup(h.client, { logGroup: "/app/api", ...RANGE, out: fresh }, { pageLimit: 7 });
    expect(await readStore(groupDir)).toEqual(await readStore(join(fresh, encodeURIComponent("/app/api"))));
    await rm(fresh, { recursive: true, force: true });

    const again = await pullLogGroup(h.client, { logGroup: "/app/api", ...RANGE, out });
    expect(again.alreadyComplete).toBe(true);
    await expect(pullLogGroup(h.client, { logGroup: "/app/api", start: RANGE.start, end: RANGE.end + 1, out })).rejects.toBeInstanceOf(PullConflictError);
    expect((await readdir(groupDir)).filter((n) => n.startsWith("."))).toEqual([PULL_STATE_FILE]);
  });

  test("--filter-pattern keeps only matching events", async () => {
    await setUp();
    const summary = await pullLogGroup(h.client, { logGroup: "/app/api", ...RANGE, filterPattern: '{ $.level = "error" }', out });
    expect(summary.events).toBe(20);
  });
});
