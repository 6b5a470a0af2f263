import { request } from "node:http";
import {
  DeleteQueryDefinitionCommand,
  DescribeLogGroupsCommand,
  DescribeQueryDefinitionsCommand,
  InvalidParameterException,
  PutQueryDefinitionCommand,
  ResourceNotFoundException,
  ServiceUnavailableException,
  ThrottlingException,
} from "@aws-sdk/client-cloudwatch-logs";
import { afterEach, describe, expect, test } from "vitest";
import { parseFaults } from "./faults.js";
import { clientFor, startHarness, type Harness } from "./test-support.js";

let h: Harness;
afterEach(async () => {
  await h.close();
});

/** A raw AWS JSON 1.1 call, for what the SDK cannot send (unknown targets, broken bodies). */
function raw(url: string, target: string | undefined, body: string, host?: string): Promise<{ status: number; json: Record<string, unknown>; errorType?: string }> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { "content-type": "application/x-amz-json-1.1" };
    if (target) headers["x-amz-target"] = target;
    if (host) headers.host = host;
    const req = request(url, { method: "POST", headers }, (res) => {
      let text = "";
      res.on("data", (chunk: Buffer) => (text += chunk.toString("utf8")));
      res.on("end", () =>
        resolve({
          status: res.statusCode ?? 0,
          json: JSON.parse(text) as Record<string, unknown>,
          errorType: res.headers["x-amzn-errortype"] as string | undefined,
        }),
      );
    });
    req.on("error", reject);
    req.end(body);
  });
}

describe("the protocol", () => {
  test("unknown operations and broken bodies get AWS's errors", async () => {
    h = await startHarness();
    const unknown = await raw(h.server.url, "Logs_20140328.FlyToTheMoon", "{}");
    expect(unknown.status).toBe(400);
    expect(unknown.json.__type).toBe("UnknownOperationException");
    expect(unknown.errorType).toBe("UnknownOperationException");
    expect((await raw(h.server.url, undefined, "{}")).json.__type).toBe("UnknownOperationException");
    expect((await raw(h.server.url, "DynamoDB_20120810.ListTables", "{}")).json.__type).toBe("UnknownOperationException");
    const broken = await raw(h.server.url, "Logs_20140328.DescribeLogGroups", "{not json");
    expect(broken).toMatchObject({ status: 400, json: { __type: "SerializationException" } });
    const wrongType = await raw(h.server.url, "Logs_20140328.CreateLogGroup", '{"logGroupName": 5}');
    expect(wrongType.json.__type).toBe("InvalidParameterException");
    expect(h.server.requests.map((r) => r.operation)).toEqual([
      "FlyToTheMoon",
      "(none)",
      "DynamoDB_20120810.ListTables",
      "DescribeLogGroups",
      "CreateLogGroup",
    ]);
  });

  test("on a loopback address it answers only requests addressed to a loopback name: a page of another site cannot reach it by DNS rebinding", async () => {
    h = await startHarness();
    const port = new URL(h.server.url).port;
    const target = "Logs_20140328.DescribeLogGroups";
    for (const host of [`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`, "localhost", `LocalHost.:${port}`, `api.localhost:${port}`]) {
      expect({ host, status: (await raw(h.server.url, target, "{}", host)).status }).toEqual({ host, status: 200 });
    }
    for (const host of [`evil.example:${port}`, `127.0.0.1.evil.example:${port}`, `192.168.1.5:${port}`]) {
      const answer = await raw(h.server.url, target, "{}", host);
      expect({ host, status: answer.status, errorType: answer.errorType }).toEqual({ host, status: 403, errorType: "AccessDeniedException" });
      expect(answer.json.message).toMatch(/loopback/);
    }
  });

  test("names of Object.prototype members are unknown operations like any other", async () => {
    h = await startHarness();
    for (const name of ["__proto__", "hasOwnProperty", "constructor", "toString", "valueOf", "__defineGetter__", "isPrototypeOf"]) {
      const answer = await raw(h.server.url, `Logs_20140328.${name}`, "{}");
      expect({ name, status: answer.status, type: answer.json.__type }).toEqual({ name, status: 400, type: "UnknownOperationException" });
    }
  });

  test("ARNs use the region the client signed for", async () => {
    h = await startHarness();
    const client = clientFor(h.server.url);
    await raw(h.server.url, "Logs_20140328.CreateLogGroup", '{"logGroupName":"g"}');
    const { logGroups } = await client.send(new DescribeLogGroupsCommand({}));
    expect(logGroups?.[0].arn).toBe("arn:aws:logs:eu-west-1:000000000000:log-group:g:*");
    client.destroy();
  });
});

