import { existsSync, mkdtempSync, readdirSync, readlinkSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openBytes, READ_SIZE } from "./byte-reader.js";

let dir: string;
const content = Buffer.alloc(5 * READ_SIZE + 123);
for (let i = 0; i < content.length; i++) content[i] = (i * 7 + (i >> 11)) & 0xff;

beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), "tolog-bytes-"));
  writeFileSync(path.join(dir, "plain.bin"), content);
  writeFileSync(path.join(dir, "packed.bin"), gzipSync(content));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function readAll(file: string, start: number): Promise<Buffer> {
  const reader = await openBytes({ path: path.join(dir, file) }, start);
  const chunks: Buffer[] = [];
  const buf = Buffer.alloc(READ_SIZE);
  try {
    for (let n = await reader.read(buf, 0); n > 0; n = await reader.read(buf, 0)) chunks.push(Buffer.from(buf.subarray(0, n)));
  } finally {
    await reader.close();
  }
  return Buffer.concat(chunks);
}

describe("openBytes", () => {
  it("reads a file's bytes from any offset, plain or gzip", async () => {
    for (const start of [0, 1, READ_SIZE - 1, READ_SIZE, 3 * READ_SIZE + 17]) {
      expect((await readAll("plain.bin", start)).equals(content.subarray(start))).toBe(true);
      expect((await readAll("packed.bin", start)).equals(content.subarray(start))).toBe(true);
    }
  });

  it("lets the event loop run between synchronous reads of a long scan", async () => {
    let ticks = 0;
    const timer = setInterval(() => ticks++, 1);
    const reader = await openBytes({ path: path.join(dir, "plain.bin") });
    let ticksWhileReading = 0;
    try {
      const buf = Buffer.alloc(READ_SIZE);
      const before = ticks;
      while ((await reader.read(buf, 0)) > 0) {
        // Each read comes more than the yield interval after the last, as after scanning a chunk.
        const until = performance.now() + 15;
        while (performance.now() < until);
      }
      ticksWhileReading = ticks - before;
    } finally {
      clearInterval(timer);
      await reader.close();
    }
    expect(ticksWhileReading).toBeGreaterThan(0);
  });
});

/** The descriptors this process holds open on `file` (Linux's /proc; elsewhere not known). */
function openDescriptors(file: string): number | undefined {
  if (!existsSync("/proc/self/fd")) return undefined;
  return readdirSync("/proc/self/fd").filter((fd) => {
    try {
      return readlinkSync(`/proc/self/fd/${fd}`) === file;
    } catch {
      return false; // closed meanwhile (the listing's own descriptor)
    }
  }).length;
}

describe("a gzip reader", () => {
  it("holds the file open no longer than until it is closed, read or not", async (ctx) => {
    const file = path.join(dir, "packed.bin");
    if (openDescriptors(file) === undefined) return ctx.skip();
    for (let i = 0; i < 5; i++) {
      const reader = await openBytes({ path: file });
      if (i % 2 === 0) await reader.read(Buffer.alloc(READ_SIZE), 0);
      await reader.close();
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(openDescriptors(file)).toBe(0);
  });

  it("turns a file that disappears before it is read into an error of the read", async () => {
    const file = path.join(dir, "gone.gz");
    writeFileSync(file, gzipSync(content));
    const reader = await openBytes({ path: file });
    rmSync(file);
    await expect(reader.read(Buffer.alloc(READ_SIZE), 0)).rejects.toThrow(/ENOENT/);
    await reader.close();
    // Closed unread, then removed: nothing is left to fail later, outside any read.
    writeFileSync(file, gzipSync(content));
    await (await openBytes({ path: file })).close();
    rmSync(file);
    await new Promise((resolve) => setTimeout(resolve, 50));
  });

  it("fails the reads with the file's error, never the process, when the file goes before any read waits", async () => {
    const file = path.join(dir, "gone.jsonl.gz");
    writeFileSync(file, gzipSync("a\n"));
    const reader = await openBytes({ path: file });
    rmSync(file); // before the stream, which opens by name when first read, has opened it
    await new Promise((resolve) => setTimeout(resolve, 50)); // the open fails while no read waits
    const read = reader.read(Buffer.alloc(READ_SIZE), 0).then(
      () => "read",
      (error: NodeJS.ErrnoException) => error.code,
    );
    // An error the reader does not hand to its reads is uncaught, and fails this file's run.
    expect(["read", "ENOENT"]).toContain(await read);
    await reader.close();
  });
});
