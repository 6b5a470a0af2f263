import { existsSync, readdirSync, unlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { SAMPLE_LOG, tempDir } from "../test-helpers/log-dir.js";
import { runTolog } from "../test-helpers/run-tolog.js";

let logs: ReturnType<typeof tempDir>;
beforeEach(() => {
  logs = tempDir({ "app.log": SAMPLE_LOG });
});
afterEach(() => logs.remove());

describe("tolog index --format", () => {
  it("prints every format the other commands print, and takes TOLOG_FORMAT as they do", async () => {
    const csv = await runTolog(["index", "--logs", logs.path, "--field", "request_id", "--format", "csv"]);
    expect(csv.code).toBe(0);
    // Machine formats carry numbers, their unit in the column's name; the table keeps "368 B" and "2.5%".
    expect(csv.stdout.split("\r\n")[0]).toBe("file,field,index,index_bytes,indexed_bytes,index_share_of_file,events,with_field");
    expect(csv.stdout).toMatch(/app\.log,request_id,built,\d+,\d+,\d+(\.\d+)?,5,5\r\n/);
    const ndjson = await runTolog(["index", "--logs", logs.path, "--field", "request_id"], { env: { TOLOG_FORMAT: "ndjson" } });
    expect(ndjson.code).toBe(0);
    const row = JSON.parse(ndjson.stdout.trim()) as Record<string, unknown>;
    expect(row).toMatchObject({ field: "request_id", index: "current", events: 5, with_field: 5 });
    expect(Number.isInteger(row.index_bytes) && Number.isInteger(row.indexed_bytes)).toBe(true);
    // A fraction at 15 significant digits, as every machine format writes one (output/records.ts).
    expect(row.index_share_of_file).toBe(Number(((row.index_bytes as number) / (row.indexed_bytes as number)).toPrecision(15)));
    const table = await runTolog(["index", "--logs", logs.path, "--field", "request_id"]);
    expect(table.stdout).toMatch(/│ +[\d.]+ B │ +[\d.]+% │/);
  });
});

describe("tolog index refuses what no index can serve", () => {
  it("an empty field name, and system fields, which queries never look up in an index", async () => {
    for (const field of ["", "@message", "@timestamp"]) {
      const { code, stderr } = await runTolog(["index", "--logs", logs.path, "--field", field]);
      expect(code, field).toBe(2);
      expect(stderr).toMatch(field === "" ? /empty/ : /system field/);
    }
    expect(existsSync(join(logs.path, ".tolog-index"))).toBe(false);
  });

  it("standard input by any of its names, and other device or process files", async () => {
    for (const path of ["-", "/dev/stdin", "/dev/fd/0", "/proc/self/fd/0"]) {
      const { code, stderr } = await runTolog(["index", "--logs", path, "--field", "request_id"]);
      expect(code, path).toBe(2);
      expect(stderr, path).toMatch(/cannot be indexed/);
    }
  });

  it("warns of a field no event has: its index would find nothing", async () => {
    const { code, stderr } = await runTolog(["index", "--logs", logs.path, "--field", "requestId"]);
    expect(code).toBe(0);
    expect(stderr).toMatch(/no event .* has the field requestId/);
    expect(stderr).toMatch(/tolog fields/);
  });
});

describe("tolog index where it cannot write", () => {
  it("says which file's index could not be written and why, indexes the others, and exits 1", async () => {
    const blocked = tempDir({ "app.log": SAMPLE_LOG });
    try {
      // A file where the index directory would be: mkdir fails as in a directory this user cannot write.
      writeFileSync(join(blocked.path, ".tolog-index"), "");
      const { code, stdout, stderr } = await runTolog(["index", "--logs", logs.path, "--logs", blocked.path, "--field", "request_id", "--format", "csv"]);
      expect(code).toBe(1);
      expect(stdout).toMatch(/app\.log,request_id,built,/);
      expect(stdout).toMatch(/app\.log,request_id,not written: /);
      expect(stderr).toContain(join(blocked.path, ".tolog-index"));
      expect(readdirSync(blocked.path).filter((f) => f.endsWith(".tmp"))).toEqual([]);
    } finally {
      blocked.remove();
    }
  });

  it("names the index file, not a temporary one, when a directory is in its place", async () => {
    const place = join(logs.path, ".tolog-index", "app.log", "request_id.idx");
    const { mkdirSync } = await import("node:fs");
    mkdirSync(place, { recursive: true });
    const { code, stderr } = await runTolog(["index", "--logs", logs.path, "--field", "request_id"]);
    expect(code).toBe(1);
    expect(stderr).toContain(place);
    expect(stderr).not.toMatch(/\.tmp/);
    expect(readdirSync(join(logs.path, ".tolog-index", "app.log")).filter((f) => f.endsWith(".tmp"))).toEqual([]);
  });
});

describe("tolog index on an 80-column terminal", () => {
  it("keeps each file's name and the index's size, and tells a skip's reason once, whole", async () => {
    const deep = tempDir({ "a/rather/deeply/nested/directory/of/logs/app.log": SAMPLE_LOG });
    try {
      writeFileSync(join(deep.path, "a/rather/deeply/nested/directory/of/logs/old.log.gz"), gzipSync(SAMPLE_LOG));
      const { code, stdout, stderr } = await runTolog(["index", "--logs", deep.path, "--field", "request_id"], { isTTY: true, columns: 80, env: { NO_COLOR: "1" } });
      expect(code).toBe(0);
      for (const line of stdout.split("\n")) expect(line.length, line).toBeLessThanOrEqual(80);
      expect(stdout).toMatch(/…\S*\/logs\/app\.log │/);
      expect(stdout).toMatch(/index size/);
      expect(stderr.replace(/\s+/g, " ")).toMatch(/old\.log\.gz skipped: gzip files are read whole \(no offsets to seek to\)/);
    } finally {
      deep.remove();
    }
  });
});

describe("tolog index after a log file was deleted", () => {
  it("removes its index and says so in the report", async () => {
    writeFileSync(join(logs.path, "old.log"), SAMPLE_LOG);
    expect((await runTolog(["index", "--logs", logs.path, "--field", "request_id"])).code).toBe(0);
    unlinkSync(join(logs.path, "old.log"));
    const csv = await runTolog(["index", "--logs", logs.path, "--field", "request_id", "--format", "csv"]);
    expect(csv.code).toBe(0);
    expect(csv.stdout).toMatch(/app\.log,request_id,current,/);
    expect(csv.stdout).toMatch(/old\.log,request_id,removed: its log file no longer exists,0,0,,0,0\r\n/);
    expect(existsSync(join(logs.path, ".tolog-index", "old.log"))).toBe(false);
    writeFileSync(join(logs.path, "old.log"), SAMPLE_LOG);
    await runTolog(["index", "--logs", logs.path, "--field", "request_id"]);
    unlinkSync(join(logs.path, "old.log"));
    const table = await runTolog(["index", "--logs", logs.path, "--field", "request_id"], { isTTY: true, columns: 120, env: { NO_COLOR: "1" } });
    expect(table.stdout).toMatch(/old\.log +│ request_id │ removed │/);
    expect(table.stderr.replace(/\s+/g, " ")).toMatch(/old\.log removed: its log file no longer exists/);
  });
});
