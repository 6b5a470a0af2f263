import { appendFile, readFile, readdir } from "node:fs/promises";
import { join } from "node:path";
import {
  CreateLogGroupCommand,
  CreateLogStreamCommand,
  DescribeLogGroupsCommand,
  FilterLogEventsCommand,
  GetLogEventsCommand,
  InvalidParameterException,
  PutLogEventsCommand,
  PutRetentionPolicyCommand,
  ResourceNotFoundException,
  paginateFilterLogEvents,
  type InputLogEvent,
} from "@aws-sdk/client-cloudwatch-logs";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { StoreLockedError } from "./store-lock.js";
import { startHarness, type Harness } from "./test-support.js";

const NOW = Date.UTC(2026, 0, 15, 12, 0, 0);
const HOUR = 3600_000;
const DAY = 24 * HOUR;

let h: Harness;
beforeEach(async () => {
  h = await startHarness({ now: () => NOW });
  await h.client.send(new CreateLogGroupCommand({ logGroupName: "/app/api" }));
  await h.client.send(new CreateLogStreamCommand({ logGroupName: "/app/api", logStreamName: "web-1" }));
});
afterEach(async () => {
  await h.close();
});

function put(logEvents: InputLogEvent[], logStreamName = "web-1", logGroupName = "/app/api") {
  return h.client.send(new PutLogEventsCommand({ logGroupName, logStreamName, logEvents }));
}

function events(count: number, start = NOW - HOUR, step = 1000, text = (i: number) => `event ${i}`): InputLogEvent[] {
  return Array.from({ length: count }, (_, i) => ({ timestamp: start + i * step, message: text(i) }));
}

describe("PutLogEvents", () => {
  test("stores the batch; GetLogEvents reads it back in time order", async () => {
    const result = await put(events(3));
    expect(result.rejectedLogEventsInfo).toBeUndefined();
    const got = await h.client.send(new GetLogEventsCommand({ logGroupName: "/app/api", logStreamName: "web-1" }));
    expect(got.events?.map((e) => e.message)).toEqual(["event 0", "event 1", "event 2"]);
    expect(got.events?.[0].ingestionTime).toBe(NOW);
  });

  test("validation: count, size, order, span, empty, missing stream", async () => {
    await expect(put(events(10_001, NOW - HOUR, 1))).rejects.toBeInstanceOf(InvalidParameterException);
    await expect(put(events(10_000, NOW - HOUR, 1))).resolves.toBeDefined();

    // 1,048,576 bytes counting 26 bytes per event: 4 events of 262,118 bytes fit exactly, one more byte does not.
    const fits = 1_048_576 / 4 - 26;
    await expect(put(events(4, NOW - HOUR, 1, () => "x".repeat(fits)))).resolves.toBeDefined();
    const tooBig = events(4, NOW - HOUR, 1, () => "x".repeat(fits));
    tooBig[3].message += "y";
    await expect(put(tooBig)).rejects.toBeInstanceOf(InvalidParameterException);

    await expect(
      put([
        { timestamp: NOW - 10, message: "later" },
        { timestamp: NOW - 20, message: "earlier" },
      ]),
    ).rejects.toThrow(/chronological order/);
    await expect(
      put([
        { timestamp: NOW - 25 * HOUR, message: "a" },
        { timestamp: NOW - HOUR / 2, message: "b" },
      ]),
    ).rejects.toThrow(/24 hours/);
    await expect(put([])).rejects.toBeInstanceOf(InvalidParameterException);
    await expect(put(events(1), "no-such-stream")).rejects.toBeInstanceOf(ResourceNotFoundException);
    await expect(put(events(1), "web-1", "/no/such/group")).rejects.toBeInstanceOf(ResourceNotFoundException);
  });

  test("too old, expired and too new events are rejected by index; the rest are stored", async () => {
    const old = await put([
      { timestamp: NOW - 14 * DAY - HOUR, message: "too old" },
      { timestamp: NOW - 14 * DAY + HOUR, message: "kept 1" },
    ]);
    expect(old.rejectedLogEventsInfo).toEqual({ tooOldLogEventEndIndex: 1 });

    const future = await put([
      { timestamp: NOW + HOUR, message: "kept 2" },
      { timestamp: NOW + 3 * HOUR, message: "too new" },
    ]);
    expect(future.rejectedLogEventsInfo).toEqual({ tooNewLogEventStartIndex: 1 });

    await h.client.send(new PutRetentionPolicyCommand({ logGroupName: "/app/api", retentionInDays: 1 }));
    const expired = await put([
      { timestamp: NOW - 25 * HOUR, message: "expired" },
      { timestamp: NOW - 2 * HOUR, message: "kept 3" },
    ]);
    expect(expired.rejectedLogEventsInfo).toEqual({ expiredLogEventEndIndex: 1 });

    const got = await h.client.send(
      new GetLogEventsCommand({ logGroupName: "/app/api", logStreamName: "web-1", startFromHead: true }),
    );
    expect(got.events?.map((e) => e.message)).toEqual(["kept 1", "kept 3", "kept 2"]);
  });
});

