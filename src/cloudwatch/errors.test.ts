import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { DescribeLogGroupsCommand } from "@aws-sdk/client-cloudwatch-logs";
import { afterEach, describe, expect, test, vi } from "vitest";
import { UserError } from "../shared/errors.js";
import { startHarness, type Harness } from "../serve/test-support.js";
import { createLogsClient } from "./client.js";
import { callAws } from "./cloudwatch-source.js";
import { runCloudWatchQuery } from "./query.js";
import { FAST, numberedEvents, seed } from "./testing/seed.js";

const BASE = Math.floor((Date.now() - 30 * 60_000) / 1000) * 1000;
const ENV = { AWS_ACCESS_KEY_ID: "test", AWS_SECRET_ACCESS_KEY: "test", AWS_REGION: "us-east-1" };

let h: Harness | undefined;
let responder: Server | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
  await new Promise((resolve) => (responder ? responder.close(resolve) : resolve(undefined)));
  responder = undefined;
  vi.unstubAllEnvs();
});

async function caught(work: () => Promise<unknown>): Promise<UserError> {
  try {
    await work();
  } catch (error) {
    if (error instanceof UserError) return error;
    throw error;
  }
  throw new Error("expected a UserError");
}

/**
 * Errors `tolog serve` cannot produce (it checks no credentials): a loopback endpoint that
 * answers every call with one AWS JSON 1.1 error, parsed by the real SDK as AWS's would be.
 */
