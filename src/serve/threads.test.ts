import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  CreateLogGroupCommand,
  CreateLogStreamCommand,
  DescribeLogGroupsCommand,
  DescribeQueriesCommand,
  GetQueryResultsCommand,
  PutLogEventsCommand,
  StartQueryCommand,
  StopQueryCommand,
  type CloudWatchLogsClient,
  type GetQueryResultsCommandOutput,
} from "@aws-sdk/client-cloudwatch-logs";
import { afterAll, afterEach, beforeAll, describe, expect, test } from "vitest";
import type { startServer as StartServer, RunningServer } from "./index.js";
import { HOLD_MARKER } from "./testing/holding-engine.js";
import { buildInto, type Build } from "./test/built-serve.js";
import { clientFor } from "./test-support.js";

/**
 * Queries run on worker threads, which load compiled JavaScript: these tests start the endpoint
 * from a build of the current sources. Each asserts the order of things (answered while a query
 * was still running), never how long anything took.
 */
let build: Build;
let startServer: typeof StartServer;
beforeAll(async () => {
  build = await buildInto("tolog-serve-threads-test");
  ({ startServer } = (await import(build.module("src/serve/index.ts"))) as { startServer: typeof StartServer });
}, 300_000);
afterAll(async () => build?.remove());

const NOW = Date.now();
let dir: string;
let server: RunningServer | undefined;
let client: CloudWatchLogsClient | undefined;
afterEach(async () => {
  client?.destroy();
  await server?.close();
  server = client = undefined;
  await rm(dir, { recursive: true, force: true });
});

async function serve(options: Record<string, unknown>): Promise<CloudWatchLogsClient> {
  dir = await mkdtemp(join(tmpdir(), "tolog-serve-threads-"));
  server = await startServer({ dir, port: 0, log: () => undefined, ...options });
  client = clientFor(server.url);
  await client.send(new CreateLogGroupCommand({ logGroupName: "app" }));
  await client.send(new CreateLogStreamCommand({ logGroupName: "app", logStreamName: "s" }));
  return client;
}

async function put(c: CloudWatchLogsClient, count: number, from = 0): Promise<void> {
  for (let at = 0; at < count; at += 5000) {
    const logEvents = Array.from({ length: Math.min(5000, count - at) }, (_, i) => ({
      timestamp: NOW - 60_000 + Math.floor((from + at + i) / 100),
      message: JSON.stringify({ n: from + at + i, route: `/r/${(at + i) % 97}`, ms: (at + i) % 1000 }),
    }));
    await c.send(new PutLogEventsCommand({ logGroupName: "app", logStreamName: "s", logEvents }));
  }
}

function start(c: CloudWatchLogsClient, queryString: string): Promise<string> {
  const range = { startTime: Math.floor(NOW / 1000) - 3600, endTime: Math.floor(NOW / 1000) + 60 };
  return c.send(new StartQueryCommand({ logGroupName: "app", queryString, ...range })).then((r) => r.queryId!);
}

async function status(c: CloudWatchLogsClient, queryId: string): Promise<GetQueryResultsCommandOutput> {
  return c.send(new GetQueryResultsCommand({ queryId }));
}

/** Polls (bounded) until the query reaches one of `wanted`. */
async function until(c: CloudWatchLogsClient, queryId: string, wanted: string[]): Promise<GetQueryResultsCommandOutput> {
  let answer = await status(c, queryId);
  for (let i = 0; i < 600 && !wanted.includes(answer.status!); i++) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    answer = await status(c, queryId);
  }
  return answer;
}

describe("queries on threads", () => {
  test("while a query holds its thread, every other operation is answered; StopQuery ends it and frees the thread", async () => {
    const c = await serve({ queryThreads: 1, engineModule: build.module("src/serve/testing/holding-engine.ts") });
    await put(c, 100);
    const held = await start(c, `filter @message like "${HOLD_MARKER}"`);
    expect((await until(c, held, ["Running"])).status).toBe("Running");
    const next = await start(c, "stats count(*) as n");

    await put(c, 10, 100);
    const groups = await c.send(new DescribeLogGroupsCommand({}));
    expect(groups.logGroups?.map((g) => g.logGroupName)).toEqual(["app"]);
    // Answered while the held query still runs and the next one waits for the only thread.
    expect((await status(c, held)).status).toBe("Running");
    expect((await status(c, next)).status).toBe("Scheduled");

    expect((await c.send(new StopQueryCommand({ queryId: held }))).success).toBe(true);
    expect((await status(c, held)).status).toBe("Cancelled");
    const done = await until(c, next, ["Complete", "Failed"]);
    expect(done.status).toBe("Complete");
    // The 10 events put after it started are not part of it.
    expect(done.results?.[0]).toEqual([{ field: "n", value: "100" }]);
  });

  test("a held query times out, and its thread takes the next query", async () => {
    const c = await serve({ queryThreads: 1, queryTimeoutMs: 300, engineModule: build.module("src/serve/testing/holding-engine.ts") });
    await put(c, 20);
    const held = await start(c, `filter @message like "${HOLD_MARKER}"`);
    expect((await until(c, held, ["Timeout", "Complete", "Failed"])).status).toBe("Timeout");
    const done = await until(c, await start(c, "stats count(*) as n"), ["Complete", "Failed"]);
    expect(done.results?.[0]).toEqual([{ field: "n", value: "20" }]);
  });

  test("PutLogEvents is acknowledged while heavy queries still run, and the queries' answers are right", async () => {
    const c = await serve({ queryThreads: 2 });
    await put(c, 40_000);
    const heavy = 'parse @message \'"route":"*"\' as r | stats count(*) as n, pct(ms, 99) as p by r, bin(1s) | sort n desc';
    const ids = await Promise.all(Array.from({ length: 6 }, () => start(c, heavy)));
    await put(c, 1, 40_000);
    await c.send(new DescribeLogGroupsCommand({}));
    const { queries } = await c.send(new DescribeQueriesCommand({ logGroupName: "app" }));
    const unfinished = queries!.filter((q) => ids.includes(q.queryId!) && (q.status === "Running" || q.status === "Scheduled"));
    expect(unfinished.length).toBeGreaterThan(0);

    const answers = await Promise.all(ids.map((id) => until(c, id, ["Complete", "Failed"])));
    for (const answer of answers) {
      expect(answer.status).toBe("Complete");
      expect(answer.statistics?.recordsScanned).toBe(40_000); // the event put meanwhile came after the start
      expect(answer.results).toEqual(answers[0].results);
    }
  });
});
