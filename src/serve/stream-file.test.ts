import { execFileSync } from "node:child_process";
import { symlinkSync } from "node:fs";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { appendWhole, readLineBatches, repairTail, type ReadLimits } from "./stream-file.js";
import { Store } from "./store.js";

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "tolog-stream-file-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function lines(file: string, from: number, limits: ReadLimits): Promise<{ lines: (string | undefined)[]; end: number }> {
  const all: (string | undefined)[] = [];
  let end = from;
  for await (const batch of readLineBatches(file, from, undefined, limits)) {
    all.push(...batch.lines);
    end = batch.end;
  }
  return { lines: all, end };
}

const TEXT = ["first", "", "ünïcödé ✓ 日本語 🎉", "x".repeat(50), "last"];

describe("reading a stream file a chunk at a time", () => {
  test("gives the same lines whatever the chunk size, characters and lines cut anywhere", async () => {
    const file = join(dir, "s.jsonl");
    await writeFile(file, TEXT.join("\n") + "\nunfinished");
    const size = Buffer.byteLength(TEXT.join("\n") + "\n");
    for (const chunkBytes of [1, 2, 3, 5, 7, 64, 1 << 20]) {
      expect({ chunkBytes, ...(await lines(file, 0, { chunkBytes })) }).toEqual({ chunkBytes, lines: TEXT, end: size });
    }
    // From the middle (a line start), and up to a given end.
    const second = Buffer.byteLength("first\n\n");
    expect((await lines(file, second, { chunkBytes: 4 })).lines).toEqual(TEXT.slice(2));
    const read: (string | undefined)[] = [];
    for await (const batch of readLineBatches(file, 0, second, { chunkBytes: 3 })) read.push(...batch.lines);
    expect(read).toEqual(["first", ""]);
  });

  test("a line longer than the limit holds no event but keeps its place; the lines after it are read", async () => {
    const file = join(dir, "s.jsonl");
    await writeFile(file, ["short", "y".repeat(100), "after", "z".repeat(30)].join("\n") + "\n");
    expect((await lines(file, 0, { chunkBytes: 8, maxLineBytes: 30 })).lines).toEqual(["short", undefined, "after", "z".repeat(30)]);
  });
});

describe("the end of a stream file", () => {
  const envelope = JSON.stringify({ timestamp: 1, message: "whole" });

  test("an unfinished line (a write cut short) is moved aside, nothing lost; a whole envelope without newline gets one", async () => {
    const file = join(dir, "s.jsonl");
    await writeFile(file, `${envelope}\n{"timestamp":2,"mess`);
    expect(await repairTail(file, { chunkBytes: 3 })).toEqual({ kind: "cut", bytes: 20, keptIn: join(dir, ".s.jsonl.torn") });
    expect(await readFile(file, "utf8")).toBe(`${envelope}\n`);
    expect(await readFile(join(dir, ".s.jsonl.torn"), "utf8")).toBe('{"timestamp":2,"mess\n');
    expect(await repairTail(file)).toBeUndefined();

    await writeFile(file, `${envelope}\n${envelope}`);
    expect(await repairTail(file, { chunkBytes: 5 })).toEqual({ kind: "ended", bytes: envelope.length });
    expect(await readFile(file, "utf8")).toBe(`${envelope}\n${envelope}\n`);

    await writeFile(file, '{"timestamp":3,"mes');
    expect(await repairTail(file)).toEqual({ kind: "cut", bytes: 19, keptIn: join(dir, ".s.jsonl.torn") });
    expect(await readFile(file, "utf8")).toBe("");
    expect(await readFile(join(dir, ".s.jsonl.torn"), "utf8")).toBe('{"timestamp":2,"mess\n{"timestamp":3,"mes\n');
  });

  test("a batch appended to a file whose last line has no newline starts on a line of its own", async () => {
    const file = join(dir, "s.jsonl");
    await writeFile(file, "written by another program, not finished");
    await appendWhole(file, `${envelope}\n`);
    expect(await readFile(file, "utf8")).toBe(`written by another program, not finished\n${envelope}\n`);
  });
});

