/**
 * An index that cannot be trusted is ignored with a warning, whatever is wrong with it: the log
 * file changed in a way its size and modification time hide, or the index file itself is cut
 * short, damaged, of another field, or not a file. Each case gives the rows of a full read.
 */
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, truncateSync, utimesSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { runQuery } from "../../../engine/index.js";
import { openLocalSource } from "../index.js";
import { indexLogs } from "./index-logs.js";
import { indexPathFor } from "./location.js";

const NOW = Date.UTC(2026, 0, 2);
let dir: string;
let log: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), "tolog-index-trust-"));
  log = path.join(dir, "app.log");
  const lines = Array.from({ length: 400 }, (_, k) =>
    JSON.stringify({ timestamp: new Date(NOW - 3_600_000 + k * 1000).toISOString(), Rid: `R${k}`, rid: `l${k}`, pad: "x".repeat(40) }),
  );
  writeFileSync(log, lines.join("\n") + "\n");
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

async function run(query: string): Promise<{ rows: unknown[]; warnings: string[] }> {
  const warnings: string[] = [];
  const result = await runQuery(query, openLocalSource([dir], { onWarning: (m) => warnings.push(m) }), { now: NOW });
  return { rows: result.rows, warnings };
}

const QUERY = 'filter rid in ["l1", "l150", "l200", "l399", "q200"] | stats count(*) as n';

/** The query's rows through the broken index equal a full read's, with a warning naming the index. */
async function expectIgnored(reason: RegExp): Promise<void> {
  const indexed = await run(QUERY);
  const plain = await (async () => {
    rmSync(path.join(dir, ".tolog-index"), { recursive: true, force: true });
    return run(QUERY);
  })();
  expect(indexed.rows).toEqual(plain.rows);
  expect(indexed.warnings).toEqual([expect.stringMatching(reason)]);
  expect(indexed.warnings[0]).toMatch(/rid index of .*app\.log is not used: .*run tolog index again/);
}

describe("an index the log file's status cannot vouch for", () => {
  it("is not used after a rewrite of the same size that kept the modification time (cp -p)", async () => {
    // Whole seconds, which utimes sets exactly.
    const kept = new Date(NOW - 86_400_000);
    utimesSync(log, kept, kept);
    await indexLogs([dir], ["rid"], { blockSize: 256 });
    await new Promise((resolve) => setTimeout(resolve, 30));
    writeFileSync(log, readFileSync(log, "utf8").replace('"l200"', '"q200"'));
    utimesSync(log, kept, kept);
    await expectIgnored(/changed since it was indexed/);
  });
});

describe("an index file that is not what it says", () => {
  const index = (): string => indexPathFor(log, "rid");

  it("is not used when cut short, and tolog index builds it again", async () => {
    await indexLogs([dir], ["rid"], { blockSize: 256 });
    truncateSync(index(), Math.floor(statSync(index()).size / 2));
    const indexed = await run(QUERY);
    expect(indexed.warnings).toEqual([expect.stringMatching(/not used: .*damaged/)]);
    const [again] = await indexLogs([dir], ["rid"], { blockSize: 256 });
    expect(again).toMatchObject({ action: "rebuilt", reason: expect.stringMatching(/damaged/) });
    await expectIgnoredNot();
  });

  it("is not used when its header is damaged, and tolog index builds it again", async () => {
    await indexLogs([dir], ["rid"], { blockSize: 256 });
    const bytes = readFileSync(index());
    writeFileSync(index(), Buffer.from(bytes.toString("latin1").replace(/"bits":\d+/, '"bits":19'), "latin1"));
    await expectIgnored(/damaged/);
    await indexLogs([dir], ["rid"], { blockSize: 256 });
    const [again] = await indexLogs([dir], ["rid"], { blockSize: 256 });
    expect(again.action).toBe("current");
  });

  it("is not used when it indexes another field (Rid and rid are one file where case is ignored)", async () => {
    await indexLogs([dir], ["Rid"], { blockSize: 256 });
    mkdirSync(path.dirname(index()), { recursive: true });
    copyFileSync(indexPathFor(log, "Rid"), index());
    await expectIgnored(/indexes the field "Rid"/);
  });

  for (const [name, make] of [
    ["empty", () => writeFileSync(index(), "")],
    ["random bytes", () => writeFileSync(index(), Buffer.from(Array.from({ length: 999 }, (_, i) => (i * 37) % 256)))],
    ["a directory", () => mkdirSync(index())],
  ] as const) {
    it(`is not used, with a warning, when it is ${name}`, async () => {
      mkdirSync(path.dirname(index()), { recursive: true });
      make();
      await expectIgnored(/not an index|damaged|not a file/);
    });
  }
});

/** After a rebuild the index serves the query again: no warning, the rows of a full read. */
async function expectIgnoredNot(): Promise<void> {
  const indexed = await run(QUERY);
  expect(indexed.warnings).toEqual([]);
  expect(indexed.rows).toEqual([{ n: "4" }]);
}

describe("a field whose name is longer than a file name may be", () => {
  it("is indexed, and its index serves the query", async () => {
    const field = "é".repeat(50);
    writeFileSync(log, Array.from({ length: 300 }, (_, k) => JSON.stringify({ timestamp: NOW - 60_000 + k, [field]: `v${k}` })).join("\n") + "\n");
    const [built] = await indexLogs([dir], [field], { blockSize: 256 });
    expect(built).toMatchObject({ action: "built", withField: 300 });
    const query = `filter \`${field}\` = "v7" | stats count(*) as n`;
    const warnings: string[] = [];
    const result = await runQuery(query, openLocalSource([dir], { onWarning: (m) => warnings.push(m) }), { now: NOW });
    expect(result.rows).toEqual([{ n: "1" }]);
    expect(result.statistics.bytesScanned).toBeLessThan(statSync(log).size / 4);
    expect(warnings).toEqual([]);
  });
});

describe("a file read in several of its blocks", () => {
  it("has its issues told once, as a full read tells them", async () => {
    const lines = Array.from({ length: 600 }, (_, k) => JSON.stringify({ timestamp: NOW - 60_000 + k, rid: `l${k}` }));
    writeFileSync(log, lines.join("\r") + "\r");
    await indexLogs([dir], ["rid"], { blockSize: 256 });
    const indexed = await run('filter rid in ["l3", "l300", "l597"] | stats count(*) as n');
    expect(indexed.rows).toEqual([{ n: "3" }]);
    expect(indexed.warnings).toEqual([expect.stringMatching(/app\.log has lines that end in a bare CR/)]);
  });
});

describe("an index the system will not read", () => {
  it("is not used, with a warning naming the system's error, whatever that error is", async () => {
    // A symlink loop: open fails with ELOOP, which is neither absence nor a permission.
    const { symlinkSync } = await import("node:fs");
    const index = indexPathFor(log, "rid");
    mkdirSync(path.dirname(index), { recursive: true });
    symlinkSync(path.basename(index), index);
    await expectIgnored(/cannot be read \(ELOOP\)/);
  });
});
