import { appendFileSync, rmSync } from "node:fs";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { READ_SIZE } from "./byte-reader.js";
import { openLocalSource } from "./index.js";
import { messages, readAll, TempDir } from "./test/helpers.js";

let dir: TempDir;
beforeEach(() => {
  dir = new TempDir();
});
afterEach(() => dir.cleanup());

const T0 = 1713517200000;
const json = (n: number, extra = "") => `{"timestamp":"${new Date(T0 + n * 1000).toISOString()}","n":${n}${extra}}`;
const envelope = (n: number, message: string) =>
  JSON.stringify({ timestamp: T0 + n * 1000, ingestionTime: T0 + n * 1000 + 5, logGroupName: "g", logStreamName: "s", message, eventId: `${n}` });

describe("lines that cannot be events", () => {
  it("counts malformed and oversized lines and reports them once per file, never failing", async () => {
    const lines = [envelope(1, "a"), '{"timestamp":17135', envelope(2, "b"), '{"broken', "x".repeat(300), envelope(3, "c")];
    dir.write("g/s.jsonl", lines.join("\n") + "\n");
    dir.write("g/t.jsonl", envelope(4, "d") + "\n");
    const { events, warnings } = await readAll([dir.path()], {}, { maxLineBytes: 200 });
    expect(messages(events).sort()).toEqual(["a", "b", "c", "d"]);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/^skipped 2 malformed lines in .*s\.jsonl \(first at line 2\) and 1 line longer than 200 bytes \(first at line 5\)$/);
  });

  it("skips an oversized line that spans many reads and goes on after it", async () => {
    const huge = "y".repeat(3 * 1024 * 1024);
    dir.write("g/s.log", `first\n${huge}\nlast\n`);
    const { events, warnings } = await readAll([dir.path()], {}, { maxLineBytes: 1024 * 1024 });
    expect(messages(events)).toEqual(["first", "last"]);
    expect(warnings).toEqual([expect.stringMatching(/1 line longer than 1 MiB .*\(first at line 2\)/)]);
  });

  it("reads CloudWatch's largest event in its envelope, as tolog serve and tolog pull store it, whatever its escapes", async () => {
    // 1 MiB less the 26 bytes CloudWatch counts per event; quotes and control characters take 2 and 6 bytes escaped.
    const largest = `"\u0001${"x".repeat(1_048_550 - 2)}`;
    dir.write("g/s.jsonl", `${envelope(1, "before")}\n${envelope(2, largest)}\n${envelope(3, "after")}\n`);
    const { events, warnings } = await readAll([dir.path()]);
    expect(messages(events).map((m) => (m.length > 20 ? m.length : m))).toEqual(["before", 1_048_550, "after"]);
    expect(warnings).toEqual([]);
  });

  it("skips a half-written last JSON line and says so, but keeps a whole last line without newline", async () => {
    dir.write("g/s.jsonl", `${envelope(1, "a")}\n${envelope(2, "b").slice(0, 40)}`);
    dir.write("g/t.jsonl", `${json(1)}\n{"timestamp":"2024-04-19T`);
    dir.write("g/u.log", "one\ntwo");
    dir.write("g/v.jsonl", `${json(1)}\n${json(2)}`);
    const { events, warnings } = await readAll([dir.path()]);
    expect(messages(events).sort()).toEqual([json(1), json(1), json(2), "a", "one", "two"].sort());
    expect(warnings).toEqual([
      expect.stringMatching(/s\.jsonl ends in a line with no newline that is not whole \(still being written\?\): 1 event read, its last, incomplete line skipped$/),
      expect.stringMatching(/t\.jsonl ends in a line with no newline that is not whole \(still being written\?\): 1 event read, its last, incomplete line skipped$/),
    ]);
  });
});

