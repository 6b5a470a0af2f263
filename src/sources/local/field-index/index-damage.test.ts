/**
 * An index file damaged in place (its size unchanged: a bad disk block, a stray write, a bit
 * flipped) in its header, fanout or entries: every value is still found in exactly the rows of
 * a read without the index, a query that meets the damage warns once, naming the file and
 * `tolog index`, and `tolog index` rebuilds the index (reporting why).
 */
import { readFileSync, rmSync, mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runQuery } from "../../../engine/index.js";
import { Prng } from "../../../prng.js";
import { openLocalSource } from "../index.js";
import { fileAt } from "../resolve-paths.js";
import { indexLogs } from "./index-logs.js";
import { BLOCK_BITS, CHUNK_BYTES, entryKey, openIndexFile, writeIndexFile, type IndexReader } from "./index-file.js";
import { indexPathFor } from "./location.js";
import { indexedRanges } from "./lookup.js";

const NOW = Date.UTC(2026, 0, 2);
const LINES = 3000;
const IDS = 600;
// Every line longer than a block: each line starts in a block of its own, so a lookup that
// misses one id's block loses its rows (no other id's lookup reads that block for it).
const BLOCK = 64;

let dir: string;
let log: string;
let pristine: Buffer;
let plainRows: unknown[];
const offsetsOf = new Map<string, number[]>();
const ids = Array.from({ length: IDS }, (_, i) => `id-${i}`);
const QUERY = `filter rid in [${ids.map((id) => JSON.stringify(id)).join(", ")}] | stats count(*) as n by rid | sort rid`;
const index = (): string => indexPathFor(log, "rid");

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), "tolog-index-damage-"));
  log = path.join(dir, "app.log");
  const rng = new Prng(7);
  let offset = 0;
  const lines: string[] = [];
  for (let k = 0; k < LINES; k++) {
    const rid = ids[k < IDS ? k : rng.int(IDS)];
    const line = JSON.stringify({ timestamp: new Date(NOW - 3_600_000 + k * 1000).toISOString(), rid, k, pad: "x".repeat(8) });
    expect(line.length).toBeGreaterThan(BLOCK);
    offsetsOf.set(rid, [...(offsetsOf.get(rid) ?? []), offset]);
    offset += line.length + 1;
    lines.push(line);
  }
  writeFileSync(log, lines.join("\n") + "\n");
  plainRows = (await run()).rows;
  expect(plainRows).toHaveLength(IDS);
  await indexLogs([dir], ["rid"], { blockSize: BLOCK });
  pristine = readFileSync(index());
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function run(): Promise<{ rows: unknown[]; warnings: string[] }> {
  const warnings: string[] = [];
  const result = await runQuery(QUERY, openLocalSource([dir], { onWarning: (m) => warnings.push(m) }), { now: NOW });
  return { rows: result.rows, warnings };
}

/** The index's parts, from its header: the JSON header, then the fanout and the entries that end the file. */
function regions(bytes: Buffer): { json: [number, number]; fanout: [number, number]; entries: [number, number]; header: Record<string, number> } {
  const length = bytes.readUInt32LE(8);
  const header = JSON.parse(bytes.toString("utf8", 12, 12 + length)) as Record<string, number>;
  const entriesAt = bytes.length - header.entries * 8;
  const fanoutAt = entriesAt - ((1 << header.bits) + 1) * 4;
  return { json: [12, 12 + length], fanout: [fanoutAt, entriesAt], entries: [entriesAt, bytes.length], header };
}

type Damage = (bytes: Buffer) => void;
const zero = (at: (b: Buffer) => number, length: number): Damage => (b) => b.fill(0, at(b), Math.min(b.length, at(b) + length));
const flip = (at: (b: Buffer) => number, length: number): Damage => (b) => {
  for (let i = at(b); i < Math.min(b.length, at(b) + length); i++) b[i] ^= 0xa5;
};
const bit = (at: (b: Buffer) => number, mask = 0x02): Damage => (b) => {
  b[at(b)] ^= mask;
};
const mid = ([from, to]: [number, number]): number => from + Math.floor((to - from) / 2);
const word = (n: number): number => n - (n % 4);

