import {
  CreateLogGroupCommand,
  CreateLogStreamCommand,
  DeleteLogGroupCommand,
  DeleteLogStreamCommand,
  DescribeLogGroupsCommand,
  DescribeLogStreamsCommand,
  GetLogEventsCommand,
  InvalidParameterException,
  PutLogEventsCommand,
} from "@aws-sdk/client-cloudwatch-logs";
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { childPath, decodeName, encodeName, isSafeSegment, isSkippedDirName, MAX_ENCODED_NAME } from "../sources/local/layout.js";
import { startHarness, type Harness } from "./test-support.js";

/**
 * Every group and stream name maps to a path inside --dir. The endpoint's directory sits in a
 * scratch folder beside a canary file: nothing may be written to, or deleted from, that folder.
 */
let scratch: string;
let h: Harness;
const CANARY = "canary.txt";

beforeEach(async () => {
  scratch = await mkdtemp(join(tmpdir(), "tolog-names-"));
  await writeFile(join(scratch, CANARY), "still here\n");
  const dir = join(scratch, "store");
  await mkdir(dir);
  h = await startHarness({}, dir);
});
afterEach(async () => {
  await h.stop();
  await rm(scratch, { recursive: true, force: true });
});

async function scratchEntries(): Promise<string[]> {
  return (await readdir(scratch)).sort();
}

async function writeOne(group: string, stream: string, message: string): Promise<void> {
  await h.client.send(new CreateLogGroupCommand({ logGroupName: group }));
  await h.client.send(new CreateLogStreamCommand({ logGroupName: group, logStreamName: stream }));
  await h.client.send(
    new PutLogEventsCommand({ logGroupName: group, logStreamName: stream, logEvents: [{ timestamp: Date.now(), message }] }),
  );
}

describe("names that look like paths stay inside --dir", () => {
  test('groups "." and ".." are ordinary groups: writing and deleting them touches nothing outside', async () => {
    await writeOne("..", "s", "in dot-dot");
    await writeOne(".", "s", "in dot");
    await writeOne("kept", "s", "in kept");
    expect(await scratchEntries()).toEqual([CANARY, "store"]);

    await h.client.send(new DeleteLogGroupCommand({ logGroupName: ".." }));
    await h.client.send(new DeleteLogGroupCommand({ logGroupName: "." }));
    expect(await readFile(join(scratch, CANARY), "utf8")).toBe("still here\n");
    const groups = await h.client.send(new DescribeLogGroupsCommand({}));
    expect(groups.logGroups?.map((g) => g.logGroupName)).toEqual(["kept"]);
    const kept = await h.client.send(new GetLogEventsCommand({ logGroupName: "kept", logStreamName: "s" }));
    expect(kept.events?.map((e) => e.message)).toEqual(["in kept"]);
  });

  test("streams named like dot-files, paths and parents survive a restart", async () => {
    const names = ["..", ".", ".hidden", "../../up", "a/b", "a\\b", "%2E%2E", "日本語"];
    await h.client.send(new CreateLogGroupCommand({ logGroupName: "g" }));
    for (const name of names) {
      await h.client.send(new CreateLogStreamCommand({ logGroupName: "g", logStreamName: name }));
      await h.client.send(
        new PutLogEventsCommand({ logGroupName: "g", logStreamName: name, logEvents: [{ timestamp: Date.now(), message: `in ${name}` }] }),
      );
    }
    expect(await scratchEntries()).toEqual([CANARY, "store"]);
    await h.stop();
    h = await startHarness({}, join(scratch, "store"));
    const streams = await h.client.send(new DescribeLogStreamsCommand({ logGroupName: "g" }));
    expect(streams.logStreams?.map((s) => s.logStreamName).sort()).toEqual([...names].sort());
    for (const name of names) {
      const got = await h.client.send(new GetLogEventsCommand({ logGroupName: "g", logStreamName: name }));
      expect(got.events?.map((e) => e.message)).toEqual([`in ${name}`]);
    }
    await h.client.send(new DeleteLogStreamCommand({ logGroupName: "g", logStreamName: ".." }));
    expect(await scratchEntries()).toEqual([CANARY, "store"]);
  });

  test("streams named like members every object inherits keep their creation time across a restart", async () => {
    const names = ["__proto__", "constructor", "toString", "hasOwnProperty"];
    await h.client.send(new CreateLogGroupCommand({ logGroupName: "g" }));
    for (const name of names) await h.client.send(new CreateLogStreamCommand({ logGroupName: "g", logStreamName: name }));
    const before = await h.client.send(new DescribeLogStreamsCommand({ logGroupName: "g" }));
    // Later than any creation, so that a time read from the file would differ.
    await new Promise((resolve) => setTimeout(resolve, 20));
    for (const name of names) {
      await h.client.send(
        new PutLogEventsCommand({ logGroupName: "g", logStreamName: name, logEvents: [{ timestamp: Date.now(), message: name }] }),
      );
    }
    await h.stop();
    h = await startHarness({}, join(scratch, "store"));
    const after = await h.client.send(new DescribeLogStreamsCommand({ logGroupName: "g" }));
    const created = (r: typeof before) => r.logStreams?.map((s) => [s.logStreamName, s.creationTime]);
    expect(created(after)).toEqual(created(before));
  });

  test("512-character names, the longest AWS allows, work and survive a restart", async () => {
    const group = "/" + "g".repeat(511);
    const stream = "/".repeat(512); // each slash is 3 characters encoded
    await writeOne(group, stream, "long");
    await h.stop();
    h = await startHarness({}, join(scratch, "store"));
    const groups = await h.client.send(new DescribeLogGroupsCommand({}));
    expect(groups.logGroups?.map((g) => g.logGroupName)).toEqual([group]);
    const got = await h.client.send(new GetLogEventsCommand({ logGroupName: group, logStreamName: stream }));
    expect(got.events?.map((e) => e.message)).toEqual(["long"]);
  });

  test("names CloudWatch rejects are InvalidParameterException", async () => {
    for (const bad of ["", "a b", "a:b", "x".repeat(513), "é"]) {
      await expect(h.client.send(new CreateLogGroupCommand({ logGroupName: bad }))).rejects.toBeInstanceOf(InvalidParameterException);
    }
    await h.client.send(new CreateLogGroupCommand({ logGroupName: "g" }));
    for (const bad of ["a:b", "a*b", "s".repeat(513), "lone\ud800"]) {
      await expect(
        h.client.send(new CreateLogStreamCommand({ logGroupName: "g", logStreamName: bad })),
      ).rejects.toBeInstanceOf(InvalidParameterException);
    }
    expect(await scratchEntries()).toEqual([CANARY, "store"]);
  });
});