describe("fault injection", () => {
  test("parses the --inject text and refuses nonsense", () => {
    expect(parseFaults("throttle=0.2,latency=300ms,fail=0.05,query-time=2s")).toEqual({
      throttle: 0.2,
      fail: 0.05,
      latencyMs: 300,
      queryTimeMs: 2000,
    });
    expect(parseFaults("latency=1.5s,seed=7")).toMatchObject({ latencyMs: 1500, seed: 7 });
    expect(() => parseFaults("throttle=2")).toThrow(/between 0 and 1/);
    expect(() => parseFaults("latency=fast")).toThrow(/duration/);
    expect(() => parseFaults("explode=1")).toThrow(/unknown --inject item "explode"/);
  });

  test("throttle=1 answers ThrottlingException; fail=1 answers ServiceUnavailableException (500)", async () => {
    h = await startHarness({ inject: "throttle=1" });
    await expect(h.client.send(new DescribeLogGroupsCommand({}))).rejects.toBeInstanceOf(ThrottlingException);
    await h.close();
    h = await startHarness({ inject: "fail=1" });
    const error = await h.client.send(new DescribeLogGroupsCommand({})).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ServiceUnavailableException);
    expect((error as ServiceUnavailableException).$metadata.httpStatusCode).toBe(500);
  });

  test("with some throttling, the SDK's own retries get through; the log shows both", async () => {
    // With seed 1 the coin flips go: pass, throttle, pass, pass.
    h = await startHarness({ inject: "throttle=0.5,seed=1" });
    const client = clientFor(h.server.url, 3);
    for (let i = 0; i < 2; i++) await client.send(new DescribeLogGroupsCommand({}));
    client.destroy();
    expect(h.server.requests.map((r) => r.error ?? "ok")).toEqual(["ok", "ThrottlingException", "ok"]);
  });
});

describe("query definitions", () => {
  test("put, update, list by prefix with paging, delete; kept over a restart", async () => {
    h = await startHarness();
    const created = await h.client.send(
      new PutQueryDefinitionCommand({
        name: "errors/by-path",
        queryString: "filter level = 'error' | stats count(*) by path",
        logGroupNames: ["/app/api"],
      }),
    );
    const id = created.queryDefinitionId!;
    await h.client.send(new PutQueryDefinitionCommand({ name: "errors/latest", queryString: "filter level = 'error'" }));
    await h.client.send(new PutQueryDefinitionCommand({ name: "slow", queryString: "filter latency > 500" }));

    // An update replaces everything: the omitted log groups are cleared.
    await h.client.send(
      new PutQueryDefinitionCommand({ queryDefinitionId: id, name: "errors/by-path", queryString: "stats count(*) by path" }),
    );
    const errors = await h.client.send(new DescribeQueryDefinitionsCommand({ queryDefinitionNamePrefix: "errors/" }));
    expect(errors.queryDefinitions?.map((d) => d.name)).toEqual(["errors/by-path", "errors/latest"]);
    expect(errors.queryDefinitions?.[0]).toMatchObject({ queryDefinitionId: id, queryString: "stats count(*) by path", logGroupNames: [] });

    const first = await h.client.send(new DescribeQueryDefinitionsCommand({ maxResults: 2 }));
    const second = await h.client.send(new DescribeQueryDefinitionsCommand({ maxResults: 2, nextToken: first.nextToken }));
    expect([...first.queryDefinitions!, ...second.queryDefinitions!].map((d) => d.name)).toEqual([
      "errors/by-path",
      "errors/latest",
      "slow",
    ]);
    expect(second.nextToken).toBeUndefined();

    await h.stop();
    const again = await startHarness({}, h.dir);
    try {
      expect(await again.client.send(new DeleteQueryDefinitionCommand({ queryDefinitionId: id }))).toMatchObject({ success: true });
      await expect(again.client.send(new DeleteQueryDefinitionCommand({ queryDefinitionId: id }))).rejects.toBeInstanceOf(
        ResourceNotFoundException,
      );
      const left = await again.client.send(new DescribeQueryDefinitionsCommand({}));
      expect(left.queryDefinitions?.map((d) => d.name)).toEqual(["errors/latest", "slow"]);
    } finally {
      await again.stop();
    }
  });

  test("client tokens make creation idempotent; updating an unknown id fails", async () => {
    h = await startHarness();
    const token = "7f7c0a34-9d1e-4a3b-9a55-1c3b2d9e8f00";
    const a = await h.client.send(new PutQueryDefinitionCommand({ name: "q", queryString: "fields @message", clientToken: token }));
    const b = await h.client.send(new PutQueryDefinitionCommand({ name: "q", queryString: "fields @message", clientToken: token }));
    expect(b.queryDefinitionId).toBe(a.queryDefinitionId);
    await expect(
      h.client.send(new PutQueryDefinitionCommand({ name: "q", queryString: "fields @message", queryDefinitionId: "nope" })),
    ).rejects.toBeInstanceOf(ResourceNotFoundException);
    await expect(h.client.send(new PutQueryDefinitionCommand({ name: "q", queryString: "" }))).rejects.toBeInstanceOf(
      InvalidParameterException,
    );
  });
});
