import {
  CreateLogGroupCommand,
  CreateLogStreamCommand,
  DeleteLogGroupCommand,
  DescribeLogGroupsCommand,
  DescribeLogStreamsCommand,
  InvalidParameterException,
  PutLogEventsCommand,
  PutRetentionPolicyCommand,
  ResourceAlreadyExistsException,
  ResourceNotFoundException,
  paginateDescribeLogGroups,
  paginateDescribeLogStreams,
} from "@aws-sdk/client-cloudwatch-logs";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { startHarness, type Harness } from "./test-support.js";

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(async () => {
  await h.close();
});

test("calls on a group that is deleted while they wait their turn get what a missing group gets, never a failure of the endpoint", async () => {
  const outcomes = new Set<string>();
  for (let round = 0; round < 30; round++) {
    const logGroupName = `/race/${round}`;
    await h.client.send(new CreateLogGroupCommand({ logGroupName }));
    await h.client.send(new CreateLogStreamCommand({ logGroupName, logStreamName: "s" }));
    // A listing syncs with the directory first: the delete waits behind it, and the calls after it behind the delete.
    const settled = await Promise.allSettled([
      h.client.send(new DescribeLogGroupsCommand({})),
      h.client.send(new DeleteLogGroupCommand({ logGroupName })),
      h.client.send(new CreateLogStreamCommand({ logGroupName, logStreamName: `t${round}` })),
      h.client.send(new PutRetentionPolicyCommand({ logGroupName, retentionInDays: 7 })),
      h.client.send(new PutLogEventsCommand({ logGroupName, logStreamName: "s", logEvents: [{ timestamp: Date.now(), message: "m" }] })),
    ]);
    for (const s of settled.slice(2)) outcomes.add(s.status === "fulfilled" ? "done" : (s.reason as Error).name);
  }
  expect([...outcomes].filter((o) => o !== "done" && o !== "ResourceNotFoundException")).toEqual([]);
});

describe("log groups", () => {
  test("create, list with prefix and pattern, delete", async () => {
    for (const name of ["/app/api", "/app/worker", "/aws/lambda/DataLogs", "other"]) {
      await h.client.send(new CreateLogGroupCommand({ logGroupName: name }));
    }
    const all = await h.client.send(new DescribeLogGroupsCommand({}));
    expect(all.logGroups?.map((g) => g.logGroupName)).toEqual(["/app/api", "/app/worker", "/aws/lambda/DataLogs", "other"]);
    const first = all.logGroups![0];
    expect(first.arn).toBe("arn:aws:logs:eu-west-1:000000000000:log-group:/app/api:*");
    expect(first.logGroupArn).toBe("arn:aws:logs:eu-west-1:000000000000:log-group:/app/api");
    expect(typeof first.creationTime).toBe("number");

    const prefixed = await h.client.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: "/app/" }));
    expect(prefixed.logGroups?.map((g) => g.logGroupName)).toEqual(["/app/api", "/app/worker"]);

    // A pattern is a case-sensitive substring, and answers only name, creation time and ARN.
    const patterned = await h.client.send(new DescribeLogGroupsCommand({ logGroupNamePattern: "DataLogs" }));
    expect(patterned.logGroups?.map((g) => g.logGroupName)).toEqual(["/aws/lambda/DataLogs"]);
    expect(Object.keys(patterned.logGroups![0]).sort()).toEqual(["arn", "creationTime", "logGroupName"]);
    const lower = await h.client.send(new DescribeLogGroupsCommand({ logGroupNamePattern: "datalogs" }));
    expect(lower.logGroups).toEqual([]);

    await h.client.send(new DeleteLogGroupCommand({ logGroupName: "/app/api" }));
    const after = await h.client.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: "/app/" }));
    expect(after.logGroups?.map((g) => g.logGroupName)).toEqual(["/app/worker"]);
  });

  test("errors: duplicate, missing, bad name, prefix with pattern", async () => {
    await h.client.send(new CreateLogGroupCommand({ logGroupName: "g" }));
    await expect(h.client.send(new CreateLogGroupCommand({ logGroupName: "g" }))).rejects.toBeInstanceOf(
      ResourceAlreadyExistsException,
    );
    await expect(h.client.send(new DeleteLogGroupCommand({ logGroupName: "missing" }))).rejects.toBeInstanceOf(
      ResourceNotFoundException,
    );
    await expect(h.client.send(new CreateLogGroupCommand({ logGroupName: "bad name!" }))).rejects.toBeInstanceOf(
      InvalidParameterException,
    );
    await expect(
      h.client.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: "a", logGroupNamePattern: "b" })),
    ).rejects.toBeInstanceOf(InvalidParameterException);
    await expect(h.client.send(new DescribeLogGroupsCommand({ limit: 51 }))).rejects.toBeInstanceOf(
      InvalidParameterException,
    );
  });

  test("pages of at most `limit` groups, every group once", async () => {
    const names = Array.from({ length: 7 }, (_, i) => `/paged/g${i}`);
    for (const name of names) await h.client.send(new CreateLogGroupCommand({ logGroupName: name }));
    const seen: string[] = [];
    let pages = 0;
    for await (const page of paginateDescribeLogGroups({ client: h.client, pageSize: 3 }, { logGroupNamePrefix: "/paged/" })) {
      pages++;
      expect(page.logGroups!.length).toBeLessThanOrEqual(3);
      seen.push(...page.logGroups!.map((g) => g.logGroupName!));
    }
    expect(pages).toBe(3);
    expect(seen).toEqual(names);
  });

  test("retention: allowed values only, shown by DescribeLogGroups", async () => {
    await h.client.send(new CreateLogGroupCommand({ logGroupName: "r" }));
    await h.client.send(new PutRetentionPolicyCommand({ logGroupName: "r", retentionInDays: 30 }));
    const { logGroups } = await h.client.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: "r" }));
    expect(logGroups?.[0].retentionInDays).toBe(30);
    await expect(
      h.client.send(new PutRetentionPolicyCommand({ logGroupName: "r", retentionInDays: 31 })),
    ).rejects.toBeInstanceOf(InvalidParameterException);
    await expect(
      h.client.send(new PutRetentionPolicyCommand({ logGroupName: "nope", retentionInDays: 30 })),
    ).rejects.toBeInstanceOf(ResourceNotFoundException);
  });
});