describe("encodeName", () => {
  test("a group named node_modules gets a directory that a walk of --logs reads", () => {
    expect(encodeName("node_modules")).toBe("node%5Fmodules");
    expect(decodeName(encodeName("node_modules"))).toBe("node_modules");
    expect(isSkippedDirName(encodeName("node_modules"))).toBe(false);
    expect(encodeName("my_node_modules")).toBe("my_node_modules");
  });

  test("every segment is safe, short and distinct, whatever the name", () => {
    const names = ["", ".", "..", "...", ".x", "/", "\\", "\0", "a/../b", "%", "%2E", "x".repeat(5000), "/".repeat(512), "\ud800"];
    for (let i = 0; i < 2000; i++) {
      let name = "";
      const length = (i * 7919) % 600;
      for (let j = 0; j < length; j++) name += String.fromCharCode(((i + 1) * (j + 3) * 2654435761) % 0x3000);
      names.push(name);
    }
    const seen = new Map<string, string>();
    for (const name of names) {
      const segment = encodeName(name) || "%"; // the empty name is never valid; joined, it must still be refused
      if (name !== "") expect(isSafeSegment(segment)).toBe(true);
      expect(segment.length).toBeLessThanOrEqual(MAX_ENCODED_NAME);
      expect(segment.startsWith(".")).toBe(false);
      if (name !== "\ud800") {
        expect(seen.get(segment) ?? name).toBe(name);
        seen.set(segment, name);
      }
    }
  });

  test("childPath refuses segments that leave the parent", () => {
    for (const bad of ["", ".", "..", "a/b", "../x", "a\\b", "x\0"]) expect(() => childPath("/store", bad)).toThrow();
    expect(childPath("/store", "%2E%2E")).toBe(join("/store", "%2E%2E"));
  });
});
