import { appendFileSync, mkdtempSync, renameSync, rmSync, truncateSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { afterEach, describe, expect, it } from "vitest";
import type { EventFeed } from "../../../engine/feed.js";
import { followLocal } from "./index.js";

const T0 = Date.UTC(2026, 10, 21, 10);
const line = (n: number) => JSON.stringify({ timestamp: new Date(T0 + n * 1000).toISOString(), event: "tick", n }) + "\n";
const lines = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => line(from + i)).join("");

let dir: string;
let feed: EventFeed | undefined;
afterEach(async () => {
  await feed?.close();
  feed = undefined;
  rmSync(dir, { recursive: true, force: true });
});

function setup(): string {
  dir = mkdtempSync(join(tmpdir(), "tolog-follow-"));
  return dir;
}

async function ns(f: EventFeed): Promise<number[]> {
  const out: number[] = [];
  for (;;) {
    const { events, behind } = await f.poll();
    for (const event of events) out.push(JSON.parse(event.message).n);
    if (!behind) return out;
  }
}

describe("followLocal", () => {
  it("reads what a file holds, then only the lines appended since, each once", async () => {
    const file = join(setup(), "app.jsonl");
    writeFileSync(file, lines(0, 3));
    feed = followLocal([file]);
    expect(await ns(feed)).toEqual([0, 1, 2]);
    expect(await ns(feed)).toEqual([]);
    appendFileSync(file, lines(3, 5));
    expect(await ns(feed)).toEqual([3, 4]);
  });

  it("waits for a line's newline: a half-written line is read once it is complete", async () => {
    const file = join(setup(), "app.jsonl");
    const whole = line(0) + line(1);
    writeFileSync(file, whole.slice(0, line(0).length + 10));
    feed = followLocal([file]);
    expect(await ns(feed)).toEqual([0]);
    appendFileSync(file, whole.slice(line(0).length + 10));
    expect(await ns(feed)).toEqual([1]);
  });

  it("a file whose first line is not complete yet breaks nothing", async () => {
    const file = join(setup(), "app.jsonl");
    writeFileSync(file, line(0).slice(0, 7));
    feed = followLocal([file]);
    expect(await ns(feed)).toEqual([]);
    appendFileSync(file, line(0).slice(7) + line(1));
    expect(await ns(feed)).toEqual([0, 1]);
  });

  it("from the end: only lines written after it started", async () => {
    const file = join(setup(), "app.jsonl");
    writeFileSync(file, lines(0, 3));
    feed = followLocal([file], { fromEnd: true });
    expect(await ns(feed)).toEqual([]);
    appendFileSync(file, line(3));
    expect(await ns(feed)).toEqual([3]);
  });

  it("follows a file truncated under it (copytruncate) from its start, without reading old lines again", async () => {
    const file = join(setup(), "app.jsonl");
    const warnings: string[] = [];
    writeFileSync(file, lines(0, 5));
    feed = followLocal([file], { onWarning: (m) => warnings.push(m) });
    expect(await ns(feed)).toEqual([0, 1, 2, 3, 4]);
    truncateSync(file, 0);
    appendFileSync(file, line(5));
    expect(await ns(feed)).toEqual([5]);
    expect(warnings.join("\n")).toMatch(/truncated or rewritten/);
  });

  it("notices a file rewritten past the point it had read", async () => {
    const file = join(setup(), "app.jsonl");
    writeFileSync(file, lines(0, 2));
    feed = followLocal([file]);
    expect(await ns(feed)).toEqual([0, 1]);
    writeFileSync(file, lines(10, 14));
    expect(await ns(feed)).toEqual([10, 11, 12, 13]);
  });

  it("follows a rotation: the old file's last lines, then the new file from its start", async () => {
    const file = join(setup(), "app.jsonl");
    writeFileSync(file, lines(0, 2));
    feed = followLocal([file]);
    expect(await ns(feed)).toEqual([0, 1]);
    appendFileSync(file, line(2));
    renameSync(file, file + ".1");
    writeFileSync(file, line(3));
    expect(await ns(feed)).toEqual([2, 3]);
    appendFileSync(file, line(4));
    expect(await ns(feed)).toEqual([4]);
  });

  it("picks up a new file in a followed directory, from its start; leaves compressed files out", async () => {
    const logs = setup();
    writeFileSync(join(logs, "a.jsonl"), line(0));
    writeFileSync(join(logs, "old.jsonl.gz"), Buffer.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3]));
    const warnings: string[] = [];
    feed = followLocal([logs], { onWarning: (m) => warnings.push(m), resolveEveryMs: 0 });
    expect(await ns(feed)).toEqual([0]);
    expect(warnings.join("\n")).toMatch(/old\.jsonl\.gz is compressed/);
    writeFileSync(join(logs, "b.jsonl"), lines(1, 3));
    expect(await ns(feed)).toEqual([1, 2]);
    expect(feed.describe()).toBe("2 files");
  });

  it("reads a big backlog a bounded chunk per poll", async () => {
    const file = join(setup(), "app.jsonl");
    const count = 120_000; // about 8 MB: more than one poll's read
    writeFileSync(file, lines(0, count));
    feed = followLocal([file]);
    const first = await feed.poll();
    expect(first.behind).toBe(true);
    expect(first.events.length).toBeLessThan(count);
    const rest = await ns(feed);
    expect(first.events.length + rest.length).toBe(count);
    expect(rest.at(-1)).toBe(count - 1);
  });

  it("follows stdin as lines arrive, and its last line once it ends", async () => {
    setup();
    const stdin = new PassThrough();
    feed = followLocal(["-"], { stdin });
    stdin.write(line(0) + line(1).slice(0, 5));
    await new Promise((resolve) => setImmediate(resolve));
    expect(await ns(feed)).toEqual([0]);
    stdin.end(line(1).slice(5).trimEnd());
    await new Promise((resolve) => setImmediate(resolve));
    expect(await ns(feed)).toEqual([1]);
  });

  it("keeps only lines in the time range", async () => {
    const file = join(setup(), "app.jsonl");
    writeFileSync(file, lines(0, 10));
    feed = followLocal([file], { start: T0 + 5000 });
    expect(await ns(feed)).toEqual([5, 6, 7, 8, 9]);
  });
});