describe("files that change while read", () => {
  it("skips with a warning a file removed after the paths were resolved", async () => {
    dir.write("g/a.jsonl", json(1) + "\n");
    const doomed = dir.write("g/b.jsonl", json(2) + "\n");
    const warnings: string[] = [];
    const source = openLocalSource([dir.path()], { onWarning: (m) => warnings.push(m) });
    const seen: string[] = [];
    for await (const event of source.read({}, { recordsScanned: 0, bytesScanned: 0 })) {
      seen.push(event.message);
      rmSync(doomed);
    }
    expect(seen).toEqual([json(1)]);
    expect(warnings).toEqual([expect.stringMatching(/skipped .*b\.jsonl: it was removed/)]);
  });

  it("reads lines appended since an earlier read", async () => {
    const file = dir.write("g/a.jsonl", json(1) + "\n");
    const source = openLocalSource([dir.path()]);
    const read = async () => {
      const out: string[] = [];
      for await (const e of source.read({}, { recordsScanned: 0, bytesScanned: 0 })) out.push(e.message);
      return out;
    };
    expect(await read()).toEqual([json(1)]);
    appendFileSync(file, json(2) + "\n");
    expect(await read()).toEqual([json(1), json(2)]);
  });
});

describe("needles", () => {
  it("never drops an event that holds every needle, in every format", async () => {
    const wanted = "c0ffee00-1111-4222-8333-444455556666";
    dir.write("svc/a.jsonl", [json(1, `,"request_id":"${wanted}"`), json(2, ',"request_id":"other"'), `plain ${wanted} line`].join("\n") + "\n");
    const escaped = `{"request_id":"${wanted}","sql":"SELECT \\"t\\".* FROM t"}\nnext line\ttab`;
    dir.write("env/b.jsonl", [envelope(1, escaped), envelope(2, "nothing"), envelope(3, `path \\/ and ${wanted}`)].join("\n") + "\n");
    const { events } = await readAll([dir.path()], { needles: [wanted, "request_id"] });
    const found = messages(events);
    expect(found).toEqual(expect.arrayContaining([json(1, `,"request_id":"${wanted}"`), escaped]));
    for (const m of found) expect(m === "nothing" || m.includes("other")).toBe(false);
    const all = await readAll([dir.path()]);
    const expected = messages(all.events).filter((m) => m.includes(wanted) && m.includes("request_id"));
    expect(found.filter((m) => m.includes(wanted) && m.includes("request_id")).sort()).toEqual(expected.sort());
  });

  it("finds needles that only appear once a JSON escape in an envelope is decoded", async () => {
    dir.write("env/b.jsonl", [envelope(1, "zzz"), JSON.stringify({ timestamp: T0, eventId: "x", message: "q" }).replace('"q"', '"\\u0061bc"')].join("\n") + "\n");
    const { events } = await readAll([dir.path()], { needles: ["abc"] });
    expect(messages(events)).toEqual(["abc"]);
  });

  it("counts the lines needles skipped as scanned too, as CloudWatch counts every event it scans", async () => {
    const lines = [json(1), json(2, ',"k":"needle"'), "", json(3, ',"k":"needle only"') + "\r", json(4), json(5, ',"k":"needle","o":"other"'), json(6)];
    dir.write("svc/a.jsonl", lines.join("\n") + "\n");
    const { events, stats } = await readAll([dir.path()], { needles: ["needle", "other"] });
    expect(events).toHaveLength(1);
    const nonEmpty = lines.filter((l) => l !== "").map((l) => l.replace(/\r$/, ""));
    expect(stats).toEqual({ recordsScanned: nonEmpty.length, bytesScanned: nonEmpty.reduce((n, l) => n + Buffer.byteLength(l), 0) });
    const plain = await readAll([dir.path()]);
    expect(stats).toEqual(plain.stats);
  });
});

describe("time range", () => {
  it("keeps only events within the inclusive bounds, in JSON, envelope and text files", async () => {
    dir.write("svc/a.jsonl", [0, 1, 2, 3, 4].map((n) => json(n)).join("\n") + "\n");
    dir.write("env/b.jsonl", [0, 1, 2, 3, 4].map((n) => envelope(n, `e${n}`)).join("\n") + "\n");
    dir.write("txt/c.log", [0, 1, 2, 3, 4].map((n) => `${new Date(T0 + n * 1000).toISOString()} t${n}`).join("\n") + "\n");
    const { events, stats } = await readAll([dir.path()], { start: T0 + 1000, end: T0 + 3000 });
    expect(events.map((e) => e.timestamp - T0).sort()).toEqual([1000, 1000, 1000, 2000, 2000, 2000, 3000, 3000, 3000]);
    expect(stats.recordsScanned).toBe(9);
  });
});

