import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, expect, it } from "vitest";
import type { EventSource, LogEvent, ReadOptions } from "../../engine/source.js";
import { openLocalSource } from "./index.js";

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), "tolog-split-handover-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

async function messages(source: EventSource, options: ReadOptions): Promise<string[]> {
  const out: string[] = [];
  for await (const event of source.read(options, { recordsScanned: 0, bytesScanned: 0 }) as AsyncIterable<LogEvent>) out.push(event.message);
  return out.sort();
}

it("a read right after a split that left the files to it uses the files the split found; any other read finds them anew", async () => {
  writeFileSync(path.join(dir, "a.log"), '{"n":1}\n');
  const source = openLocalSource([dir]);
  const options: ReadOptions = {};
  // Too little to cut in parts: the engine reads with the same options instead.
  expect(await source.split!(() => [1], options)).toBeUndefined();
  writeFileSync(path.join(dir, "b.log"), '{"n":2}\n');
  // The files as the split resolved them a moment ago (each sniffed once, not twice).
  expect(await messages(source, options)).toEqual(['{"n":1}']);
  // Handed over once: the same options read again, or other options, resolve the paths again.
  expect(await messages(source, options)).toEqual(['{"n":1}', '{"n":2}']);
  expect(await messages(source, {})).toEqual(['{"n":1}', '{"n":2}']);
});

it("a split that cuts parts leaves nothing to a later read", async () => {
  writeFileSync(path.join(dir, "a.log"), Array.from({ length: 100 }, (_, n) => JSON.stringify({ n })).join("\n") + "\n");
  const source = openLocalSource([dir]);
  const options: ReadOptions = {};
  const split = await source.split!(() => [0.5, 0.5], options);
  expect(split?.parts.length).toBe(2);
  writeFileSync(path.join(dir, "b.log"), '{"n":"b"}\n');
  expect(await messages(source, options)).toContain('{"n":"b"}');
});