describe("log streams", () => {
  beforeEach(async () => {
    await h.client.send(new CreateLogGroupCommand({ logGroupName: "app" }));
  });

  test("create, duplicate, missing group", async () => {
    await h.client.send(new CreateLogStreamCommand({ logGroupName: "app", logStreamName: "s1" }));
    await expect(
      h.client.send(new CreateLogStreamCommand({ logGroupName: "app", logStreamName: "s1" })),
    ).rejects.toBeInstanceOf(ResourceAlreadyExistsException);
    await expect(
      h.client.send(new CreateLogStreamCommand({ logGroupName: "nope", logStreamName: "s1" })),
    ).rejects.toBeInstanceOf(ResourceNotFoundException);
    await expect(
      h.client.send(new CreateLogStreamCommand({ logGroupName: "app", logStreamName: "a:b" })),
    ).rejects.toBeInstanceOf(InvalidParameterException);
  });

  test("list by name with prefix and paging, and by last event time", async () => {
    const now = Date.now();
    for (const [i, name] of ["b", "a", "c", "ab"].entries()) {
      await h.client.send(new CreateLogStreamCommand({ logGroupName: "app", logStreamName: name }));
      // "b" gets the newest event, "c" the oldest.
      const offsets: Record<string, number> = { b: 0, a: 3000, c: 9000, ab: 6000 };
      await h.client.send(
        new PutLogEventsCommand({
          logGroupName: "app",
          logStreamName: name,
          logEvents: [{ timestamp: now - offsets[name] - i, message: `event in ${name}` }],
        }),
      );
    }
    const byName = await h.client.send(new DescribeLogStreamsCommand({ logGroupName: "app" }));
    expect(byName.logStreams?.map((s) => s.logStreamName)).toEqual(["a", "ab", "b", "c"]);
    const a = byName.logStreams![0];
    expect(a.arn).toBe("arn:aws:logs:eu-west-1:000000000000:log-group:app:log-stream:a");
    expect(a.firstEventTimestamp).toBe(a.lastEventTimestamp);
    expect(a.lastIngestionTime).toBeGreaterThanOrEqual(a.creationTime!);

    const prefixed = await h.client.send(new DescribeLogStreamsCommand({ logGroupName: "app", logStreamNamePrefix: "a" }));
    expect(prefixed.logStreams?.map((s) => s.logStreamName)).toEqual(["a", "ab"]);

    const newest = await h.client.send(
      new DescribeLogStreamsCommand({ logGroupName: "app", orderBy: "LastEventTime", descending: true }),
    );
    expect(newest.logStreams?.map((s) => s.logStreamName)).toEqual(["b", "a", "ab", "c"]);

    const seen: string[] = [];
    for await (const page of paginateDescribeLogStreams({ client: h.client, pageSize: 3 }, { logGroupName: "app", descending: true })) {
      seen.push(...page.logStreams!.map((s) => s.logStreamName!));
    }
    expect(seen).toEqual(["c", "b", "ab", "a"]);

    await expect(
      h.client.send(new DescribeLogStreamsCommand({ logGroupName: "app", orderBy: "LastEventTime", logStreamNamePrefix: "a" })),
    ).rejects.toBeInstanceOf(InvalidParameterException);
    await expect(h.client.send(new DescribeLogStreamsCommand({ logGroupName: "nope" }))).rejects.toBeInstanceOf(
      ResourceNotFoundException,
    );
  });

  test("a group is found by its ARN too", async () => {
    await h.client.send(new CreateLogStreamCommand({ logGroupName: "app", logStreamName: "s" }));
    const { logStreams } = await h.client.send(
      new DescribeLogStreamsCommand({ logGroupIdentifier: "arn:aws:logs:eu-west-1:000000000000:log-group:app" }),
    );
    expect(logStreams?.map((s) => s.logStreamName)).toEqual(["s"]);
  });
});