describe("GetLogEvents", () => {
  test("pages forward to the end (same token back) and backward from the newest", async () => {
    await put(events(7));
    const forward: string[] = [];
    let token: string | undefined;
    for (let i = 0; i < 10; i++) {
      const page = await h.client.send(
        new GetLogEventsCommand({ logGroupName: "/app/api", logStreamName: "web-1", startFromHead: true, limit: 3, nextToken: token }),
      );
      forward.push(...page.events!.map((e) => e.message!));
      if (page.nextForwardToken === token) break;
      token = page.nextForwardToken;
    }
    expect(forward).toEqual(events(7).map((e) => e.message));

    // Without startFromHead the newest events come first; backward tokens walk to the start.
    const newest = await h.client.send(new GetLogEventsCommand({ logGroupName: "/app/api", logStreamName: "web-1", limit: 3 }));
    expect(newest.events?.map((e) => e.message)).toEqual(["event 4", "event 5", "event 6"]);
    const older = await h.client.send(
      new GetLogEventsCommand({ logGroupName: "/app/api", logStreamName: "web-1", limit: 3, nextToken: newest.nextBackwardToken }),
    );
    expect(older.events?.map((e) => e.message)).toEqual(["event 1", "event 2", "event 3"]);

    // A forward token from the end picks up events written later.
    await put([{ timestamp: NOW, message: "late" }]);
    const late = await h.client.send(
      new GetLogEventsCommand({ logGroupName: "/app/api", logStreamName: "web-1", nextToken: newest.nextForwardToken }),
    );
    expect(late.events?.map((e) => e.message)).toEqual(["late"]);
  });

  test("startTime inclusive, endTime exclusive", async () => {
    await put(events(5, NOW - HOUR, 1000));
    const got = await h.client.send(
      new GetLogEventsCommand({
        logGroupName: "/app/api",
        logStreamName: "web-1",
        startTime: NOW - HOUR + 1000,
        endTime: NOW - HOUR + 3000,
        startFromHead: true,
      }),
    );
    expect(got.events?.map((e) => e.message)).toEqual(["event 1", "event 2"]);
  });
});

