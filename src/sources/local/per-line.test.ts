import { gzipSync } from "node:zlib";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { LogEvent, ReadStatistics } from "../../engine/source.js";
import { runQuery } from "../../engine/index.js";
import { openLocalSource, readPart } from "./index.js";
import { messages, ms, readAll, TempDir } from "./test/helpers.js";

let dir: TempDir;
beforeEach(() => {
  dir = new TempDir();
});
afterEach(() => dir.cleanup());

const MTIME = ms("2030-01-01T00:00:00.000Z");
const T0 = ms("2026-11-21T20:00:00.000Z");
const json = (n: number) => JSON.stringify({ level: "info", timestamp: new Date(T0 + n * 1000).toISOString(), n });
const envelope = (n: number, message: string) => JSON.stringify({ timestamp: T0 + n * 1000, ingestionTime: T0 + n * 1000, logGroupName: "/g", logStreamName: "s", message, eventId: `${n}` });
const npmBanner = ["", "> service@0.1.0 start", "> node dist/server.js", ""];
const times = (events: LogEvent[]) => events.map((e) => [e.message, e.timestamp]);

describe("each line decides its own format", () => {
  it("reads the JSON lines after a banner with their own times, and gives the banner the first one's", async () => {
    dir.write("run/banner.jsonl", ["starting up", json(0), json(1), json(86_400)].join("\n") + "\n", { mtime: MTIME });
    const { events } = await readAll([dir.path("run")]);
    expect(times(events)).toEqual([
      ["starting up", T0],
      [json(0), T0],
      [json(1), T0 + 1000],
      [json(86_400), T0 + 86_400_000],
    ]);
    const result = await runQuery("stats count(*) by bin(1d)", openLocalSource([dir.path("run")]));
    expect(result.rows).toEqual([
      { "bin(1d)": "2026-11-22 00:00:00.000", "count(*)": "1" },
      { "bin(1d)": "2026-11-21 00:00:00.000", "count(*)": "3" },
    ]);
  });

  it("reads npm's banner, JSON lines and a stack trace in one file, each line its own way", async () => {
    const stack = ["Error: connect ECONNREFUSED", "    at TCPConnectWrap.afterConnect (node:net:1555:16)"];
    dir.write("svc/out.log", [...npmBanner, json(0), json(5), ...stack, json(9)].join("\n") + "\n", { mtime: MTIME });
    const { events } = await readAll([dir.path("svc")]);
    expect(times(events)).toEqual([
      ["> service@0.1.0 start", T0],
      ["> node dist/server.js", T0],
      [json(0), T0],
      [json(5), T0 + 5000],
      [stack[0], T0 + 5000],
      [stack[1], T0 + 5000],
      [json(9), T0 + 9000],
    ]);
    const fields = await runQuery('filter level = "info" | stats count(*)', openLocalSource([dir.path("svc")]));
    expect(fields.rows).toEqual([{ "count(*)": "3" }]);
  });

  it("reads envelopes after a plain line as envelopes, and a JSON line among envelopes as JSON", async () => {
    dir.write("store/s.jsonl", ["# copied from the store", envelope(1, "one"), json(2), envelope(3, "three")].join("\n") + "\n");
    const { events } = await readAll([dir.path("store")]);
    expect(events.map((e) => [e.message, e.timestamp, e.logGroup])).toEqual([
      ["# copied from the store", T0 + 1000, "store"],
      ["one", T0 + 1000, "/g"],
      [json(2), T0 + 2000, "store"],
      ["three", T0 + 3000, "/g"],
    ]);
  });

  it("gives a JSON line without a time key the time of the line before", async () => {
    dir.write("g/s.jsonl", [json(1), '{"level":"warn","msg":"no time"}', json(2)].join("\n") + "\n", { mtime: MTIME });
    const { events } = await readAll([dir.path()]);
    expect(events.map((e) => e.timestamp)).toEqual([T0 + 1000, T0 + 1000, T0 + 2000]);
  });

  it("gives an untimed line the same time through a needle search, a time range and its @ptr", async () => {
    const lines = [...npmBanner, "needle in the banner", json(0), ...Array.from({ length: 3000 }, (_, n) => json(n + 1)), "needle after 3000 timed lines", json(5000)];
    dir.write("g/s.log", lines.join("\n") + "\n", { mtime: MTIME });
    const plain = await readAll([dir.path()]);
    const wanted = plain.events.filter((e) => e.message.includes("needle"));
    expect(times(wanted)).toEqual([
      ["needle in the banner", T0],
      ["needle after 3000 timed lines", T0 + 3000_000],
    ]);
    const needled = await readAll([dir.path()], { needles: ["needle"] });
    expect(times(needled.events)).toEqual(times(wanted));
    const ranged = await readAll([dir.path()], { needles: ["needle"], start: T0 + 2999_000, end: T0 + 3000_000 });
    expect(messages(ranged.events)).toEqual(["needle after 3000 timed lines"]);
    for (const event of wanted) expect((await plain.source.getRecord(event.ptr))?.timestamp).toBe(event.timestamp);
  });
});

