import { join } from "node:path";
import {
  CreateLogGroupCommand,
  CreateLogStreamCommand,
  DescribeQueriesCommand,
  GetLogRecordCommand,
  GetQueryResultsCommand,
  InvalidParameterException,
  LimitExceededException,
  MalformedQueryException,
  PutLogEventsCommand,
  PutQueryDefinitionCommand,
  ResourceNotFoundException,
  StartQueryCommand,
  StopQueryCommand,
  type CloudWatchLogsClient,
  type GetQueryResultsCommandOutput,
  type InputLogEvent,
  type StartQueryCommandInput,
} from "@aws-sdk/client-cloudwatch-logs";
import { afterEach, describe, expect, test } from "vitest";
import { runQuery } from "../engine/index.js";
import { openLocalSource } from "../sources/local/index.js";
import { startHarness, type Harness } from "./test-support.js";

const NOW = Date.now();
const START = Math.floor((NOW - 3600_000) / 1000);
const END = Math.ceil(NOW / 1000);

let h: Harness;
afterEach(async () => {
  await h.close();
});

async function setUp(options: Parameters<typeof startHarness>[0] = {}): Promise<void> {
  h = await startHarness(options);
  await h.client.send(new CreateLogGroupCommand({ logGroupName: "/app/api" }));
  await h.client.send(new CreateLogStreamCommand({ logGroupName: "/app/api", logStreamName: "web-1" }));
}

async function put(logEvents: InputLogEvent[]): Promise<void> {
  for (let i = 0; i < logEvents.length; i += 10_000) {
    await h.client.send(
      new PutLogEventsCommand({ logGroupName: "/app/api", logStreamName: "web-1", logEvents: logEvents.slice(i, i + 10_000) }),
    );
  }
}

/** `count` JSON events one ms apart, ending a minute ago; every third is an error. */
function jsonEvents(count: number): InputLogEvent[] {
  return Array.from({ length: count }, (_, i) => ({
    timestamp: NOW - 60_000 - count + i,
    message: JSON.stringify({ level: i % 3 === 0 ? "error" : "info", latency: i, path: `/api/${i % 5}` }),
  }));
}

function start(client: CloudWatchLogsClient, queryString: string, extra: Partial<StartQueryCommandInput> = {}) {
  return client.send(
    new StartQueryCommand({ logGroupName: "/app/api", startTime: START, endTime: END, queryString, ...extra }),
  );
}

/** Polls until the query ends (bounded), returning every answer seen. */
async function poll(queryId: string, pauseMs = 25): Promise<GetQueryResultsCommandOutput[]> {
  const seen: GetQueryResultsCommandOutput[] = [];
  for (let i = 0; i < 2000; i++) {
    const answer = await h.client.send(new GetQueryResultsCommand({ queryId }));
    seen.push(answer);
    if (answer.status !== "Scheduled" && answer.status !== "Running") return seen;
    await new Promise((resolve) => setTimeout(resolve, pauseMs));
  }
  throw new Error(`query ${queryId} did not end`);
}

const asObject = (row: { field?: string; value?: string }[]) => Object.fromEntries(row.map((f) => [f.field, f.value]));

