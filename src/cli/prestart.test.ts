import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { localPaths, prestart, PRESTART_COMMANDS, wantsWorkers } from "./prestart.js";
import { COMMANDS } from "./registry.js";

let dir: string;
/** Two threads, parts of at least 1,000 bytes: 2,000 bytes of logs are cut in two (lines of 110 bytes). */
const ENV = { TOLOG_THREADS: "2", TOLOG_PARALLEL_MIN_BYTES: "1000" };

beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), "tolog-prestart-"));
  const line = JSON.stringify({ level: "info", message: "x".repeat(80) }) + "\n";
  writeFileSync(path.join(dir, "big.jsonl"), line.repeat(30));
  writeFileSync(path.join(dir, "small.jsonl"), line);
  mkdirSync(path.join(dir, "tree", "deeper", ".hidden"), { recursive: true });
  // 1,760 bytes of logs in the tree, and more that the local source would not read.
  writeFileSync(path.join(dir, "tree", "a.log"), line.repeat(8));
  writeFileSync(path.join(dir, "tree", "deeper", "b.jsonl"), line.repeat(8));
  writeFileSync(path.join(dir, "tree", "notes.md"), line.repeat(20));
  writeFileSync(path.join(dir, "tree", "deeper", ".hidden", "c.log"), line.repeat(20));
  writeFileSync(path.join(dir, "tree", ".d.log"), line.repeat(20));
  symlinkSync(path.join(dir, "big.jsonl"), path.join(dir, "tree", "link.log"));
  mkdirSync(path.join(dir, "linked-tree"));
  symlinkSync(path.join(dir, "tree"), path.join(dir, "linked-tree", "loop"));
  // A link to a directory named like a log file is not followed either.
  symlinkSync(path.join(dir, "tree"), path.join(dir, "linked-tree", "loop.log"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("wantsWorkers", () => {
  const file = (name: string) => path.join(dir, name);

  it("wants them for a query over local files that parts would be cut from", () => {
    expect(wantsWorkers(["query", "stats count(*)", "--logs", file("big.jsonl")], ENV)).toBe(true);
    expect(wantsWorkers(["slow-queries", `--logs=${file("big.jsonl")}`], ENV)).toBe(true);
    expect(wantsWorkers(["races", "--logs", file("small.jsonl"), "--logs", file("big.jsonl")], ENV)).toBe(true);
  });

  it("does not for input too small to cut, one thread, or help", () => {
    expect(wantsWorkers(["query", "stats count(*)", "--logs", file("small.jsonl")], ENV)).toBe(false);
    expect(wantsWorkers(["query", "stats count(*)", "--logs", file("big.jsonl")], { ...ENV, TOLOG_THREADS: "1" })).toBe(false);
    expect(wantsWorkers(["query", "--help", "--logs", file("big.jsonl")], ENV)).toBe(false);
    // The default least part (32 MiB) is far above these files.
    expect(wantsWorkers(["query", "stats count(*)", "--logs", file("big.jsonl")], { TOLOG_THREADS: "2" })).toBe(false);
  });

  it("does not for a command that follows its logs, which never reads them in parts", () => {
    const query = ["query", "stats count(*) by level", "--logs", file("big.jsonl")];
    expect(wantsWorkers([...query, "--follow"], ENV)).toBe(false);
    expect(wantsWorkers([...query, "-f"], ENV)).toBe(false);
    expect(wantsWorkers([...query, "--follow=true"], ENV)).toBe(false);
    expect(wantsWorkers(query, { ...ENV, TOLOG_FOLLOW: "1" })).toBe(false);
    expect(wantsWorkers([...query, "--follow=false"], ENV)).toBe(true);
  });

  it("reads a long query text in one pass (it is searched for compared names)", () => {
    // Searched from every character of a run of letters, 200,000 of them took most of a minute.
    const text = `filter @message like "${"a".repeat(200_000)}" | stats count(*) by level`;
    expect(wantsWorkers(["query", text, "--logs", file("big.jsonl")], ENV)).toBe(true);
  });

  it("does not for commands that read no logs in parts, whatever their paths", () => {
    expect(wantsWorkers(["serve", "--logs", file("big.jsonl")], ENV)).toBe(false);
    expect(wantsWorkers(["watch", "--logs", file("big.jsonl")], ENV)).toBe(false);
    // `tolog fields` reads its events on one thread.
    expect(wantsWorkers(["fields", "--logs", file("big.jsonl")], ENV)).toBe(false);
    expect(wantsWorkers(["--logs", file("big.jsonl"), "query", "x"], ENV)).toBe(false);
  });

  it("adds up a directory as the local source reads it: log file names, no dot entries, no linked directories", () => {
    // a.log and b.jsonl (1,760 bytes) and the linked file (3,300): enough.
    expect(wantsWorkers(["query", "x", "--logs", file("tree")], ENV)).toBe(true);
    // Without the linked file, 1,760 bytes of logs: not enough for two parts of 1,000.
    rmSync(file("tree/link.log"));
    try {
      expect(wantsWorkers(["query", "x", "--logs", file("tree")], ENV)).toBe(false);
      expect(wantsWorkers(["query", "x", "--logs", file("tree")], { ...ENV, TOLOG_PARALLEL_MIN_BYTES: "700" })).toBe(true);
      // The link to the tree is not followed.
      expect(wantsWorkers(["query", "x", "--logs", file("linked-tree")], { ...ENV, TOLOG_PARALLEL_MIN_BYTES: "1" })).toBe(false);
    } finally {
      symlinkSync(file("big.jsonl"), file("tree/link.log"));
    }
  });

  it("leaves out the files with an index of a field the command compares, which are read in blocks", () => {
    const trace = ["trace", "0a1b", "--logs", file("big.jsonl")];
    const query = (text: string) => ["query", text, "--logs", file("big.jsonl")];
    expect(wantsWorkers(trace, ENV)).toBe(true);
    mkdirSync(file(".tolog-index/big.jsonl"), { recursive: true });
    try {
      writeFileSync(file(".tolog-index/big.jsonl/status.idx"), "");
      expect(wantsWorkers(trace, ENV)).toBe(true);
      expect(wantsWorkers(query("filter status = 500"), ENV)).toBe(false);
      expect(wantsWorkers(query("filter status in [500, 502] | stats count(*)"), ENV)).toBe(false);
      expect(wantsWorkers(query("filter status >= 500 | stats count(*) by url"), ENV)).toBe(true);
      expect(wantsWorkers(query("filter status != 200"), ENV)).toBe(true);
      expect(wantsWorkers(query("stats count(*) by status"), ENV)).toBe(true);
      writeFileSync(file(".tolog-index/big.jsonl/request_id.idx"), "");
      expect(wantsWorkers(trace, ENV)).toBe(false);
      expect(wantsWorkers(query('filter request_id = "0a1b" | sort @timestamp asc'), ENV)).toBe(false);
    } finally {
      rmSync(file(".tolog-index"), { recursive: true });
    }
  });

  it("leaves out standard input, globs and paths that name nothing", () => {
    expect(wantsWorkers(["query", "x", "--logs", "-"], ENV)).toBe(false);
    expect(wantsWorkers(["query", "x", "--logs", path.join(dir, "*.jsonl")], ENV)).toBe(false);
    expect(wantsWorkers(["query", "x", "--logs", file("nothing-here")], ENV)).toBe(false);
  });
});

describe("localPaths", () => {
  it("takes --logs from the command line, else TOLOG_LOGS unless --log-group is given", () => {
    expect(localPaths(["query", "x", "--logs", "a", "--logs=b", "--", "--logs", "c"], { TOLOG_LOGS: "d" })).toEqual(["a", "b"]);
    expect(localPaths(["query", "x"], { TOLOG_LOGS: ["d", "e"].join(path.delimiter) })).toEqual(["d", "e"]);
    expect(localPaths(["query", "x", "--log-group", "app"], { TOLOG_LOGS: "d" })).toEqual([]);
    expect(localPaths(["query", "x", "--logs", "-"], {})).toEqual([]);
  });
});

it("names commands of the registry only", () => {
  const names = new Set(COMMANDS.map((command) => command.command.split(" ")[0]));
  for (const name of PRESTART_COMMANDS) expect(names).toContain(name);
});

it("starts no worker from the TypeScript sources, where none is compiled", () => {
  expect(prestart(["query", "x", "--logs", path.join(dir, "big.jsonl")], ENV)).toBe(false);
});