describe("untimed lines read in parts", () => {
  it("take the times one read of the file gives them, wherever the parts are cut", async () => {
    const lines: string[] = [...npmBanner, ...Array.from({ length: 300 }, (_, n) => `banner ${n}`)];
    for (let n = 0; n < 400; n++) {
      lines.push(json(n));
      if (n % 50 === 7) for (let k = 0; k < 200; k++) lines.push(`    at frame ${k} (file.js:${n}:${k})`);
    }
    dir.write("g/a.log", lines.join("\n") + "\n", { mtime: MTIME });
    dir.write("g/b.log", lines.join("\r") + "\r", { mtime: MTIME });
    const options = { onWarning: () => {} };
    const summary = (e: LogEvent) => `${e.ptr} ${e.timestamp} ${e.message}`;
    const whole = (await readAll([dir.path("g")], {}, options)).events.map(summary);
    expect(whole.length).toBe(2 * (lines.length - 2));
    for (const count of [2, 7, 31]) {
      const split = await openLocalSource([dir.path("g")], options).split!(() => Array<number>(count).fill(1));
      const got: string[] = [];
      const stats: ReadStatistics = { recordsScanned: 0, bytesScanned: 0 };
      for (const part of split!.parts) for await (const e of readPart(part, {}, stats, () => {})) got.push(summary(e));
      expect({ count, same: got.join("\n") === whole.join("\n") }).toEqual({ count, same: true });
    }
  });
});

describe("files that are half read today", () => {
  const twenty = Array.from({ length: 20 }, (_, n) => json(n));

  it("reads a gzip file cut in half as far as it goes, and says which file, what happened and how many events", async () => {
    const all = Array.from({ length: 20_000 }, (_, n) => json(n));
    const gz = gzipSync(all.join("\n") + "\n");
    const file = dir.write("g/cut.jsonl.gz", gz.subarray(0, gz.length >> 1));
    const { events, warnings } = await readAll([file]);
    expect(events.length).toBeGreaterThan(5000);
    expect(messages(events)).toEqual(all.slice(0, events.length));
    expect(warnings).toEqual([`${file} ends early (unexpected end of file: cut short, or still being written): ${events.length.toLocaleString("en")} events read, its last, incomplete line skipped`]);
  });

  it("reads a file whose lines end in a bare CR line by line, and says so", async () => {
    const file = dir.write("g/cr.jsonl", twenty.join("\r") + "\r");
    const { events, warnings, source } = await readAll([file]);
    expect(messages(events)).toEqual(twenty);
    expect(warnings).toEqual([`${file} has lines that end in a bare CR (read as lines): 20 events read`]);
    expect((await source.getRecord(events[7].ptr))?.message).toBe(twenty[7]);
  });

  it("reads CRLF files as before, with no word", async () => {
    const { events, warnings } = await readAll([dir.write("g/crlf.jsonl", twenty.join("\r\n") + "\r\n")]);
    expect(messages(events)).toEqual(twenty);
    expect(warnings).toEqual([]);
  });

  it("reads a last line without newline when it is whole, and tells of one that is not", async () => {
    const whole = await readAll([dir.write("g/whole.jsonl", twenty.join("\n"))]);
    expect(messages(whole.events)).toEqual(twenty);
    expect(whole.warnings).toEqual([]);
    const torn = dir.write("h/torn.jsonl", twenty.join("\n") + "\n" + json(20).slice(0, 30));
    const half = await readAll([torn]);
    expect(messages(half.events)).toEqual(twenty);
    expect(half.warnings).toEqual([`${torn} ends in a line with no newline that is not whole (still being written?): 20 events read, its last, incomplete line skipped`]);
  });

  it("tells a bare-CR file read in parts once, with the events of every part", async () => {
    const many = Array.from({ length: 2000 }, (_, n) => json(n));
    const file = dir.write("g/cr.log", many.join("\r") + "\r");
    const warnings: string[] = [];
    const split = (await openLocalSource([dir.path("g")], { onWarning: (m) => warnings.push(m) }).split!(() => [1, 1, 1]))!;
    expect(split.parts.length).toBe(3);
    const got: LogEvent[] = [];
    for (const part of split.parts) for await (const e of readPart(part, {}, { recordsScanned: 0, bytesScanned: 0 }, (m) => split.warn(m))) got.push(e);
    await split.finish?.();
    expect(messages(got)).toEqual(many);
    expect(warnings).toEqual([`${file} has lines that end in a bare CR (read as lines): 2,000 events read`]);
  });
});