describe("StartQuery and GetQueryResults", () => {
  test("filter and sort run for real; rows carry @ptr, which GetLogRecord resolves", async () => {
    await setUp();
    await put(jsonEvents(30));
    const { queryId } = await start(h.client, 'fields @timestamp, latency | filter level = "error" and latency > 10 | sort latency asc');
    const answers = await poll(queryId!);
    const done = answers[answers.length - 1];
    expect(done.status).toBe("Complete");
    const rows = done.results!.map(asObject);
    expect(rows.map((r) => r.latency)).toEqual(["12", "15", "18", "21", "24", "27"]);
    expect(done.results![0].map((f) => f.field)).toEqual(["@timestamp", "latency", "@ptr"]);
    expect(rows[0]["@timestamp"]).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3}$/);
    expect(done.statistics).toMatchObject({ recordsMatched: 6, recordsScanned: 30 });

    const { logRecord } = await h.client.send(new GetLogRecordCommand({ logRecordPointer: rows[0]["@ptr"] }));
    expect(logRecord).toMatchObject({
      "@log": "000000000000:/app/api",
      "@logStream": "web-1",
      level: "error",
      latency: "12",
      "@timestamp": String(NOW - 60_000 - 30 + 12),
    });
    await expect(h.client.send(new GetLogRecordCommand({ logRecordPointer: "nonsense" }))).rejects.toBeInstanceOf(
      InvalidParameterException,
    );
  });

  test("stats with bin() and by", async () => {
    await setUp();
    await put(jsonEvents(30));
    const { queryId } = await start(h.client, "stats count(*) as n, max(latency) as worst by level | sort n desc");
    const done = (await poll(queryId!)).pop()!;
    expect(done.results!.map(asObject)).toEqual([
      { level: "info", n: "20", worst: "29" },
      { level: "error", n: "10", worst: "27" },
    ]);
  });

  test("$Name(...) invokes a saved query (PutQueryDefinition) with its parameters; an unknown one is malformed", async () => {
    await setUp();
    await put(jsonEvents(30));
    await h.client.send(
      new PutQueryDefinitionCommand({
        name: "SlowErrors",
        queryString: "filter level = {{level}} and latency > {{min}}",
        parameters: [{ name: "level", defaultValue: "error" }, { name: "min" }],
      }),
    );
    const { queryId } = await start(h.client, "$SlowErrors(min = 20) | stats count(*) as n, min(latency) as first");
    const done = (await poll(queryId!)).pop()!;
    expect(done.status).toBe("Complete");
    expect(done.results!.map(asObject)).toEqual([{ n: "3", first: "21" }]);

    const unknown = await start(h.client, "$SlowErorrs(min = 20)").catch((e: unknown) => e);
    expect(unknown).toBeInstanceOf(MalformedQueryException);
    expect((unknown as Error).message).toContain("Did you mean $SlowErrors(...)?");
    const missing = await start(h.client, "$SlowErrors()").catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(MalformedQueryException);
    expect((missing as Error).message).toContain('needs parameter "min"');
  });

  test("results page with maxItems and nextToken", async () => {
    await setUp();
    await put(jsonEvents(25));
    const { queryId } = await start(h.client, "fields latency | sort latency asc");
    await poll(queryId!);
    const latencies: string[] = [];
    let nextToken: string | undefined;
    let pages = 0;
    do {
      const page = await h.client.send(new GetQueryResultsCommand({ queryId, maxItems: 10, nextToken }));
      latencies.push(...page.results!.map((r) => asObject(r).latency!));
      nextToken = page.nextToken;
      pages++;
    } while (nextToken && pages < 10);
    expect(pages).toBe(3);
    expect(latencies).toEqual(Array.from({ length: 25 }, (_, i) => String(i)));
  });

  test("StartQuery's limit goes to 100,000, past the 10,000-row default, in pages of 10,000", async () => {
    await setUp();
    await put(jsonEvents(12_000));
    const capped = await start(h.client, "fields latency");
    expect((await poll(capped.queryId!)).pop()!.results).toHaveLength(10_000);

    const { queryId } = await start(h.client, "fields latency", { limit: 12_000 });
    const first = (await poll(queryId!)).pop()!;
    expect(first.results).toHaveLength(10_000);
    const second = await h.client.send(new GetQueryResultsCommand({ queryId, nextToken: first.nextToken }));
    expect(second.results).toHaveLength(2_000);
    expect(second.nextToken).toBeUndefined();

    await expect(start(h.client, "fields latency", { limit: 100_001 })).rejects.toBeInstanceOf(InvalidParameterException);
  });

  test("errors: malformed query with its location, unknown group, group parameters, unknown query", async () => {
    await setUp();
    const malformed = await start(h.client, "fields @message | stats count(*) by").catch((e: unknown) => e);
    expect(malformed).toBeInstanceOf(MalformedQueryException);
    const location = (malformed as MalformedQueryException).queryCompileError?.location;
    expect(location?.startCharOffset).toBeGreaterThanOrEqual(17);
    expect(location?.endCharOffset).toBeGreaterThanOrEqual(location!.startCharOffset!);

    await expect(start(h.client, "fields @message", { logGroupName: "/no/such" })).rejects.toBeInstanceOf(
      ResourceNotFoundException,
    );
    await expect(
      start(h.client, "fields @message", { logGroupName: undefined, logGroupNames: undefined }),
    ).rejects.toBeInstanceOf(InvalidParameterException);
    await expect(start(h.client, "fields @message", { logGroupNames: ["/app/api"] })).rejects.toBeInstanceOf(
      InvalidParameterException,
    );
    await expect(start(h.client, "fields @message", { startTime: END, endTime: START })).rejects.toBeInstanceOf(
      InvalidParameterException,
    );
    await expect(h.client.send(new GetQueryResultsCommand({ queryId: "no-such-query" }))).rejects.toBeInstanceOf(
      ResourceNotFoundException,
    );
  });

  test("finished queries' rows are kept up to a bound, all told: the oldest are forgotten, the newest kept", async () => {
    await setUp({ keptResultRows: 50 });
    await put(jsonEvents(30));
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const { queryId } = await start(h.client, "fields latency | limit 30");
      await poll(queryId!);
      ids.push(queryId!);
    }
    await expect(h.client.send(new GetQueryResultsCommand({ queryId: ids[0] }))).rejects.toBeInstanceOf(ResourceNotFoundException);
    await expect(h.client.send(new GetQueryResultsCommand({ queryId: ids[1] }))).rejects.toBeInstanceOf(ResourceNotFoundException);
    expect((await h.client.send(new GetQueryResultsCommand({ queryId: ids[2] }))).results).toHaveLength(30);
  });

  test("hostile queries: too deep is MalformedQueryException at its place; a catastrophic regex ends at once", async () => {
    await setUp();
    await put([
      { timestamp: NOW - 60_000, message: JSON.stringify({ msg: "a".repeat(40) + "!" }) },
      { timestamp: NOW - 59_000, message: JSON.stringify({ msg: "aaaa" }) },
    ]);
    const deep = "filter " + "(".repeat(600) + "a" + ")".repeat(600);
    const tooDeep = await start(h.client, deep).catch((e: unknown) => e);
    expect(tooDeep).toBeInstanceOf(MalformedQueryException);
    expect((tooDeep as MalformedQueryException).queryCompileError?.location?.startCharOffset).toBe(7 + 100);

    const { queryId } = await start(h.client, "filter msg like /(a+)+$/ | fields msg");
    const answer = (await poll(queryId!)).pop()!;
    expect(answer.status).toBe("Complete");
    expect(answer.results!.map(asObject).map((row) => row.msg)).toEqual(["aaaa"]);
  });

  test("the endpoint and `tolog query --logs` on its directory give the same rows", async () => {
    await setUp();
    await put(jsonEvents(40));
    const query = 'filter level = "error" | stats count(*) as n, avg(latency) as mean by path | sort path asc';
    const { queryId } = await start(h.client, query);
    const served = (await poll(queryId!)).pop()!.results!.map(asObject);
    const local = await runQuery(query, openLocalSource([join(h.dir, encodeURIComponent("/app/api"))]), {
      start: START * 1000,
      end: END * 1000 + 999,
    });
    expect(served.length).toBeGreaterThan(1);
    expect(served).toEqual(local.rows);
  });
});

