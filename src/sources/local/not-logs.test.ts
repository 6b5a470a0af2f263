import { execFileSync } from "node:child_process";
import { cpSync, readFileSync, symlinkSync } from "node:fs";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { Prng } from "../../prng.js";
import { openLocalSource } from "./index.js";
import { judge } from "./sniff.js";
import { messages, readAll, TempDir } from "./test/helpers.js";

let dir: TempDir;
beforeEach(() => {
  dir = new TempDir();
});
afterEach(() => dir.cleanup());

const line = (n: number) => `{"ts":${1713517200000 + n},"n":${n}}`;
const manifest = JSON.stringify({ run: "chaos", seed: 7, scenario: { users: 40, minutes: 5 } }, null, 2) + "\n";
const elf = Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0, 0, 0]), Buffer.from("\n/lib64/ld-linux.so\n__libc_start_main\n")]);

describe("files in a directory that are not log streams", () => {
  it("skips a pretty-printed JSON document and a binary, and says so once on stderr", async () => {
    dir.write("run/summary.json", manifest);
    dir.write("run/service.log.jsonl", [line(1), line(2)].join("\n") + "\n");
    dir.write("run/core.log.gz", elf, { gzip: true });
    const { events, warnings, source } = await readAll([dir.path()]);
    expect(messages(events)).toEqual([line(1), line(2)]);
    expect(warnings).toEqual([
      expect.stringMatching(/^skipped 2 files that are not a log: .*core\.log\.gz \(binary\), .*summary\.json \(a JSON document, not one event per line\)$/),
    ]);
    // Told once per source, however many times it is read.
    const again = [];
    for await (const e of source.read({}, { recordsScanned: 0, bytesScanned: 0 })) again.push(e);
    expect(again).toHaveLength(2);
    expect(warnings).toHaveLength(1);
  });

  it("skips a link to nothing, a link loop and a FIFO in a directory, naming each, and reads the rest", async () => {
    dir.write("run/service.log.jsonl", [line(1), line(2)].join("\n") + "\n");
    symlinkSync(dir.path("run/nowhere.jsonl"), dir.path("run/dangling.jsonl"));
    symlinkSync(dir.path("run/loop.jsonl"), dir.path("run/loop.jsonl"));
    execFileSync("mkfifo", [dir.path("run/pipe.log")]);
    const { events, warnings } = await readAll([dir.path("run")]);
    expect(messages(events)).toEqual([line(1), line(2)]);
    expect(warnings).toEqual([
      expect.stringMatching(/^skipped 3 files that are not a log: .*dangling\.jsonl \(a symbolic link to nothing, or a loop of links\), .*loop\.jsonl \(a symbolic link to nothing, or a loop of links\), .*pipe\.log \(not a regular file: a FIFO, socket or device; name it to read it\)$/),
    ]);
  });

  it("a glob that matches a link to a FIFO skips it, naming it, where reading it would wait for ever (the FIFO itself it never matches)", async () => {
    dir.write("run/service.log", line(1) + "\n");
    execFileSync("mkfifo", [dir.path("run/pipe.log")]);
    symlinkSync(dir.path("run/pipe.log"), dir.path("run/to-pipe.log"));
    const { events, warnings } = await readAll([`${dir.path("run")}/*.log`]);
    expect(messages(events)).toEqual([line(1)]);
    expect(warnings).toEqual([expect.stringMatching(/^skipped 1 file that is not a log: .*to-pipe\.log \(not a regular file/)]);
  });

  it("skips a project's texts by their names in a directory without a word (README, licences, a bundler's LEGAL.txt), reads them when named", async () => {
    dir.write("project/logs/app.log", line(1) + "\n");
    dir.write("project/README.txt", "How to run the app\n");
    dir.write("project/LICENSE-MIT.txt", "Permission is hereby granted\n");
    dir.write("project/dist/bundle/main.js.LEGAL.txt", "Bundled license information:\n");
    dir.write("project/third_party_notices.txt", "Notices\n");
    // Not a project's file: a log named like one, or another extension.
    dir.write("project/notice.log", line(2) + "\n");
    dir.write("project/readme-events.jsonl", line(3) + "\n");
    const { events, warnings } = await readAll([dir.path("project")]);
    expect(messages(events).sort()).toEqual([line(1), line(2), line(3)]);
    expect(warnings).toEqual([]);
    expect(messages((await readAll([dir.path("project/README.txt")])).events)).toEqual(["How to run the app"]);
    // A directory holding nothing else names them.
    dir.write("docs/README.txt", "Docs\n");
    await expect(readAll([dir.path("docs")])).rejects.toThrow(/README\.txt \(a project's own file by its name, such as a README, a licence or package\.json; name it to read it\)/);
  });

  it("skips a project's JSON files by their names in a directory without a word (package.json, tsconfig.json, cdk.json), reads them when named", async () => {
    // A bundle's one-line package.json is a valid JSON line: by its content alone it is an event.
    dir.write("project/logs/app.log", line(1) + "\n");
    dir.write("project/dist/bundle/package.json", '{"type":"commonjs"}\n');
    dir.write("project/package-lock.json", '{"name":"app","lockfileVersion":3}\n');
    dir.write("project/tsconfig.build.json", '{"extends":"./tsconfig.json"}\n');
    dir.write("project/infra/cdk.json", '{"app":"npx tsx bin/app.ts"}\n');
    // Not a project's file: JSON lines named otherwise.
    dir.write("project/packages.json", line(2) + "\n");
    const { events, warnings } = await readAll([dir.path("project")]);
    expect(messages(events).sort()).toEqual([line(1), line(2)]);
    expect(warnings).toEqual([]);
    expect(messages((await readAll([dir.path("project/dist/bundle/package.json")])).events)).toEqual(['{"type":"commonjs"}']);
    dir.write("app/package.json", '{"name":"app"}\n');
    await expect(readAll([dir.path("app")])).rejects.toThrow(/package\.json \(a project's own file by its name, such as a README, a licence or package\.json; name it to read it\)/);
  });

  it("skips a run's manifest.json without a word: by its name it describes the logs beside it", async () => {
    // As `npm run record-fixtures` leaves a recorded run (fixtures/runs/*), and the bench its data.
    dir.write("run/manifest.json", manifest);
    dir.write("run/vpc-manifest.json", manifest);
    dir.write("run/service.log.jsonl", [line(1), line(2)].join("\n") + "\n");
    const { events, warnings } = await readAll([dir.path("run")]);
    expect(messages(events)).toEqual([line(1), line(2)]);
    expect(warnings).toEqual([]);
    // Read through a glob too; and a manifest that is JSON lines after all is read, not skipped.
    dir.write("lines/manifest.json", line(3) + "\n");
    expect(messages((await readAll([dir.path("lines")])).events)).toEqual([line(3)]);
    expect((await readAll([`${dir.path("run")}/*.json*`])).warnings).toEqual([]);
  });

  it("still names a manifest when a directory holds nothing else", async () => {
    dir.write("only/manifest.json", manifest);
    await expect(readAll([dir.path("only")])).rejects.toThrow(/only" holds no log files: .*manifest\.json \(a JSON document/);
  });

  it("keeps JSON lines whose first line is one whole value, a JSON array line included", async () => {
    dir.write("g/a.json", `${line(1)}\n${line(2)}\n`);
    dir.write("g/b.json", `[1,2]\n${line(3)}\n`);
    const { events, warnings } = await readAll([dir.path()]);
    expect(events).toHaveLength(4);
    expect(warnings).toEqual([]);
  });

  it("refuses a binary file named itself, with no event of it", async () => {
    const ls = dir.write("bin/ls", elf);
    await expect(readAll([ls])).rejects.toThrow(/ls is binary: it holds no log events/);
  });

  it("refuses a JSON document named itself, saying how to turn it into JSON lines", async () => {
    const file = dir.write("m/manifest.json", manifest);
    await expect(readAll([file])).rejects.toThrow(/manifest\.json is a JSON document, not one event per line: .*jq -c/);
  });
});

describe("a path that holds no log files", () => {
  it("is an error for an empty directory, a directory of other files and one of non-logs only", async () => {
    dir.write("empty/.keep", "");
    dir.write("docs/README.md", "# notes\n");
    dir.write("runs/a/manifest.json", manifest);
    await expect(readAll([dir.path("empty")])).rejects.toThrow(/empty" holds no log files: none is named \*\.jsonl/);
    await expect(readAll([dir.path("docs")])).rejects.toThrow(/holds no log files/);
    await expect(readAll([dir.path("runs")])).rejects.toThrow(/runs" holds no log files: .*manifest\.json \(a JSON document/);
  });

  it("is an error for one of several paths, named in the message", async () => {
    dir.write("logs/a.log", "2024-01-01T00:00:00Z x\n");
    dir.write("empty/.keep", "");
    await expect(readAll([dir.path("logs"), dir.path("empty")])).rejects.toThrow(/empty" holds no log files/);
  });

  it("is not an error for log files with no events yet", async () => {
    dir.write("logs/a.log", "");
    const { events, warnings } = await readAll([dir.path("logs")]);
    expect(events).toEqual([]);
    expect(warnings).toEqual([]);
  });
});

describe("@ptr", () => {
  it("is the same for the same files under a --logs root wherever the root is, and leads back after a move", async () => {
    dir.write("a/run/g/s.jsonl", [line(1), line(2)].join("\n") + "\n");
    dir.write("a/run/g/t.log", "2024-01-01T00:00:00Z x\n");
    cpSync(dir.path("a/run"), dir.path("elsewhere/deeper/run"), { recursive: true });
    const here = await readAll([dir.path("a/run")]);
    const there = await readAll([dir.path("elsewhere/deeper/run")]);
    expect(there.events.map((e) => e.ptr)).toEqual(here.events.map((e) => e.ptr));
    const moved = openLocalSource([dir.path("elsewhere/deeper/run")]);
    for (const event of here.events) expect((await moved.getRecord(event.ptr))?.message).toBe(event.message);
    // A file named itself is its own root: the same pointers as through its directory's.
    const alone = await readAll([dir.path("elsewhere/deeper/run/g/s.jsonl")]);
    const viaGroup = await readAll([dir.path("a/run/g")]);
    expect(alone.events.map((e) => e.ptr)).toEqual(viaGroup.events.filter((e) => e.logStream === "s").map((e) => e.ptr));
  });

  it("tells apart files at the same relative path under two roots", async () => {
    dir.write("one/s.jsonl", line(1) + "\n");
    dir.write("two/s.jsonl", line(2) + "\n");
    const { events, source } = await readAll([dir.path("one"), dir.path("two")]);
    expect(new Set(events.map((e) => e.ptr)).size).toBe(2);
    for (const event of events) expect((await source.getRecord(event.ptr))?.message).toBe(event.message);
  });

  it("is the README's pointer for the fixture run, whatever the clone's path", async () => {
    const readme = readFileSync(new URL("../../../README.md", import.meta.url), "utf8");
    const ptr = /tolog record (\S+) --logs fixtures\/runs\/corrected/.exec(readme)![1];
    cpSync(new URL("../../../fixtures/runs/corrected", import.meta.url), dir.path("clone/fixtures/runs/corrected"), { recursive: true });
    const record = await openLocalSource([dir.path("clone/fixtures/runs/corrected")]).getRecord(ptr);
    expect(record?.message).toContain('"event":"request_finished"');
  });
});

/** judge as it was before its native fast path: a loop over every byte. */
function judgeByLoop(bytes: Buffer): "binary" | "document" | undefined {
  if (bytes.indexOf(0) >= 0) return "binary";
  let control = 0;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i];
    if (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d && b !== 0x0c && b !== 0x1b) control++;
  }
  if (control * 10 > bytes.length) return "binary";
  let start = bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  while (start < bytes.length && (bytes[start] === 0x20 || bytes[start] === 0x09 || bytes[start] === 0x0d || bytes[start] === 0x0a)) start++;
  if (start >= bytes.length || (bytes[start] !== 0x7b && bytes[start] !== 0x5b)) return undefined;
  let end = start;
  while (end < bytes.length && bytes[end] !== 0x0a && bytes[end] !== 0x0d) end++;
  if (end >= bytes.length) return undefined;
  try {
    JSON.parse(bytes.toString("utf8", start, end));
    return undefined;
  } catch {
    return "document";
  }
}

it("judges bytes as a loop over every byte does, with control bytes or none", () => {
  const prng = new Prng(11);
  const samples = [Buffer.from('{"level":"info","msg":"hi"}\n'), Buffer.from("[1,\n2]\n"), Buffer.from("plain text line\r\n"), Buffer.from('{"a":\n')];
  for (let i = 0; i < 5000; i++) {
    const sample = prng.pick(samples);
    const bytes = Buffer.alloc(1 + prng.int(300));
    const rate = prng.pick([0, 0.01, 0.05, 0.2]);
    for (let j = 0; j < bytes.length; j++) {
      const r = prng.next();
      bytes[j] = r < rate ? prng.int(0x20) : r < rate * 2 ? 0x80 + prng.int(0x80) : sample[j % sample.length];
    }
    expect(judge(bytes), JSON.stringify(bytes.toString("latin1"))).toBe(judgeByLoop(bytes));
  }
});
