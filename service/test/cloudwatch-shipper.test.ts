import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  CloudWatchLogsClient,
  FilterLogEventsCommand,
  GetQueryResultsCommand,
  StartQueryCommand,
} from "@aws-sdk/client-cloudwatch-logs";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { startServer as startEndpoint, type RunningServer } from "../../src/serve/index.js";
import { CloudWatchShipper } from "../src/logging/cloudwatch-shipper.js";
import { captureOutput, eventually, startTestDb, testConfig, type TestDb } from "./helpers.js";
import { startServer } from "../src/server.js";

// The direct CloudWatch shipper, against `tolog serve` with the real AWS SDK over HTTP.

const credentials = { accessKeyId: "AKIDTOLOGTEST", secretAccessKey: "tolog-test-secret" };
let endpoint: RunningServer;
let dir: string;
let client: CloudWatchLogsClient;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "taskoverflow-cw-"));
  endpoint = await startEndpoint({ dir, port: 0 });
  client = new CloudWatchLogsClient({ endpoint: endpoint.url, region: "us-east-1", credentials });
});
afterAll(async () => {
  client?.destroy();
  await endpoint?.close();
  await rm(dir, { recursive: true, force: true });
});

async function messages(logGroupName: string): Promise<string[]> {
  const out: string[] = [];
  let nextToken: string | undefined;
  for (let page = 0; page < 100; page++) {
    const answer = await client.send(new FilterLogEventsCommand({ logGroupName, nextToken }));
    out.push(...answer.events!.map((e) => e.message!));
    nextToken = answer.nextToken;
    if (!nextToken) break;
  }
  return out;
}

describe("CloudWatchShipper", () => {
  it("creates the group and stream and ships every line in batches within PutLogEvents' limits", async () => {
    const shipper = new CloudWatchShipper({ logGroup: "/shipper/batches", logStream: "s", client, flushIntervalMs: 50, maxBufferedLines: 30_000 });
    const before = endpoint.requests.length;
    for (let i = 0; i < 25_000; i++) shipper.write(`{"n":${i}}\n`);
    await shipper.close();
    expect(shipper).toMatchObject({ sent: 25_000, dropped: 0 });
    const got = await messages("/shipper/batches");
    expect(got).toHaveLength(25_000);
    expect(new Set(got).size).toBe(25_000);
    const puts = endpoint.requests.slice(before).filter((r) => r.operation === "PutLogEvents");
    expect(puts.every((r) => r.status === 200)).toBe(true);
    expect(puts.length).toBeGreaterThanOrEqual(3); // at most 10,000 events per batch
  });

  it("never grows past its bound: extra lines are dropped and the count reported once", async () => {
    const reports: number[] = [];
    const shipper = new CloudWatchShipper({
      logGroup: "/shipper/bounded",
      logStream: "s",
      client,
      maxBufferedLines: 100,
      flushIntervalMs: 60_000,
      onDropped: (n) => reports.push(n),
    });
    // All written in one turn of the event loop, before any send can start.
    for (let i = 0; i < 150; i++) shipper.write(`line ${i}\n`);
    await shipper.close();
    expect(shipper).toMatchObject({ sent: 100, dropped: 50 });
    expect(reports).toEqual([50]);
    expect(await messages("/shipper/bounded")).toEqual(Array.from({ length: 100 }, (_, i) => `line ${i}`));
  });

  it("keeps lines through a failing endpoint and counts them as dropped when it gives up at close", async () => {
    const failing = await startEndpoint({ dir: join(dir, "failing"), port: 0, inject: "fail=1" });
    const failingClient = new CloudWatchLogsClient({ endpoint: failing.url, region: "us-east-1", credentials, maxAttempts: 1 });
    const errors: string[] = [];
    const reports: number[] = [];
    const shipper = new CloudWatchShipper({
      logGroup: "/shipper/failing",
      logStream: "s",
      client: failingClient,
      flushIntervalMs: 60_000,
      onError: (m) => errors.push(m),
      onDropped: (n) => reports.push(n),
    });
    for (let i = 0; i < 10; i++) shipper.write(`line ${i}\n`);
    await shipper.close();
    expect(shipper).toMatchObject({ sent: 0, dropped: 10 });
    expect(reports).toEqual([10]);
    expect(errors.length).toBeGreaterThan(0);
    expect(errors[0]).toContain("ServiceUnavailableException");
    await failing.close();
  });
});

describe("TaskOverflow with CLOUDWATCH_LOG_GROUP set", () => {
  let db: TestDb;
  beforeAll(async () => {
    db = await startTestDb();
  });
  afterAll(async () => {
    await db?.close();
  });
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it("ships its log lines to tolog serve, where a Logs Insights query finds every request", async () => {
    // The SDK's credential chain reads these; any value does for tolog serve.
    vi.stubEnv("AWS_ACCESS_KEY_ID", credentials.accessKeyId);
    vi.stubEnv("AWS_SECRET_ACCESS_KEY", credentials.secretAccessKey);
    const config = testConfig(db, {
      CLOUDWATCH_LOG_GROUP: "taskoverflow",
      CLOUDWATCH_LOG_STREAM: "test-instance",
      AWS_ENDPOINT_URL_CLOUDWATCH_LOGS: endpoint.url,
      AWS_REGION: "us-east-1",
    });
    expect(config.cloudwatch).toEqual({ logGroup: "taskoverflow", logStream: "test-instance", endpoint: endpoint.url, region: "us-east-1" });
    const out = captureOutput();
    const service = await startServer(config, { output: out });
    const base = `${service.url}/api/v1`;
    for (let i = 0; i < 5; i++) await fetch(`${base}/health`);
    await fetch(`${base}/todos`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ title: "shipped" }) });
    await eventually(() => (out.records().filter((r) => r.event === "request_finished").length >= 6 ? true : undefined), "6 finished requests");
    await service.stop("test done"); // flushes the shipper

    const now = Math.ceil(Date.now() / 1000);
    const { queryId } = await client.send(
      new StartQueryCommand({
        logGroupName: "taskoverflow",
        startTime: now - 600,
        endTime: now,
        queryString: 'filter event = "request_finished" | stats count(*) as n by method | sort method asc',
      }),
    );
    let answer;
    for (let i = 0; i < 200; i++) {
      answer = await client.send(new GetQueryResultsCommand({ queryId }));
      if (answer.status === "Complete") break;
      await new Promise((r) => setTimeout(r, 25));
    }
    expect(answer?.status).toBe("Complete");
    const rows = answer!.results!.map((row) => Object.fromEntries(row.map((f) => [f.field, f.value])));
    expect(rows).toEqual([
      { method: "GET", n: "5" },
      { method: "POST", n: "1" },
    ]);
    // Every line the service wrote reached the log group, none was dropped.
    const shipped = await messages("taskoverflow");
    expect(shipped).toEqual(out.lines);
    expect(out.records().some((r) => r.event === "cloudwatch_lines_dropped")).toBe(false);
  }, 120_000);
});