const DAMAGES: Array<[string, Damage]> = [
  ["4 KiB zeroed at byte 8192 (the audit's)", zero(() => 8192, 4096)],
  ["64 bytes flipped at byte 500 (the audit's)", flip(() => 500, 64)],
  ["16 bytes of the JSON header zeroed", zero((b) => mid(regions(b).json), 16)],
  // '6' (0x36) of "blockSize":64 becomes '4': JSON that parses, numbers that look right.
  ["a bit of the header's block size", bit((b) => b.indexOf('"blockSize":64') + '"blockSize":'.length, 0x02)],
  ["the fanout zeroed", zero((b) => regions(b).fanout[0], 4096)],
  ["64 bytes of the fanout flipped", flip((b) => mid(regions(b).fanout), 64)],
  ["a bit of a fanout word", bit((b) => word(mid(regions(b).fanout)) + 1, 0x01)],
  ["a high bit of a fanout word", bit((b) => word(mid(regions(b).fanout)) + 3, 0x80)],
  ["4 KiB of entries zeroed", zero((b) => mid(regions(b).entries), 4096)],
  ["64 bytes of entries flipped", flip((b) => regions(b).entries[0] + 1000, 64)],
  ["a bit of an entry's hash", bit((b) => regions(b).entries[0] + 8 * 1234 + 2, 0x10)],
  ["a bit of an entry's block", bit((b) => regions(b).entries[0] + 8 * 2345 + 4, 0x01)],
  ["a bit of the last entry", bit((b) => b.length - 1, 0x01)],
  // Just before the fanout: the last chunk's checksum (a damaged checksum is damage too).
  ["a bit of a chunk's checksum", bit((b) => regions(b).fanout[0] - 2, 0x04)],
];

describe("an index damaged in place", () => {
  it("is large enough for the damages to fall where they are meant to", () => {
    const { fanout, entries } = regions(pristine);
    expect(fanout[1] - fanout[0]).toBeGreaterThan(1024);
    expect(entries[1] - entries[0]).toBeGreaterThan(16_384);
  });

  for (const [name, damage] of DAMAGES) {
    it(`${name}: every id gets the rows of a read without the index, with one warning; tolog index rebuilds it`, async () => {
      const bytes = Buffer.from(pristine);
      damage(bytes);
      expect(bytes.equals(pristine)).toBe(false);
      writeFileSync(index(), bytes);

      // Each id alone: its lookup reads its lines' blocks, or the whole file.
      const file = fileAt(log);
      const lost: string[] = [];
      const warned = new Set<string>();
      for (const id of ids) {
        const found = await indexedRanges(file, [{ field: "rid", values: [id] }], (m) => warned.add(m));
        if (found === undefined) continue;
        const covered = (offset: number): boolean => found.ranges.some((r) => r.from <= offset && offset < r.to);
        if (!offsetsOf.get(id)!.every(covered)) lost.push(id);
      }
      expect(lost).toEqual([]);
      for (const message of warned) expect(message).toMatch(/the rid index of .*app\.log is not used: .*damaged.*run tolog index again/);

      // Every id in one query: the rows of a read without the index, and the damage told once.
      const indexed = await run();
      expect(indexed.rows).toEqual(plainRows);
      expect(indexed.warnings).toEqual([expect.stringMatching(/the rid index of .*app\.log is not used: .*damaged.*run tolog index again/)]);

      const [again] = await indexLogs([dir], ["rid"], { blockSize: BLOCK });
      expect(again).toMatchObject({ action: "rebuilt", reason: expect.stringMatching(/damaged/) });
      expect(regions(readFileSync(index())).header.entries).toBe(regions(pristine).header.entries);
      expect(await run()).toEqual({ rows: plainRows, warnings: [] });
    });
  }

  it("from another version of tolog is not used, with a warning, and tolog index rebuilds it", async () => {
    writeFileSync(index(), Buffer.from(pristine.toString("latin1").replace(/"format":\d+/, '"format":2'), "latin1"));
    const indexed = await run();
    expect(indexed.rows).toEqual(plainRows);
    expect(indexed.warnings).toEqual([expect.stringMatching(/not used: it was built by another version of tolog/)]);
    const [again] = await indexLogs([dir], ["rid"], { blockSize: BLOCK });
    expect(again).toMatchObject({ action: "rebuilt", reason: expect.stringMatching(/another version/) });
    expect(await run()).toEqual({ rows: plainRows, warnings: [] });
  });
});