describe("FilterLogEvents", () => {
  beforeEach(async () => {
    await h.client.send(new CreateLogStreamCommand({ logGroupName: "/app/api", logStreamName: "web-2" }));
    await put([
      { timestamp: NOW - 5000, message: "ERROR timeout talking to db" },
      { timestamp: NOW - 3000, message: '{"level":"info","latency":120,"path":"/api/users","user":{"id":7}}' },
      { timestamp: NOW - 1000, message: "WARN slow request" },
    ]);
    await put(
      [
        { timestamp: NOW - 4000, message: '{"level":"error","latency":950,"path":"/api/tasks","user":{"id":8}}' },
        { timestamp: NOW - 2000, message: "DEBUG Exiting worker" },
      ],
      "web-2",
    );
  });

  const filter = async (filterPattern: string, extra: Record<string, unknown> = {}) => {
    const r = await h.client.send(new FilterLogEventsCommand({ logGroupName: "/app/api", filterPattern, ...extra }));
    return r.events!.map((e) => e.message);
  };

  test("a %regex% pattern runs on RE2: one that backtracks exponentially elsewhere ends at once", async () => {
    await put([{ timestamp: NOW - 500, message: "a".repeat(40) + "!" }]);
    expect(await filter("%(a+)+$%")).toEqual([]);
    expect(await filter("%^a+!$%")).toEqual(["a".repeat(40) + "!"]);
  });

  test("interleaves streams in time order with stream names and event ids", async () => {
    const r = await h.client.send(new FilterLogEventsCommand({ logGroupName: "/app/api" }));
    expect(r.events?.map((e) => e.logStreamName)).toEqual(["web-1", "web-2", "web-1", "web-2", "web-1"]);
    const ids = r.events!.map((e) => e.eventId!);
    expect(new Set(ids).size).toBe(5);
    for (const id of ids) expect(id).toMatch(/^\d{56}$/);
    const again = await h.client.send(new FilterLogEventsCommand({ logGroupName: "/app/api" }));
    expect(again.events!.map((e) => e.eventId)).toEqual(ids);
  });

  test("term patterns", async () => {
    expect(await filter("ERROR")).toEqual(["ERROR timeout talking to db"]);
    expect(await filter("ERROR db")).toEqual(["ERROR timeout talking to db"]);
    expect(await filter("TIMEOUT")).toEqual([]); // case-sensitive
    expect(await filter("?ERROR ?WARN")).toEqual(["ERROR timeout talking to db", "WARN slow request"]);
    expect(await filter('"slow request"')).toEqual(["WARN slow request"]);
    expect((await filter("-DEBUG")).length).toBe(4);
  });

  test("JSON patterns", async () => {
    expect(await filter('{ $.level = "error" }')).toEqual([expect.stringContaining("/api/tasks")]);
    expect(await filter("{ $.latency > 500 }")).toEqual([expect.stringContaining("/api/tasks")]);
    expect(await filter('{ $.path = "/api/*" && $.latency < 500 }')).toEqual([expect.stringContaining("/api/users")]);
    expect((await filter("{ $.user.id = 7 || $.user.id = 8 }")).length).toBe(2);
    expect((await filter('{ $.level != "info" }')).length).toBe(1);
    expect((await filter("{ $.missing NOT EXISTS }")).length).toBe(2);
    await expect(filter("{ $.level = }")).rejects.toBeInstanceOf(InvalidParameterException);
  });

  test("stream selection and time range", async () => {
    expect(await filter("", { logStreamNames: ["web-2"] })).toHaveLength(2);
    expect(await filter("", { logStreamNamePrefix: "web-" })).toHaveLength(5);
    expect(await filter("", { startTime: NOW - 4000, endTime: NOW - 2000 })).toHaveLength(3);
    await expect(filter("", { logStreamNames: ["web-2"], logStreamNamePrefix: "web" })).rejects.toBeInstanceOf(
      InvalidParameterException,
    );
    await expect(filter("", { logGroupName: "/nope" })).rejects.toBeInstanceOf(ResourceNotFoundException);
  });

  test("a FilterLogEvents over many events shares the thread: a PutLogEvents sent meanwhile is answered first", async () => {
    for (let at = 0; at < 100_000; at += 5000) {
      const batch = events(5000, NOW - HOUR, 0, (i) => JSON.stringify({ n: at + i, path: `/api/tasks/${i % 5000}/comments` }));
      await h.client.send(new PutLogEventsCommand({ logGroupName: "/app/api", logStreamName: "web-2", logEvents: batch }));
    }
    // Many wildcard comparisons per event: a scan that takes a while, and finds nothing.
    const pattern = `{ ${Array.from({ length: 45 }, (_, i) => `$.path = "*/x${i}*"`).join(" || ")} }`;
    const order: string[] = [];
    const scan = filter(pattern).then((found) => order.push(`filter found ${found.length}`));
    // Sent once the scan is under way. A scan that holds the thread keeps this timer from firing
    // (and the PutLogEvents from being answered) until it has ended.
    await new Promise((resolve) => setTimeout(resolve, 20));
    await put([{ timestamp: NOW - 10, message: "during the scan" }]).then(() => order.push("put acknowledged"));
    await scan;
    expect(order).toEqual(["put acknowledged", "filter found 0"]);
  });

  test("nextToken pages through everything once, even with writes between pages", async () => {
    const seen: string[] = [];
    let pages = 0;
    for await (const page of paginateFilterLogEvents({ client: h.client, pageSize: 2 }, { logGroupName: "/app/api" })) {
      pages++;
      seen.push(...page.events!.map((e) => e.message!));
      if (pages === 1) await put([{ timestamp: NOW - 6000, message: "written before the cursor" }], "web-2");
      if (pages > 10) break;
    }
    expect(pages).toBe(3);
    expect(seen).toHaveLength(5);
    expect(seen).not.toContain("written before the cursor");
  });
});