describe("the query lifecycle", () => {
  test("Scheduled -> Running with partial results -> Complete (query-time injected)", async () => {
    await setUp({ inject: "query-time=3s" });
    await put(jsonEvents(30_000));
    const { queryId } = await start(h.client, "stats count(*) as n");
    const answers = await poll(queryId!);
    const statuses = answers.map((a) => a.status);
    // In order, each seen at least once.
    expect([...new Set(statuses)]).toEqual(["Scheduled", "Running", "Complete"]);
    const partial = answers.filter((a) => a.status === "Running" && a.results!.length > 0);
    expect(partial.length).toBeGreaterThan(0);
    const partialCount = Number(asObject(partial[0].results![0]).n);
    expect(partialCount).toBeGreaterThan(0);
    expect(partialCount).toBeLessThan(30_000);
    expect(partial[0].statistics!.recordsScanned).toBeLessThan(30_000);
    const done = answers[answers.length - 1];
    expect(done.results!.map(asObject)).toEqual([{ n: "30000" }]);
    expect(done.statistics).toMatchObject({ recordsScanned: 30_000, recordsMatched: 30_000 });
  });

  test("StopQuery cancels a running query; the endpoint records that it saw StopQuery", async () => {
    await setUp({ inject: "query-time=10s" });
    await put(jsonEvents(100));
    const { queryId } = await start(h.client, "fields @message");
    const stopped = await h.client.send(new StopQueryCommand({ queryId }));
    expect(stopped.success).toBe(true);
    const answer = await h.client.send(new GetQueryResultsCommand({ queryId }));
    expect(answer.status).toBe("Cancelled");
    await expect(h.client.send(new StopQueryCommand({ queryId }))).rejects.toBeInstanceOf(InvalidParameterException);
    expect(h.server.requests.filter((r) => r.operation === "StopQuery").map((r) => r.status)).toEqual([200, 400]);
  });

  test("beyond the concurrent query limit: LimitExceededException, until a slot frees", async () => {
    await setUp({ inject: "query-time=10s", maxConcurrentQueries: 2 });
    const first = await start(h.client, "fields @message");
    await start(h.client, "fields @message");
    const third = await start(h.client, "fields @message").catch((e: unknown) => e);
    expect(third).toBeInstanceOf(LimitExceededException);
    expect((third as Error).message).toBe("Account maximum query concurrency limit of [2] reached.");
    await h.client.send(new StopQueryCommand({ queryId: first.queryId }));
    await expect(start(h.client, "fields @message")).resolves.toHaveProperty("queryId");
  });

  test("DescribeQueries lists queries newest first, by status and group", async () => {
    await setUp({ inject: "query-time=10s" });
    const a = await start(h.client, "fields @message | limit 1");
    const b = await start(h.client, "fields @message | limit 2");
    await h.client.send(new StopQueryCommand({ queryId: a.queryId }));
    const all = await h.client.send(new DescribeQueriesCommand({}));
    expect(all.queries?.map((q) => q.queryId)).toEqual([b.queryId, a.queryId]);
    expect(all.queries?.[0]).toMatchObject({ queryString: "fields @message | limit 2", logGroupName: "/app/api" });
    const cancelled = await h.client.send(new DescribeQueriesCommand({ status: "Cancelled" }));
    expect(cancelled.queries?.map((q) => q.queryId)).toEqual([a.queryId]);
    const other = await h.client.send(new DescribeQueriesCommand({ logGroupName: "/other" }));
    expect(other.queries).toEqual([]);
    const paged = await h.client.send(new DescribeQueriesCommand({ maxResults: 1 }));
    expect(paged.queries).toHaveLength(1);
    const rest = await h.client.send(new DescribeQueriesCommand({ maxResults: 1, nextToken: paged.nextToken }));
    expect(rest.queries?.map((q) => q.queryId)).toEqual([a.queryId]);
  });
});
