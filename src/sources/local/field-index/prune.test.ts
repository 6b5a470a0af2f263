/**
 * `tolog index` removes the indexes of log files that are gone, in the `.tolog-index`
 * directories of the files it indexes: tolog's own index files only (by name and magic), never
 * through a link, never anything else.
 */
import { existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, unlinkSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { indexLogs } from "./index-logs.js";
import { INDEX_DIR, indexPathFor } from "./location.js";

let root: string;
let dir: string;
const line = (id: string): string => JSON.stringify({ timestamp: "2026-01-01T00:00:00Z", request_id: id, route: "/a" }) + "\n";
beforeEach(() => {
  root = mkdtempSync(path.join(os.tmpdir(), "tolog-index-prune-"));
  dir = path.join(root, "logs");
  mkdirSync(dir);
  writeFileSync(path.join(dir, "app.log"), line("a"));
  writeFileSync(path.join(dir, "old.log"), line("o"));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

const indexDir = (log: string): string => path.join(dir, INDEX_DIR, log);

describe("tolog index after a log file was deleted", () => {
  it("removes the deleted file's indexes (every field's) and says so; the others stay", async () => {
    await indexLogs([dir], ["request_id", "route"]);
    expect(existsSync(indexDir("old.log"))).toBe(true);
    unlinkSync(path.join(dir, "old.log"));
    const outcomes = await indexLogs([dir], ["request_id"]);
    expect(existsSync(indexDir("old.log"))).toBe(false);
    expect(outcomes.filter((o) => o.action === "removed")).toEqual([
      expect.objectContaining({ file: expect.stringMatching(/old\.log$/), field: "request_id", reason: expect.stringMatching(/no longer exists/) }),
      expect.objectContaining({ file: expect.stringMatching(/old\.log$/), field: "route", reason: expect.stringMatching(/no longer exists/) }),
    ]);
    expect(outcomes.find((o) => o.file.endsWith("app.log"))).toMatchObject({ action: "current" });
    expect(existsSync(indexPathFor(path.join(dir, "app.log"), "route"))).toBe(true);
    // Nothing more to remove the next time.
    expect((await indexLogs([dir], ["request_id"])).filter((o) => o.action === "removed")).toEqual([]);
  });

  it("does so for a file given by name too (its directory's indexes)", async () => {
    await indexLogs([dir], ["request_id"]);
    unlinkSync(path.join(dir, "old.log"));
    const outcomes = await indexLogs([path.join(dir, "app.log")], ["request_id"]);
    expect(outcomes.map((o) => o.action)).toEqual(["current", "removed"]);
    expect(existsSync(indexDir("old.log"))).toBe(false);
  });

  it("removes a temporary index left behind, but nothing that is not tolog's: those are kept, with a warning", async () => {
    await indexLogs([dir], ["request_id"]);
    const index = path.join(indexDir("old.log"), "request_id.idx");
    writeFileSync(path.join(indexDir("old.log"), ".route.idx.12345.tmp"), readFileSync(index));
    writeFileSync(path.join(indexDir("old.log"), "notes.txt"), "mine");
    writeFileSync(path.join(indexDir("old.log"), "fake.idx"), "not an index at all");
    unlinkSync(path.join(dir, "old.log"));
    const warnings: string[] = [];
    const outcomes = await indexLogs([dir], ["request_id"], { onWarning: (m) => warnings.push(m) });
    expect(outcomes.filter((o) => o.action === "removed").map((o) => o.field)).toEqual(["request_id"]);
    expect(readdirSync(indexDir("old.log")).sort()).toEqual(["fake.idx", "notes.txt"]);
    expect(warnings).toEqual([expect.stringMatching(/old\.log.*kept.*fake\.idx, notes\.txt|kept.*old\.log.*fake\.idx, notes\.txt/)]);
  });

  it("follows no link: a linked directory or index file is left, and what it points to untouched", async () => {
    await indexLogs([dir], ["request_id"]);
    // Elsewhere: a directory of tolog indexes of its own (a copy of old.log's).
    const elsewhere = path.join(root, "elsewhere");
    mkdirSync(elsewhere);
    const outside = path.join(elsewhere, "request_id.idx");
    writeFileSync(outside, readFileSync(path.join(indexDir("old.log"), "request_id.idx")));
    symlinkSync(elsewhere, indexDir("gone-dir.log"));
    mkdirSync(indexDir("gone-file.log"));
    symlinkSync(outside, path.join(indexDir("gone-file.log"), "request_id.idx"));
    const outcomes = await indexLogs([dir], ["request_id"], { onWarning: () => {} });
    expect(outcomes.filter((o) => o.action === "removed")).toEqual([]);
    expect(existsSync(outside)).toBe(true);
    expect(lstatSync(indexDir("gone-dir.log")).isSymbolicLink()).toBe(true);
    expect(lstatSync(path.join(indexDir("gone-file.log"), "request_id.idx")).isSymbolicLink()).toBe(true);
  });

  it("leaves a .tolog-index that is a link alone", async () => {
    const elsewhere = path.join(root, "elsewhere");
    mkdirSync(path.join(elsewhere, "gone.log"), { recursive: true });
    await indexLogs([dir], ["request_id"]);
    const own = path.join(dir, INDEX_DIR, "old.log", "request_id.idx");
    writeFileSync(path.join(elsewhere, "gone.log", "request_id.idx"), readFileSync(own));
    rmSync(path.join(dir, INDEX_DIR), { recursive: true });
    symlinkSync(elsewhere, path.join(dir, INDEX_DIR));
    await indexLogs([dir], ["request_id"], { onWarning: () => {} });
    expect(existsSync(path.join(elsewhere, "gone.log", "request_id.idx"))).toBe(true);
  });
});
