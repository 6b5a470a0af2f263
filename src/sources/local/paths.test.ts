import { execFileSync } from "node:child_process";
import { createWriteStream, mkdirSync, readdirSync } from "node:fs";
import { Readable } from "node:stream";
import { gzipSync } from "node:zlib";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openLocalSource, SourcePathError } from "./index.js";
import { messages, readAll, TempDir } from "./test/helpers.js";

let dir: TempDir;
beforeEach(() => {
  dir = new TempDir();
});
afterEach(() => dir.cleanup());

const line = (n: number) => `{"ts":${1713517200000 + n},"n":${n}}\n`;

describe("which files a path names", () => {
  it("reads a directory recursively, log extensions only, hidden entries skipped", async () => {
    dir.write("a/one.jsonl", line(1));
    dir.write("a/deep/two.log", line(2));
    dir.write("a/three.txt", line(3));
    dir.write("a/four.json", line(4));
    dir.write("a/five.jsonl.gz", line(5), { gzip: true });
    dir.write("a/notes.md", line(6));
    dir.write("a/.hidden.jsonl", line(7));
    dir.write("a/.tmp/eight.jsonl", line(8));
    const { events } = await readAll([dir.path("a")]);
    expect(messages(events).sort()).toEqual([line(1), line(2), line(3), line(4), line(5)].map((l) => l.trim()).sort());
  });

  it("leaves out node_modules in a directory, which holds packages' texts and not logs; named itself, it is read", async () => {
    dir.write("p/app.jsonl", line(1));
    dir.write("p/node_modules/cliui/debug.log", line(2));
    dir.write("p/sub/node_modules/x/CHANGES.log", line(3));
    expect(messages((await readAll([dir.path("p")])).events)).toEqual([line(1).trim()]);
    expect(messages((await readAll([dir.path("p/node_modules")])).events)).toEqual([line(2).trim()]);
  });

  it("expands globs, and reads each file once when named twice", async () => {
    dir.write("g/x.jsonl", line(1));
    dir.write("g/y.jsonl", line(2));
    dir.write("g/z.log", line(3));
    const { events } = await readAll([dir.path("g/*.jsonl"), dir.path("g/x.jsonl")]);
    expect(messages(events).sort()).toEqual([line(1).trim(), line(2).trim()]);
  });

  it("recognises gzip by its magic bytes, whatever the file is called", async () => {
    dir.write("g/plain-name.log", line(1), { gzip: true });
    const { events } = await readAll([dir.path("g/plain-name.log")]);
    expect(messages(events)).toEqual([line(1).trim()]);
  });

  it("reads stdin once for `-`, as group and stream `stdin`, and can read it again", async () => {
    const source = openLocalSource(["-"], { stdin: Readable.from([Buffer.from(line(1) + line(2))]) });
    const stats = { recordsScanned: 0, bytesScanned: 0 };
    const first = [];
    for await (const e of source.read({}, stats)) first.push(e);
    expect(first.map((e) => [e.logGroup, e.logStream, e.message])).toEqual([
      ["stdin", "stdin", line(1).trim()],
      ["stdin", "stdin", line(2).trim()],
    ]);
    const again = [];
    for await (const e of source.read({}, stats)) again.push(e.message);
    expect(again).toEqual(messages(first));
    expect((await source.getRecord(first[1].ptr))?.message).toBe(line(2).trim());
    expect(await source.listGroups()).toEqual(["stdin"]);
  });

  it("reads a pipe named as a path (a FIFO, `<(command)`) once, and can read it again", async (ctx) => {
    if (process.platform === "win32") return ctx.skip();
    const fifo = dir.path("incoming.log");
    execFileSync("mkfifo", [fifo]);
    // The writer blocks until the source opens the pipe for reading.
    const written = new Promise<void>((resolve, reject) => createWriteStream(fifo).on("error", reject).end(line(1) + line(2), resolve));
    const source = openLocalSource([fifo]);
    const stats = { recordsScanned: 0, bytesScanned: 0 };
    const first = [];
    for await (const e of source.read({}, stats)) first.push(e);
    await written;
    expect(first.map((e) => [e.logStream, e.message])).toEqual([
      ["incoming", line(1).trim()],
      ["incoming", line(2).trim()],
    ]);
    const again = [];
    for await (const e of source.read({}, stats)) again.push(e.message);
    expect(again).toEqual(messages(first));
    expect((await source.getRecord(first[1].ptr))?.message).toBe(line(2).trim());
  });

  it("reads gzip from stdin and leaves no copy of it behind", async () => {
    const tmp = dir.path("tmp");
    mkdirSync(tmp);
    const saved = process.env.TMPDIR;
    process.env.TMPDIR = tmp;
    try {
      const source = openLocalSource(["-"], { stdin: Readable.from([gzipSync(line(1) + line(2))]) });
      const events = [];
      for await (const e of source.read({}, { recordsScanned: 0, bytesScanned: 0 })) events.push(e);
      expect(messages(events)).toEqual([line(1).trim(), line(2).trim()]);
      expect(readdirSync(tmp)).toEqual([]);
      expect((await source.getRecord(events[1].ptr))?.message).toBe(line(2).trim());
    } finally {
      if (saved === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = saved;
    }
  });

  it("throws a SourcePathError naming a missing path and the fix", () => {
    const missing = dir.path("nope/app.log");
    expect(() => openLocalSource([missing])).toThrow(SourcePathError);
    expect(() => openLocalSource([missing])).toThrow(/no such file or directory: ".*nope\/app\.log".*check the path/);
    expect(() => openLocalSource([dir.path("*.jsonl")])).toThrow(/no files match .*check the pattern/);
  });
});

describe("group and stream names from the store layout", () => {
  it("decodes the group from the parent directory and the stream from the file name", async () => {
    dir.write("%2Faws%2Flambda%2Fx/2024%2F04%2F19%2F%5B%24LATEST%5Dabc.jsonl.gz", line(1), { gzip: true });
    dir.write("taskoverflow/i-1.log", line(2));
    dir.write("bad%zz/s.txt", line(3));
    const { events, source } = await readAll([dir.path()]);
    expect(events.map((e) => [e.logGroup, e.logStream]).sort()).toEqual([
      ["/aws/lambda/x", "2024/04/19/[$LATEST]abc"],
      ["bad%zz", "s"],
      ["taskoverflow", "i-1"],
    ]);
    expect(await source.listGroups()).toEqual(["/aws/lambda/x", "bad%zz", "taskoverflow"]);
  });

  it("lets an envelope's group and stream override the path's, also when selecting groups", async () => {
    const envelope = (group: string, n: number) =>
      JSON.stringify({ timestamp: 1713517200000 + n, ingestionTime: 1713517200000 + n, logGroupName: group, logStreamName: "s", message: `m${n}`, eventId: `${n}` }) + "\n";
    dir.write("pulled/s.jsonl", envelope("/ecs/web", 1) + envelope("/ecs/worker", 2));
    dir.write("taskoverflow/i.jsonl", line(3));
    const { events, source } = await readAll([dir.path()], { groups: { prefixes: ["/ecs/w"], names: ["taskoverflow"] } });
    expect(events.map((e) => [e.logGroup, e.message]).sort()).toEqual([
      ["/ecs/web", "m1"],
      ["/ecs/worker", "m2"],
      ["taskoverflow", line(3).trim()],
    ]);
    expect(await source.listGroups()).toEqual(["/ecs/web", "taskoverflow"]);
    const onlyWorker = await readAll([dir.path()], { groups: { names: ["/ecs/worker"] } });
    expect(messages(onlyWorker.events)).toEqual(["m2"]);
  });

  it("skips files of groups that are not selected", async () => {
    dir.write("web/a.jsonl", line(1));
    dir.write("worker/a.jsonl", line(2));
    const { events } = await readAll([dir.path()], { groups: { names: ["worker"] } });
    expect(messages(events)).toEqual([line(2).trim()]);
  });
});