describe("opening a store", () => {
  test("repairs only the streams it created itself, even after recording the others it found", async () => {
    const group = join(dir, "g");
    await mkdir(group);
    const torn = '{"timestamp":1,"message":"a"}\n{"timestamp":2,"mess';
    await writeFile(join(group, "other.jsonl"), torn);
    let store = await Store.open(dir);
    await store.createStream(store.group("g")!, "mine", 1);
    await store.close();
    await writeFile(join(group, "mine.jsonl"), '{"timestamp":3,"mess');
    const told: string[] = [];
    store = await Store.open(dir, { log: (line) => told.push(line) });
    await store.close();
    expect(await readFile(join(group, "other.jsonl"), "utf8")).toBe(torn);
    expect(await readFile(join(group, "mine.jsonl"), "utf8")).toBe("");
    expect(told).toEqual([expect.stringMatching(/mine\.jsonl: moved 20 bytes/)]);
  });

  test("a FIFO or a link named .group.json or as a torn line's side file is not read, waited on or followed", async () => {
    const group = join(dir, "g");
    await mkdir(group);
    execFileSync("mkfifo", [join(group, ".group.json")]);
    const told: string[] = [];
    const store = await Store.open(dir, { log: (line) => told.push(line) });
    expect(store.groups().map((g) => g.name)).toEqual(["g"]);
    await store.close();

    const other = join(dir, "h");
    await mkdir(other);
    await writeFile(join(other, ".group.json"), JSON.stringify({ name: "h", creationTime: 1, streams: { s: { creationTime: 1, own: true } } }));
    await writeFile(join(other, "s.jsonl"), '{"timestamp":1,"message":"a"}\n{"timestamp":2,"mess');
    symlinkSync(join(dir, "nowhere"), join(other, ".s.jsonl.torn"));
    const again = await Store.open(dir, { log: (line) => told.push(line) });
    await again.close();
    expect(told.at(-1)).toMatch(/s\.jsonl: its unfinished last line is left as it is: .*\.s\.jsonl\.torn is a symbolic link/);
    expect(await readFile(join(other, "s.jsonl"), "utf8")).toBe('{"timestamp":1,"message":"a"}\n{"timestamp":2,"mess');
  }, 20_000);

  test("leaves files it did not create as they are, whatever their last line", async () => {
    const group = join(dir, "g");
    await mkdir(group);
    const contents = { "notes.jsonl": "# a document, not a log", "other.jsonl": '{"timestamp":1,"message":"no newline"}' };
    for (const [name, text] of Object.entries(contents)) await writeFile(join(group, name), text);
    const told: string[] = [];
    const store = await Store.open(dir, { log: (line) => told.push(line) });
    await store.close();
    expect(told).toEqual([]);
    for (const [name, text] of Object.entries(contents)) expect(await readFile(join(group, name), "utf8")).toBe(text);
  });

  test("reads every stream in small chunks, and moves the torn tail of a stream of its own aside so that the next batch starts on its own line", async () => {
    const group = join(dir, "g");
    await mkdir(group);
    const events = TEXT.map((message, i) => JSON.stringify({ timestamp: 1000 + i, message: message || "-", eventId: `id-${i}` }));
    await writeFile(join(group, "s.jsonl"), events.join("\n") + '\n{"timestamp":9,"message":"torn');
    // Recorded as the endpoint's own: a stream it created.
    await writeFile(join(group, ".group.json"), JSON.stringify({ name: "g", creationTime: 1, streams: { s: { creationTime: 1, own: true } } }));
    const told: string[] = [];
    const store = await Store.open(dir, { read: { chunkBytes: 7 }, log: (line) => told.push(line) });
    try {
      expect(told).toEqual([expect.stringMatching(/s\.jsonl: moved 30 bytes of an unfinished last line to .*\.s\.jsonl\.torn/)]);
      const stream = store.group("g")!.streams.get("s")!;
      expect(store.ordered(stream).map((e) => e.message)).toEqual(TEXT.map((m) => m || "-"));
      await store.append(store.group("g")!, stream, [{ timestamp: 2000, message: "next batch" }], 3000);
      const text = await readFile(join(group, "s.jsonl"), "utf8");
      expect(text.split("\n").slice(-2)).toEqual([expect.stringContaining('"message":"next batch"'), ""]);
      expect(store.ordered(stream).map((e) => e.message).at(-1)).toBe("next batch");
    } finally {
      await store.close();
    }
  });
});
