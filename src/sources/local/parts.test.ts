import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LogEvent, ReadStatistics } from "../../engine/source.js";
import { openLocalSource, readPart } from "./index.js";

let group: string;
beforeAll(() => {
  group = path.join(mkdtempSync(path.join(os.tmpdir(), "tolog-parts-")), "app");
  mkdirSync(group);
  const lines: string[] = [];
  for (let i = 0; i < 400; i++) {
    if (i % 97 === 5) lines.push(`{"level":"info","n":${i},"pad":"${"x".repeat(3000)}"}`);
    else if (i % 31 === 7) lines.push(`plain text line ${i}`);
    else if (i % 53 === 9) lines.push("");
    else lines.push(`{"timestamp":"2026-11-21T08:${String(i % 60).padStart(2, "0")}:00.000Z","n":${i},"s":"${"y".repeat(i % 17)}"}`);
  }
  writeFileSync(path.join(group, "a.jsonl"), lines.join("\n") + "\n");
  // CRLF and no final newline; a gzip file, which is never cut; an oversized line.
  writeFileSync(path.join(group, "b.jsonl"), lines.slice(0, 150).join("\r\n"));
  writeFileSync(path.join(group, "c.jsonl.gz"), gzipSync(lines.slice(0, 90).join("\n") + "\n"));
  writeFileSync(path.join(group, "d.jsonl"), [...lines.slice(200, 260), `{"big":"${"z".repeat(5000)}"}`, ...lines.slice(260)].join("\n") + "\n");
});
afterAll(() => rmSync(path.dirname(group), { recursive: true, force: true }));

const summary = (e: LogEvent) => `${e.ptr} ${e.timestamp} ${e.message}`;

async function readAll(events: AsyncIterable<LogEvent>): Promise<string[]> {
  const out: string[] = [];
  for await (const e of events) out.push(summary(e));
  return out;
}

describe("reading a local source in parts", () => {
  it("gives every event once, in order, for any number of parts", async () => {
    const options = { maxLineBytes: 4096, onWarning: () => {} };
    const whole: ReadStatistics = { recordsScanned: 0, bytesScanned: 0 };
    const expected = await readAll(openLocalSource([group], options).read({}, whole));
    expect(expected.length).toBeGreaterThan(700);
    for (const count of [2, 3, 5, 16, 64, 200]) {
      const shares = Array.from({ length: count }, (_, i) => 1 + (i % 3));
      const split = await openLocalSource([group], options).split!(() => shares);
      expect(split!.parts.length).toBeGreaterThan(1);
      const stats: ReadStatistics = { recordsScanned: 0, bytesScanned: 0 };
      const got: string[] = [];
      for (const part of split!.parts) got.push(...(await readAll(readPart(part, {}, stats, () => {}))));
      expect({ count, got }).toEqual({ count, got: expected });
      expect(stats).toEqual(whole);
    }
  });

  it("tells a file's skipped lines once, counted over all its parts, as one read would", async () => {
    const envelope = (n: number) => JSON.stringify({ timestamp: 1713517200000 + n, ingestionTime: 1713517200000 + n, logStreamName: "s", message: `m${n}`, eventId: `${n}` });
    const lines = Array.from({ length: 600 }, (_, n) => (n % 97 === 13 ? '{"timestamp":17135' : n % 151 === 40 ? `{"message":"${"w".repeat(5000)}"}` : envelope(n)));
    const dir = path.join(path.dirname(group), "env");
    mkdirSync(dir);
    writeFileSync(path.join(dir, "e.jsonl"), lines.join("\n") + "\n");
    const whole: string[] = [];
    await readAll(openLocalSource([dir], { maxLineBytes: 4096, onWarning: (m) => whole.push(m) }).read({}, { recordsScanned: 0, bytesScanned: 0 }));
    expect(whole).toHaveLength(1);
    expect(whole[0]).toMatch(/^skipped 7 malformed lines in .*e\.jsonl \(first at line 14\) and 4 lines longer than 4 KiB \(first at line 41\)$/);
    for (const count of [2, 5, 9]) {
      const warnings: string[] = [];
      const split = (await openLocalSource([dir], { maxLineBytes: 4096, onWarning: (m) => warnings.push(m) }).split!(() => Array<number>(count).fill(1)))!;
      expect(split.parts).toHaveLength(count);
      for (const part of split.parts) await readAll(readPart(part, {}, { recordsScanned: 0, bytesScanned: 0 }, split.warn));
      await split.finish!();
      expect({ count, warnings }).toEqual({ count, warnings: whole });
    }
  });
});
