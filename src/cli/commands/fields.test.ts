import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, test } from "vitest";
import { runTolog } from "../test-helpers/run-tolog.js";
import { startHarness, type Harness } from "../../serve/test-support.js";
import { seedVendedFixtures, VENDED_FIXTURES } from "../../cloudwatch/testing/vended-fixtures.js";
import { EXIT } from "../../shared/exit-codes.js";

const ENV = { AWS_ACCESS_KEY_ID: "test", AWS_SECRET_ACCESS_KEY: "test", AWS_REGION: "us-east-1" };
const VPC_LINE = "2 123456789010 eni-0a1b 10.0.1.5 10.0.2.9 443 49152 6 12 3400 1795168800 1795168860 ACCEPT OK";

const dirs: string[] = [];
async function logDir(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "tolog-fields-"));
  dirs.push(dir);
  for (const [name, text] of Object.entries(files)) await writeFile(join(dir, name), text);
  return dir;
}
afterEach(async () => {
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

type Shares = { logGroupFields: Array<{ name: string; percent: number }> };

describe("tolog fields --logs", () => {
  test("the fields of VPC flow logs, as GetLogGroupFields returns them", async () => {
    const out = await runTolog(["fields", "--logs", join(VENDED_FIXTURES, "vpc-flow-logs"), "--format", "json"]);
    expect(out.code).toBe(0);
    const shares = JSON.parse(out.stdout) as Shares;
    // 3 of the 13 records are NODATA or SKIPDATA: no addresses, ports, counts or action.
    expect(shares.logGroupFields).toEqual([
      ...["@timestamp", "@message", "@logStream", "@log", "@ingestionTime", "accountId", "endTime", "interfaceId", "logStatus", "startTime", "version"].map((name) => ({ name, percent: 100 })),
      ...["action", "bytes", "dstAddr", "dstPort", "packets", "protocol", "srcAddr", "srcPort"].map((name) => ({ name, percent: 77 })),
    ]);
    expect(out.stderr).toContain("13 events: 13 VPC flow logs (default format)");
  });

  test("a line that almost matches keeps only its system fields, and the summary says so", async () => {
    const dir = await logDir({ "flows.log": [VPC_LINE, VPC_LINE, VPC_LINE.split(" ").slice(0, 13).join(" ")].join("\n") + "\n" });
    const out = await runTolog(["fields", "--logs", dir, "--format", "csv"]);
    expect(out.stdout).toContain("\r\nsrcAddr,67\r\n");
    expect(out.stderr).toContain("3 events: 2 VPC flow logs (default format), 1 almost VPC flow logs (default format) (system fields only)");
    expect(out.stderr).toContain("flows: 2 lines read as VPC flow logs (default format); 1 line almost matched");
    expect(out.stderr).toContain("First: 13 fields, the default format has 14");
  });

  // ndjson carries the shares as numbers, as --format json does (it gave "100", a string).
  test("--log-format: a custom VPC field list", async () => {
    const dir = await logDir({ "flows.log": "10.0.1.5 10.0.2.9 3400\n10.0.1.6 10.0.2.9 12\n" });
    const out = await runTolog(["fields", "--logs", dir, "--log-format", "vpc:${srcaddr} ${dstaddr} ${bytes}", "--format", "ndjson"]);
    expect(out.code).toBe(0);
    expect(out.stdout.split("\n").slice(5, 8)).toEqual(['{"name":"bytes","percent":100}', '{"name":"dstAddr","percent":100}', '{"name":"srcAddr","percent":100}']);
  });

  test("a bad --log-format is a usage error naming the fix", async () => {
    const out = await runTolog(["fields", "--logs", VENDED_FIXTURES, "--log-format", "vpc:${srcadr}"]);
    expect(out.code).toBe(2);
    expect(out.stderr).toContain("--log-format vpc:${srcadr}: vpc: unknown flow log field ${srcadr}");
  });

  test("no event in the range: exit 3", async () => {
    const out = await runTolog(["fields", "--logs", VENDED_FIXTURES, "--at", "2020-01-01T00:00"]);
    expect(out.code).toBe(EXIT.noResults);
    expect(out.stderr).toContain("No events in the logs read in that time.");
  });
});

describe("tolog fields --log-group (GetLogGroupFields through tolog serve)", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ now: () => Date.parse("2026-11-20T12:00:00.000Z") });
    await seedVendedFixtures(h.client);
  });
  afterAll(async () => {
    await h.close();
  });

  test("gives what --logs gives over the same window", async () => {
    const at = ["--at", "2026-11-20T10:05:00Z"];
    const cloud = await runTolog(["fields", "--log-group", "/aws/lambda/orders", ...at, "--format", "json", "--endpoint-url", h.server.url], { env: ENV });
    expect(cloud.code).toBe(0);
    const local = await runTolog(["fields", "--logs", join(VENDED_FIXTURES, "%2Faws%2Flambda%2Forders"), ...at, "--format", "json"]);
    expect(JSON.parse(cloud.stdout)).toEqual(JSON.parse(local.stdout));
    expect((JSON.parse(cloud.stdout) as Shares).logGroupFields).toContainEqual({ name: "@maxMemoryUsed", percent: 23 });
    expect(h.server.requests.some((r) => r.operation === "GetLogGroupFields")).toBe(true);
  });

  test.each([
    ["/aws/lambda/orders", 'filter @type = "REPORT" | stats avg(@duration), max(@maxMemoryUsed), count(*) by bin(5m)'],
    ["/aws/lambda/orders-json", "filter ispresent(@type) | stats count(*), sum(@billedDuration), max(@memorySize) by @type"],
    ["vpc-flow-logs", "stats sum(bytes) as b, count(*) as n by srcAddr, dstAddr, action"],
    ["/aws/route53/example.com", "stats count(*) by queryType, responseCode, edgeLocation, ednsClientSubnet"],
  ])("%s: tolog pull's files give the fields and rows the endpoint gives", async (group, query) => {
    const window = ["--start", "2026-11-20T09:00:00Z", "--end", "2026-11-20T13:00:00Z"];
    const endpoint = ["--endpoint-url", h.server.url];
    const out = await logDir({});
    const pulled = await runTolog(["pull", "--log-group", group, ...window, "--out", out, ...endpoint], { env: ENV });
    expect(pulled.code, pulled.stderr).toBe(0);
    const at = ["--at", "2026-11-20T10:05:00Z", "--format", "json"];
    const cloudFields = await runTolog(["fields", "--log-group", group, ...at, ...endpoint], { env: ENV });
    const localFields = await runTolog(["fields", "--logs", out, ...at]);
    expect(cloudFields.code, cloudFields.stderr).toBe(0);
    expect(JSON.parse(localFields.stdout)).toEqual(JSON.parse(cloudFields.stdout));
    expect((JSON.parse(localFields.stdout) as Shares).logGroupFields.length).toBeGreaterThan(5);
    const cloudRows = await runTolog(["query", query, "--log-group", group, ...window, "--format", "json", ...endpoint], { env: ENV });
    const localRows = await runTolog(["query", query, "--logs", out, ...window, "--format", "json"]);
    expect(cloudRows.code, cloudRows.stderr).toBe(0);
    expect(localRows.stdout).toBe(cloudRows.stdout);
    expect(localRows.stdout).toMatch(/"rows":\[\{/);
  });

  test("a range is refused (the API takes a time); several groups are refused", async () => {
    const ranged = await runTolog(["fields", "--log-group", "vpc-flow-logs", "--since", "1h", "--endpoint-url", h.server.url], { env: ENV });
    expect(ranged.code).toBe(2);
    expect(ranged.stderr).toContain("--at TIME");
    const several = await runTolog(["fields", "--log-group", "/aws/route53*", "--endpoint-url", h.server.url], { env: ENV });
    expect(several.code).toBe(1);
    expect(several.stderr).toContain("GetLogGroupFields reads one log group; --log-group matched 2");
  });
});

