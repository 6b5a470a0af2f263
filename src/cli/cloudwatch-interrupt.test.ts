import { execFile, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterEach, beforeAll, expect, test } from "vitest";
import { startHarness, type Harness } from "../serve/test-support.js";
import { EXIT } from "../shared/exit-codes.js";
import { numberedEvents, seed } from "../cloudwatch/testing/seed.js";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const BASE = Math.floor((Date.now() - 30 * 60_000) / 1000) * 1000;

let h: Harness;
afterEach(async () => h?.close());

// The binary runs the compiled CLI: build it from the current sources first.
beforeAll(async () => {
  await promisify(execFile)(process.execPath, ["node_modules/typescript/bin/tsc", "-p", "tsconfig.build.json"], { cwd: ROOT }).catch(
    (error: { stdout?: string }) => {
      // Type errors elsewhere in the tree still emit JavaScript; only a missing entry point is fatal.
      if (!/error TS/.test(error.stdout ?? "")) throw error;
    },
  );
}, 300_000);

test("Ctrl-C (SIGINT) stops the running query on AWS and exits 130", async () => {
  h = await startHarness({ inject: { queryTimeMs: 120_000 } });
  await seed(h.client, "app", "s", numberedEvents(20, BASE, 1000));
  const child = spawn(
    process.execPath,
    ["bin/tolog.js", "query", "fields n", "--log-group", "app", "--endpoint-url", h.server.url, "--start", String(BASE - 1000), "--end", String(BASE + 60_000)],
    { cwd: ROOT, env: { PATH: process.env.PATH, AWS_ACCESS_KEY_ID: "test", AWS_SECRET_ACCESS_KEY: "test", AWS_REGION: "us-east-1" }, stdio: ["ignore", "pipe", "pipe"] },
  );
  let stderr = "";
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  // Bounded wait for the query to be polled (it stays Running for two minutes).
  for (let i = 0; i < 600 && !h.server.requests.some((r) => r.operation === "GetQueryResults"); i++) {
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  expect(h.server.requests.some((r) => r.operation === "GetQueryResults")).toBe(true);
  child.kill("SIGINT");
  expect(await exited).toBe(EXIT.interrupted);
  expect(h.server.requests.filter((r) => r.operation === "StopQuery").map((r) => r.status)).toEqual([200]);
  expect(stderr).toContain("interrupted: the query was stopped on CloudWatch");
}, 60_000);
