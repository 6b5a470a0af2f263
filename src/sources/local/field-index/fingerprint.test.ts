import { mkdtempSync, rmSync, statSync, writeFileSync, type Stats } from "node:fs";
import { open } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { runQuery } from "../../../engine/index.js";
import { openLocalSource } from "../index.js";
import { fingerprint, stalenessAt, statusVerdict } from "./fingerprint.js";
import { indexLogs } from "./index-logs.js";
import { openIndexFile, type IndexHeader } from "./index-file.js";
import { indexPathFor } from "./location.js";

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), "tolog-fingerprint-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const header = (over: Partial<IndexHeader> = {}): IndexHeader => ({
  format: 2, field: "f", blockSize: 64, indexedBytes: 100, bits: 0, entries: 0, events: 0, withField: 0,
  dev: 1, ino: 2, mtimeMs: 1000.5, ctimeMs: 1000.5, headBytes: 100, headHash: "h", tailHash: "t", ...over,
});
const status = (over: Partial<Stats> = {}): Stats => ({ dev: 1, ino: 2, size: 100, mtimeMs: 1000.5, ctimeMs: 1000.5, ...over }) as Stats;

describe("what a log file's status says of its index", () => {
  it("trusts a settled file whose status is unchanged, and reads the bytes of any other", () => {
    expect(statusVerdict(status(), header())).toBe("trusted");
    // Touched (chmod, a link, utimes back to the old time): the bytes must tell.
    expect(statusVerdict(status({ ctimeMs: 2000 }), header())).toBe("read");
    // Indexed while it could still change within the same clock tick: no change time kept.
    expect(statusVerdict(status(), header({ ctimeMs: undefined }))).toBe("read");
    // Appended: the indexed bytes are checked, then the rest read.
    expect(statusVerdict(status({ size: 150, mtimeMs: 3000, ctimeMs: 3000 }), header())).toBe("read");
  });

  it("tells a replaced, shortened or modified file from its status alone", () => {
    expect(statusVerdict(status({ ino: 3 }), header())).toEqual({ stale: expect.stringMatching(/replaced/) });
    expect(statusVerdict(status({ dev: 9 }), header())).toEqual({ stale: expect.stringMatching(/replaced/) });
    expect(statusVerdict(status({ size: 99 }), header())).toEqual({ stale: expect.stringMatching(/shorter/) });
    expect(statusVerdict(status({ mtimeMs: 1001 }), header())).toEqual({ stale: expect.stringMatching(/modified/) });
  });

  it("does not open a file its status vouches for, and opens one it does not", async () => {
    const missing = path.join(dir, "gone.log");
    await expect(stalenessAt(missing, status(), header())).resolves.toBeUndefined();
    await expect(stalenessAt(missing, status({ ctimeMs: 2000 }), header())).rejects.toMatchObject({ code: "ENOENT" });
  });
});

describe("an index's fingerprint", () => {
  it("keeps the change time only of a file settled for settledMs, and how its lines end when its head says", async () => {
    const log = path.join(dir, "app.log");
    writeFileSync(log, '{"a":1}\r\n{"a":2}\r\n');
    const handle = await open(log, "r");
    try {
      const fresh = await fingerprint(handle, 18, 9);
      expect(fresh.ctimeMs).toBeUndefined();
      expect(fresh.bareCr).toBe(false);
      const settled = await fingerprint(handle, 18, 9, 0);
      expect(settled.ctimeMs).toBe(statSync(log).ctimeMs);
    } finally {
      await handle.close();
    }
    writeFileSync(log, '{"a":1}\r{"a":2}\r');
    const bare = await open(log, "r");
    try {
      expect((await fingerprint(bare, 16, 8)).bareCr).toBe(true);
      // No line end in the hashed bytes: undecided, so not kept.
      expect((await fingerprint(bare, 5, 5)).bareCr).toBeUndefined();
    } finally {
      await bare.close();
    }
  });

  it("is given the file's status by `tolog index` again once the file has settled, with the same answers", async () => {
    const log = path.join(dir, "app.log");
    writeFileSync(log, Array.from({ length: 200 }, (_, i) => JSON.stringify({ request_id: `r${i % 7}`, n: i })).join("\n") + "\n");
    await indexLogs([dir], ["request_id"], { blockSize: 256 });
    const before = await readHeader(log);
    expect(before.ctimeMs).toBeUndefined();
    const query = async () => (await runQuery('filter request_id = "r3" | fields n', openLocalSource([dir]), { now: 0 })).rows;
    const rows = await query();
    const [again] = await indexLogs([dir], ["request_id"], { blockSize: 256, settledMs: 0 });
    expect(again.action).toBe("current");
    const after = await readHeader(log);
    expect(after).toEqual({ ...before, ctimeMs: statSync(log).ctimeMs });
    expect(await query()).toEqual(rows);
    expect(rows.length).toBeGreaterThan(0);
  });
});

async function readHeader(log: string): Promise<IndexHeader> {
  const index = await openIndexFile(indexPathFor(log, "request_id"), "request_id");
  if (!index || "unusable" in index) throw new Error("no index");
  await index.close();
  return index.header;
}