describe("tolog query over vended logs", () => {
  test("the Lambda REPORT sample query answers from the text lines", async () => {
    const out = await runTolog(["query", 'filter @type = "REPORT" | stats max(@memorySize / 1000 / 1000) as mb, count(*) as n', "--logs", join(VENDED_FIXTURES, "%2Faws%2Flambda%2Forders"), "--format", "csv"]);
    expect(out.stdout).toBe("mb,n\r\n128,8\r\n");
  });

  test("almost-matching lines are told on stderr, per file", async () => {
    const dir = await logDir({ "eni-0a1b.log": `${VPC_LINE}\n${VPC_LINE.replace(" 3400 ", " 3x00 ")}\n` });
    const out = await runTolog(["query", "stats sum(bytes) as b", "--logs", dir, "--format", "csv"]);
    expect(out.stdout).toBe("b\r\n3400\r\n");
    expect(out.stderr).toContain('eni-0a1b: 1 line read as VPC flow logs (default format); 1 line almost matched VPC flow logs (default format)');
    expect(out.stderr).toContain('First: bytes is "3x00", not a number');
  });

  test("--log-format with --log-group is refused", async () => {
    const out = await runTolog(["query", "fields @message", "--log-group", "x", "--log-format", "vpc"]);
    expect(out.code).toBe(2);
    expect(out.stderr).toContain("--log-format applies to local logs only.");
  });

  test("the no-rows hint knows the vended fields", async () => {
    const out = await runTolog(["query", "filter @durration > 1000", "--logs", join(VENDED_FIXTURES, "%2Faws%2Flambda%2Forders")]);
    expect(out.stderr).toContain('has a field "@durration"; did you mean "@duration"?');
  });
});