describe("an index whose header and chunks' checksums lie past its first 4 KiB", () => {
  it("finds every value, and tells a damaged chunk from the others", async () => {
    const rng = new Prng(3);
    // 400,000 entries: 3.2 MB of body, 782 chunks' checksums after a header of 5 KB.
    const field = "f".repeat(5000);
    const all = new Float64Array(400_000).map(() => entryKey(rng.int(2 ** 32), rng.int(2 ** BLOCK_BITS)));
    const keys = new Float64Array(new Set(all.sort())).sort();
    const file = path.join(dir, "large.idx");
    const print = { dev: 1, ino: 2, mtimeMs: 3, headBytes: 4096, headHash: "h", tailHash: "t" };
    await writeIndexFile(file, { ...print, field, blockSize: 64, indexedBytes: 1, events: 1, withField: 1 }, keys);
    const sample = Array.from({ length: 500 }, () => keys[rng.int(keys.length)]);
    const hashOf = (key: number): number => Math.floor(key / 2 ** BLOCK_BITS);
    const open = async (): Promise<IndexReader> => {
      const reader = await openIndexFile(file, field);
      if (!reader || "unusable" in reader) throw new Error(`not opened: ${JSON.stringify(reader)}`);
      return reader;
    };
    const reader = await open();
    for (const key of sample) expect(await reader.blocks([hashOf(key)])).toContain(key - hashOf(key) * 2 ** BLOCK_BITS);
    expect(await reader.all()).toEqual(keys);
    await reader.close();

    // The checksum of the chunk holding the sample's first entry, flipped: its lookup finds the
    // damage, and so does a read of every entry; a lookup in another chunk is not troubled.
    const bytes = readFileSync(file);
    const length = bytes.readUInt32LE(8);
    const tableAt = ((12 + length + 3) & ~3) + 4;
    const chunks = Math.ceil((bytes.length - tableAt) / (CHUNK_BYTES + 4));
    const bodyAt = tableAt + 4 * chunks;
    const fanoutBytes = ((1 << JSON.parse(bytes.toString("utf8", 12, 12 + length)).bits) + 1) * 4;
    const chunkOf = (key: number): number => Math.floor((fanoutBytes + 8 * keys.indexOf(key)) / CHUNK_BYTES);
    expect(bodyAt + (chunks - 1) * CHUNK_BYTES).toBeLessThan(bytes.length);
    const victim = sample.find((key) => chunkOf(key) > 2 && chunkOf(key) === Math.floor((fanoutBytes + 8 * (keys.indexOf(key) + 1) - 1) / CHUNK_BYTES))!;
    const other = sample.find((key) => Math.abs(chunkOf(key) - chunkOf(victim)) > 1)!;
    bytes[tableAt + 4 * chunkOf(victim)] ^= 0x01;
    writeFileSync(file, bytes);
    const damaged = await open();
    expect(await damaged.blocks([hashOf(other)])).toContain(other - hashOf(other) * 2 ** BLOCK_BITS);
    expect(await damaged.blocks([hashOf(victim)])).toEqual({ unusable: expect.stringMatching(/damaged/) });
    expect(await damaged.all()).toEqual({ unusable: expect.stringMatching(/damaged/) });
    await damaged.close();
  });
});