describe("@ptr", () => {
  it("leads back to the same event, in plain and gzip files, and to nothing when made up", async () => {
    dir.write("svc/a.jsonl", [json(1), "", "text line", json(2)].join("\n") + "\n");
    dir.write("svc/b.jsonl.gz", [json(3), json(4)].join("\n") + "\n", { gzip: true });
    dir.write("env/c.jsonl", envelope(5, "five") + "\n");
    const { events, source } = await readAll([dir.path()]);
    expect(events).toHaveLength(6);
    for (const event of events) {
      const back = await source.getRecord(event.ptr);
      expect(back && { ...back, ptr: back.ptr }).toEqual({ ...event, ptr: event.ptr });
    }
    const first = events.find((e) => e.message === json(1))!;
    expect(await source.getRecord(first.ptr.slice(0, -1) + "1")).toBeUndefined();
    expect(await source.getRecord("nonsense")).toBeUndefined();
    expect(await openLocalSource([dir.path("env")]).getRecord(first.ptr)).toBeUndefined();
  });
});

describe("large files", () => {
  it("reads lines that cross read boundaries, each exactly once", async () => {
    const lines: string[] = [];
    let size = 0;
    for (let n = 0; size < 2.5 * READ_SIZE; n++) {
      const l = json(n, `,"pad":"${"p".repeat(n % 997)}"`);
      lines.push(l);
      size += l.length + 1;
    }
    dir.write("big/a.jsonl", lines.join("\n") + "\n");
    dir.write("big/b.jsonl.gz", lines.join("\n") + "\n", { gzip: true });
    const { events, stats } = await readAll([dir.path()]);
    expect(events.length).toBe(2 * lines.length);
    expect(messages(events.filter((e) => e.logStream === "a"))).toEqual(lines);
    expect(messages(events.filter((e) => e.logStream === "b"))).toEqual(lines);
    expect(stats.bytesScanned).toBe(2 * (size - lines.length));
    const needle = await readAll([dir.path()], { needles: [`:${lines.length - 1},`] });
    expect(messages(needle.events)).toEqual([lines.at(-1), lines.at(-1)]);
  });

  it("stops when the signal aborts", async () => {
    dir.write("g/a.jsonl", Array.from({ length: 50_000 }, (_, n) => json(n)).join("\n") + "\n");
    const controller = new AbortController();
    const source = openLocalSource([dir.path()]);
    let seen = 0;
    const run = async () => {
      for await (const _ of source.read({ signal: controller.signal }, { recordsScanned: 0, bytesScanned: 0 })) {
        if (++seen === 10) controller.abort();
      }
    };
    await expect(run()).rejects.toThrow(/abort/i);
    expect(seen).toBeLessThan(50_000);
  });
});

describe("queries that read no event time", () => {
  it("give the same rows as when a time range makes every line's time be read", async () => {
    const { runQuery } = await import("../../engine/index.js");
    const lines = Array.from({ length: 300 }, (_, n) => json(n, `,"level":"${["info", "warn", "error"][n % 3]}","ms":${(n * 7) % 50}`));
    dir.write("g/a.jsonl", lines.slice(0, 120).join("\n") + "\n");
    dir.write("g/b.jsonl", ["plain text", ...lines.slice(120)].join("\n") + "\n");
    for (const q of ["stats count(*), avg(ms), pct(ms, 90) by level", "filter ms > 10 | stats sum(ms), count(*) by level", "stats count(*)"]) {
      const free = await runQuery(q, openLocalSource([dir.path()]));
      const ranged = await runQuery(q, openLocalSource([dir.path()]), { start: 0, end: T0 * 10 });
      expect({ q, rows: free.rows }).toEqual({ q, rows: ranged.rows });
      expect(free.statistics).toEqual(ranged.statistics);
    }
  });
});