describe("the store", () => {
  test("files in the shared layout, one envelope per line, and nothing lost over a restart", async () => {
    await put(events(3));
    const before = await h.client.send(new FilterLogEventsCommand({ logGroupName: "/app/api" }));
    const groupDir = join(h.dir, encodeURIComponent("/app/api"));
    expect((await readdir(groupDir)).sort()).toEqual([".group.json", "web-1.jsonl"]);
    const lines = (await readFile(join(groupDir, "web-1.jsonl"), "utf8")).trimEnd().split("\n");
    expect(lines).toHaveLength(3);
    expect(JSON.parse(lines[0])).toEqual({
      timestamp: NOW - HOUR,
      ingestionTime: NOW,
      logGroupName: "/app/api",
      logStreamName: "web-1",
      message: "event 0",
      eventId: before.events![0].eventId,
    });

    await h.stop();
    const again = await startHarness({ now: () => NOW }, h.dir);
    try {
      const after = await again.client.send(new FilterLogEventsCommand({ logGroupName: "/app/api" }));
      expect(after.events).toEqual(before.events);
    } finally {
      await again.close();
    }
  });

  test("concurrent writers lose and mangle nothing; lines another tool appends show up", async () => {
    const batches = Array.from({ length: 20 }, (_, b) =>
      h.client.send(
        new PutLogEventsCommand({
          logGroupName: "/app/api",
          logStreamName: "web-1",
          logEvents: events(100, NOW - HOUR + b, 1, (i) => `batch ${b} event ${i} ${"p".repeat(500)}`),
        }),
      ),
    );
    await Promise.all(batches);
    const file = join(h.dir, encodeURIComponent("/app/api"), "web-1.jsonl");
    const lines = (await readFile(file, "utf8")).trimEnd().split("\n");
    expect(lines).toHaveLength(2000);
    const messages = new Set(lines.map((line) => (JSON.parse(line) as { message: string }).message));
    expect(messages.size).toBe(2000);

    await appendFile(file, JSON.stringify({ timestamp: NOW - HOUR + 30, message: "appended by hand" }) + "\n");
    let seen = 0;
    let token: string | undefined;
    do {
      const page = await h.client.send(new FilterLogEventsCommand({ logGroupName: "/app/api", nextToken: token }));
      seen += page.events!.length;
      token = page.nextToken;
    } while (token);
    expect(seen).toBe(2001);
  });

  test("a second endpoint on the same directory is refused, naming the first one's pid", async () => {
    const second = await startHarness({ now: () => NOW }, h.dir).catch((e: unknown) => e);
    expect(second).toBeInstanceOf(StoreLockedError);
    expect((second as StoreLockedError).message).toContain(`pid ${process.pid}`);
    expect((second as StoreLockedError).hint).toMatch(/another --dir/);
    // The first one goes on as before.
    await h.client.send(new DescribeLogGroupsCommand({}));
  });
});
