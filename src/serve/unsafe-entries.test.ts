/**
 * What the store does with entries of its directory it did not make and must not follow: a
 * symbolic link where a group's directory or a stream's file would be, and a FIFO named as a
 * stream's file. Nothing outside the directory is written, and no request waits on a FIFO.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, readdirSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  CreateLogGroupCommand,
  CreateLogStreamCommand,
  DescribeLogGroupsCommand,
  InvalidParameterException,
  PutLogEventsCommand,
} from "@aws-sdk/client-cloudwatch-logs";
import { afterEach, beforeEach, expect, test } from "vitest";
import { encodeName } from "../sources/local/layout.js";
import { startHarness, type Harness } from "./test-support.js";

let h: Harness;
let outside: string;
beforeEach(async () => {
  outside = mkdtempSync(join(tmpdir(), "tolog-outside-"));
  writeFileSync(join(outside, "secret.jsonl"), "keep me\n");
  h = await startHarness();
});
afterEach(async () => {
  await h.close();
});

test("a stream whose file is a symbolic link to a file outside the directory is refused, and the file is untouched", async () => {
  await h.client.send(new CreateLogGroupCommand({ logGroupName: "app" }));
  symlinkSync(join(outside, "secret.jsonl"), join(h.dir, encodeName("app"), "link.jsonl"));
  const refused = h.client.send(new CreateLogStreamCommand({ logGroupName: "app", logStreamName: "link" }));
  await expect(refused).rejects.toBeInstanceOf(InvalidParameterException);
  await expect(refused).rejects.toThrow(/symbolic link/);
  expect(readFileSync(join(outside, "secret.jsonl"), "utf8")).toBe("keep me\n");
});

test("a group whose directory is a symbolic link to a directory outside is refused, and nothing is written there", async () => {
  symlinkSync(outside, join(h.dir, encodeName("linked")));
  const refused = h.client.send(new CreateLogGroupCommand({ logGroupName: "linked" }));
  await expect(refused).rejects.toBeInstanceOf(InvalidParameterException);
  await expect(refused).rejects.toThrow(/symbolic link/);
  expect(readdirSync(outside)).toEqual(["secret.jsonl"]);
});

test("a FIFO named as a stream's file is refused at once, and the endpoint goes on answering", async () => {
  await h.client.send(new CreateLogGroupCommand({ logGroupName: "app" }));
  execFileSync("mkfifo", [join(h.dir, encodeName("app"), "pipe.jsonl")]);
  const refused = h.client.send(new CreateLogStreamCommand({ logGroupName: "app", logStreamName: "pipe" }));
  await expect(refused).rejects.toBeInstanceOf(InvalidParameterException);
  await expect(refused).rejects.toThrow(/not a regular file/);
  const groups = await h.client.send(new DescribeLogGroupsCommand({}));
  expect(groups.logGroups?.map((g) => g.logGroupName)).toEqual(["app"]);
  // A stream of its own still takes events.
  await h.client.send(new CreateLogStreamCommand({ logGroupName: "app", logStreamName: "real" }));
  await h.client.send(new PutLogEventsCommand({ logGroupName: "app", logStreamName: "real", logEvents: [{ timestamp: Date.now(), message: "hello" }] }));
}, 20_000);
