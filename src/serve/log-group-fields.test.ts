import {
  GetLogGroupFieldsCommand,
  GetQueryResultsCommand,
  InvalidParameterException,
  ResourceNotFoundException,
  StartQueryCommand,
  type ResultField,
} from "@aws-sdk/client-cloudwatch-logs";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { runQuery } from "../engine/index.js";
import { FieldCounter } from "../engine/field-shares.js";
import { openLocalSource } from "../sources/local/index.js";
import { seedVendedFixtures, VENDED_FIXTURES } from "../cloudwatch/testing/vended-fixtures.js";
import { startHarness, type Harness } from "./test-support.js";

/** fixtures/vended's events run from 09:59 to 12:02 on 2026-11-20; the endpoint's clock is at noon. */
const NOW = Date.parse("2026-11-20T12:00:00.000Z");
const FROM = Date.parse("2026-11-20T09:00:00.000Z");
const TO = Date.parse("2026-11-20T13:00:00.000Z");

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ now: () => NOW });
  await seedVendedFixtures(h.client);
});
afterAll(async () => {
  await h.close();
});

const asObject = (fields: ResultField[]) => Object.fromEntries(fields.filter((f) => f.field !== "@ptr").map((f) => [f.field!, f.value!]));
const withoutPtr = (rows: Record<string, string>[]) => rows.map(({ "@ptr": _ptr, ...rest }) => rest);

async function served(queryString: string, logGroupNames: string[]): Promise<Record<string, string>[]> {
  const { queryId } = await h.client.send(new StartQueryCommand({ logGroupNames, startTime: FROM / 1000, endTime: TO / 1000, queryString }));
  for (;;) {
    const answer = await h.client.send(new GetQueryResultsCommand({ queryId }));
    if (answer.status === "Complete") return answer.results!.map(asObject);
    if (answer.status !== "Running" && answer.status !== "Scheduled") throw new Error(`query ${answer.status}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe("AWS vended logs through tolog serve", () => {
  test.each([
    ["/aws/lambda/orders", 'filter @type = "REPORT" | stats avg(@duration), max(@maxMemoryUsed), count(*) by bin(5m)'],
    ["/aws/lambda/orders-json", 'fields @timestamp, @type, @requestId, @duration, @memorySize | filter ispresent(@type)'],
    ["vpc-flow-logs", "stats sum(bytes) as b by srcAddr, dstAddr | sort b desc"],
    ["/aws/route53/example.com", "fields @timestamp, queryName, queryType, responseCode, edgeLocation"],
    ["aws-cloudtrail-logs-123456789012", "stats count(*) by eventSource, eventName, awsRegion"],
  ])("%s: StartQuery gives the rows `tolog query --logs` gives", async (group, query) => {
    const local = await runQuery(query, openLocalSource([VENDED_FIXTURES]), { start: FROM, end: TO + 999, groups: { names: [group] } });
    expect(local.rows.length).toBeGreaterThan(0);
    expect(await served(query, [group])).toEqual(withoutPtr(local.rows));
  });
});

describe("GetLogGroupFields", () => {
  test("the fields of the 8 minutes either side of `time`, as the engine discovers them", async () => {
    const time = Date.parse("2026-11-20T10:05:00.000Z");
    const answer = await h.client.send(new GetLogGroupFieldsCommand({ logGroupName: "/aws/lambda/orders", time: time / 1000 }));
    const counter = new FieldCounter();
    for await (const event of openLocalSource([VENDED_FIXTURES]).read({ start: time - 480_000, end: time + 480_000, groups: { names: ["/aws/lambda/orders"] } }, { recordsScanned: 0, bytesScanned: 0 })) {
      counter.add(event);
    }
    expect(answer.logGroupFields).toEqual(counter.shares());
    expect(answer.logGroupFields?.slice(0, 5).map((f) => f.name)).toEqual(["@timestamp", "@message", "@logStream", "@log", "@ingestionTime"]);
    // Between 09:57 and 10:13: 7 invocations, 30 events, of which 7 REPORT lines, 21 START, END or
    // REPORT lines (with a request id), 2 cold starts.
    expect(answer.logGroupFields).toContainEqual({ name: "@duration", percent: 23 });
    expect(answer.logGroupFields).toContainEqual({ name: "@requestId", percent: 70 });
    expect(answer.logGroupFields).toContainEqual({ name: "@initDuration", percent: 7 });
  });

  test("by ARN; sorted by percent, then name", async () => {
    const answer = await h.client.send(
      new GetLogGroupFieldsCommand({ logGroupIdentifier: "arn:aws:logs:eu-west-1:000000000000:log-group:vpc-flow-logs", time: Date.parse("2026-11-20T10:03:00.000Z") / 1000 }),
    );
    // 11 records end between 09:55 and 10:11, one of them NODATA (its addresses, ports and counts are `-`).
    expect(answer.logGroupFields!.slice(5)).toEqual([
      ...["accountId", "endTime", "interfaceId", "logStatus", "startTime", "version"].map((name) => ({ name, percent: 100 })),
      ...["action", "bytes", "dstAddr", "dstPort", "packets", "protocol", "srcAddr", "srcPort"].map((name) => ({ name, percent: 91 })),
    ]);
  });

  test("without time, the last 15 minutes: nothing here", async () => {
    const answer = await h.client.send(new GetLogGroupFieldsCommand({ logGroupName: "/aws/lambda/orders" }));
    expect(answer.logGroupFields).toEqual([]);
  });

  test("errors as CloudWatch answers them", async () => {
    await expect(h.client.send(new GetLogGroupFieldsCommand({ logGroupName: "/nope" }))).rejects.toBeInstanceOf(ResourceNotFoundException);
    await expect(h.client.send(new GetLogGroupFieldsCommand({}))).rejects.toBeInstanceOf(InvalidParameterException);
    await expect(h.client.send(new GetLogGroupFieldsCommand({ logGroupName: "vpc-flow-logs", logGroupIdentifier: "vpc-flow-logs" }))).rejects.toBeInstanceOf(InvalidParameterException);
  });
});