async function answerWith(status: number, type: string, message: string): Promise<string> {
  responder = createServer((req, res) => {
    req.resume();
    req.on("end", () => {
      res.writeHead(status, { "content-type": "application/x-amz-json-1.1", "x-amzn-errortype": type });
      res.end(JSON.stringify({ __type: type, message }));
    });
  });
  await new Promise<void>((resolve) => responder!.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(responder!.address() as AddressInfo).port}`;
}

const describeGroups = (endpointUrl: string) => {
  const client = createLogsClient({ endpointUrl }, ENV);
  return callAws(() => client.send(new DescribeLogGroupsCommand({})), { operation: "DescribeLogGroups" });
};

describe("AWS errors become actions", () => {
  test("ResourceNotFound names the missing group and suggests similar ones", async () => {
    h = await startHarness();
    await seed(h.client, "taskoverflow", "s", numberedEvents(1, BASE, 1));
    const client = createLogsClient({ endpointUrl: h.server.url }, ENV);
    const request = { query: "fields @message", logGroupNames: ["taskoverflw"], start: BASE, end: BASE + 1000 };
    const error = await caught(() => callAws(() => runCloudWatchQuery(client, request, FAST), { client, logGroups: request.logGroupNames }));
    expect(error.message).toBe('log group "taskoverflw" does not exist in this account and region');
    expect(error.hint).toContain('Did you mean "taskoverflow"?');
  });

  test("MalformedQuery prints the query with a caret at AWS's offsets", async () => {
    h = await startHarness();
    await seed(h.client, "app", "s", numberedEvents(1, BASE, 1));
    const client = createLogsClient({ endpointUrl: h.server.url }, ENV);
    const query = "fields @message\n| filtr x = 1";
    const error = await caught(() =>
      callAws(() => runCloudWatchQuery(client, { query, logGroupNames: ["app"], start: BASE, end: BASE + 1000 }, FAST), { client, query }),
    );
    expect(error.message).toMatch(/^CloudWatch rejected the query/);
    const lines = error.message.split("\n");
    const at = lines.indexOf("  | filtr x = 1");
    expect(lines[at + 1]).toBe("    ^^^^^");
  });

  test("expired session credentials: the Learner Lab hint", async () => {
    const url = await answerWith(400, "ExpiredTokenException", "The security token included in the request is expired");
    const error = await caught(() => describeGroups(url));
    expect(error.message).toBe("the AWS session credentials have expired");
    expect(error.hint).toMatch(/Learner Lab/);
  });

  test("credentials AWS does not recognise", async () => {
    const url = await answerWith(400, "UnrecognizedClientException", "The security token included in the request is invalid.");
    const error = await caught(() => describeGroups(url));
    expect(error.message).toMatch(/rejected the credentials \(UnrecognizedClientException\)/);
  });

  test("an invalid filter pattern points at --filter-pattern", async () => {
    const url = await answerWith(400, "InvalidParameterException", "Invalid filter pattern: unbalanced brackets.");
    expect((await caught(() => describeGroups(url))).hint).toMatch(/^Check --filter-pattern/);
  });

  test("another invalid parameter points at the range and the groups", async () => {
    const url = await answerWith(400, "InvalidParameterException", "1 validation error detected: startTime");
    expect((await caught(() => describeGroups(url))).hint).toMatch(/time range/);
  });

  test("AccessDenied says which permission is missing", async () => {
    const url = await answerWith(
      400,
      "AccessDeniedException",
      "User: arn:aws:sts::123456789012:assumed-role/voclabs/user is not authorized to perform: logs:DescribeLogGroups on resource: arn:aws:logs:us-east-1:123456789012:log-group::log-stream:",
    );
    const error = await caught(() => describeGroups(url));
    expect(error.message).toBe("access denied: the credentials lack logs:DescribeLogGroups");
  });

  test("no credentials anywhere", async () => {
    h = await startHarness();
    for (const name of ["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_PROFILE", "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "AWS_CONTAINER_CREDENTIALS_FULL_URI", "AWS_WEB_IDENTITY_TOKEN_FILE"]) {
      vi.stubEnv(name, undefined);
    }
    vi.stubEnv("AWS_SHARED_CREDENTIALS_FILE", "/nonexistent/tolog-test-credentials");
    vi.stubEnv("AWS_CONFIG_FILE", "/nonexistent/tolog-test-config");
    vi.stubEnv("AWS_EC2_METADATA_DISABLED", "true");
    const client = createLogsClient({ endpointUrl: h.server.url, region: "us-east-1" }, {});
    const error = await caught(() => callAws(() => client.send(new DescribeLogGroupsCommand({})), {}));
    expect(error.message).toBe("no AWS credentials found");
    expect(error.hint).toMatch(/--profile/);
  });

  test("a --profile that no credentials or config file has is named, with how to add it", async () => {
    h = await startHarness();
    for (const name of ["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_PROFILE"]) vi.stubEnv(name, undefined);
    vi.stubEnv("AWS_SHARED_CREDENTIALS_FILE", "/nonexistent/tolog-test-credentials");
    vi.stubEnv("AWS_CONFIG_FILE", "/nonexistent/tolog-test-config");
    vi.stubEnv("AWS_EC2_METADATA_DISABLED", "true");
    const client = createLogsClient({ endpointUrl: h.server.url, region: "us-east-1", profile: "lab" }, {});
    const error = await caught(() => callAws(() => client.send(new DescribeLogGroupsCommand({})), {}));
    expect(error.message).toBe('no AWS credentials for the profile "lab"');
    expect(error.hint).toMatch(/aws configure list-profiles/);
    expect(error.hint).not.toMatch(/or pass --profile NAME/);
  });

  test("no region", async () => {
    vi.stubEnv("AWS_REGION", undefined);
    vi.stubEnv("AWS_DEFAULT_REGION", undefined);
    vi.stubEnv("AWS_CONFIG_FILE", "/nonexistent/tolog-test-config");
    const client = createLogsClient({}, { AWS_ACCESS_KEY_ID: "test", AWS_SECRET_ACCESS_KEY: "test" });
    const error = await caught(() => callAws(() => client.send(new DescribeLogGroupsCommand({})), {}));
    expect(error.message).toBe("no AWS region given");
  });

  test("an endpoint that is not there", async () => {
    const url = await answerWith(400, "X", "x");
    await new Promise((resolve) => responder!.close(resolve));
    responder = undefined;
    const error = await caught(() => describeGroups(url));
    expect(error.message).toBe(`cannot reach CloudWatch Logs at ${new URL(url).host}: the connection was refused (nothing listens there) (ECONNREFUSED).`);
    expect((error as { hint?: string }).hint).toMatch(/--endpoint-url/);
  });
});
