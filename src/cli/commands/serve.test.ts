import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CreateLogGroupCommand, DescribeLogGroupsCommand } from "@aws-sdk/client-cloudwatch-logs";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { main } from "../main.js";
import { runServe, ServeProblem } from "../../serve/run.js";
import { clientFor, startHarness } from "../../serve/test-support.js";

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "tolog-serve-run-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

function capture() {
  const printed: string[] = [];
  const info: string[] = [];
  return { printed, info, out: { print: (t: string) => void printed.push(t), info: (t: string) => void info.push(t) } };
}

describe("runServe", () => {
  test("prints the CloudWatch Logs endpoint variable alone, warns that signatures are not checked, serves until told to stop", async () => {
    const { printed, info, out } = capture();
    let stop!: () => void;
    const until = new Promise<void>((resolve) => (stop = resolve));
    const running = runServe({ port: 0, host: "127.0.0.1", dir, inject: "latency=1ms" }, out, until);
    for (let i = 0; i < 200 && !info.some((line) => line.startsWith("Stop with")); i++) await new Promise((resolve) => setTimeout(resolve, 10));
    // The service-wide AWS_ENDPOINT_URL, pasted, would send S3, STS and every other service there too.
    expect(printed).toHaveLength(1);
    expect(printed[0]).toMatch(/^export AWS_ENDPOINT_URL_CLOUDWATCH_LOGS=http:\/\/127\.0\.0\.1:\d+$/);
    expect(info.join("\n")).toMatch(/signatures are NOT checked/);
    expect(info.join("\n")).toMatch(/Injected faults: latency 1ms/);

    const url = printed[0].split("=")[1];
    const client = clientFor(url);
    await client.send(new CreateLogGroupCommand({ logGroupName: "via-cli" }));
    const { logGroups } = await client.send(new DescribeLogGroupsCommand({}));
    expect(logGroups?.map((g) => g.logGroupName)).toEqual(["via-cli"]);
    client.destroy();
    stop();
    await running;
    await expect(fetch(url, { method: "POST" })).rejects.toThrow();
  });

  test("a taken port, a directory in use and bad --inject are user problems with a hint", async () => {
    const other = await startHarness({});
    try {
      const { out } = capture();
      const taken = await runServe({ port: other.server.port, host: "127.0.0.1", dir }, out, Promise.resolve()).catch((e: unknown) => e);
      expect(taken).toBeInstanceOf(ServeProblem);
      expect((taken as ServeProblem).message).toMatch(/already in use/);
      // It let the directory go again.
      const busy = await runServe({ port: 0, host: "127.0.0.1", dir: other.dir }, out, Promise.resolve()).catch((e: unknown) => e);
      expect(busy).toBeInstanceOf(ServeProblem);
      expect((busy as ServeProblem).message).toBe(`${other.dir} is in use by another tolog serve (pid ${process.pid}, since ${(busy as ServeProblem).message.match(/since (.*)\)\.$/)?.[1]}).`);
      expect((busy as ServeProblem).hint).toBe("Stop that endpoint first, or give this one another --dir.");
    } finally {
      await other.close();
    }
    await runServe({ port: 0, host: "127.0.0.1", dir }, capture().out, Promise.resolve());
    const { out } = capture();
    await expect(runServe({ port: 0, host: "127.0.0.1", dir, inject: "chaos=1" }, out, Promise.resolve())).rejects.toThrow(
      /unknown --inject item/,
    );
  });
});

describe("tolog serve on the command line", () => {
  test("is registered, with its options in the help", async () => {
    let stdout = "";
    const io = {
      stdout: { write: (s: string) => (stdout += s) },
      stderr: { write: () => true },
      stdin: process.stdin,
      env: {},
      isTTY: false,
    };
    const code = await main(["serve", "--help"], io);
    expect(code).toBe(0);
    for (const option of ["--port", "--host", "--dir", "--inject", "--max-queries"]) expect(stdout).toContain(option);
  });
});
