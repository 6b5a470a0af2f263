import { execFile } from "node:child_process";
import { access, constants, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { startHarness, type Harness } from "./test-support.js";

/**
 * The AWS CLI v2 against the endpoint. The CLI is found on PATH (Debian's `awscli` package is
 * v2); without a v2 CLI the tests are skipped with a message saying so.
 */
const run = promisify(execFile);

async function findAwsCliV2(): Promise<string | undefined> {
  for (const dir of (process.env.PATH ?? "").split(delimiter)) {
    if (dir === "") continue;
    const candidate = join(dir, "aws");
    try {
      await access(candidate, constants.X_OK);
      const { stdout, stderr } = await run(candidate, ["--version"], { timeout: 20_000 });
      if (/^aws-cli\/2\./.test((stdout || stderr).trim())) return candidate;
    } catch {
      // not there, or not a working CLI: try the next directory
    }
  }
  return undefined;
}

const aws = await findAwsCliV2();
if (!aws) {
  console.warn("Skipping the AWS CLI tests: no AWS CLI v2 (`aws --version` = aws-cli/2.x) on PATH. Install it with: apt-get install -y awscli");
}

describe.skipIf(!aws)("the AWS CLI v2 against tolog serve", () => {
  let h: Harness;
  let scratch: string;
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    h = await startHarness();
    scratch = await mkdtemp(join(tmpdir(), "tolog-aws-cli-"));
    // Dummy credentials; no user config, no instance metadata lookups, no pager.
    env = {
      PATH: process.env.PATH,
      HOME: scratch,
      AWS_ACCESS_KEY_ID: "AKIDTOLOGTEST",
      AWS_SECRET_ACCESS_KEY: "tolog-test-secret",
      AWS_DEFAULT_REGION: "us-east-1",
      AWS_CONFIG_FILE: join(scratch, "config"),
      AWS_SHARED_CREDENTIALS_FILE: join(scratch, "credentials"),
      AWS_EC2_METADATA_DISABLED: "true",
      AWS_PAGER: "",
    };
  });
  afterAll(async () => {
    await h?.close();
    if (scratch) await rm(scratch, { recursive: true, force: true });
  });

  async function cli(...args: string[]): Promise<Record<string, unknown>> {
    const { stdout } = await run(aws!, ["logs", ...args, "--endpoint-url", h.server.url, "--output", "json"], {
      env,
      timeout: 60_000,
    });
    return stdout.trim() === "" ? {} : (JSON.parse(stdout) as Record<string, unknown>);
  }

  test("create-log-group, put-log-events, start-query, get-query-results, filter-log-events", async () => {
    const now = Date.now();
    await cli("create-log-group", "--log-group-name", "/cli/app");
    await cli("create-log-stream", "--log-group-name", "/cli/app", "--log-stream-name", "web-1");
    const events = Array.from({ length: 6 }, (_, i) => ({
      timestamp: now - 60_000 + i,
      message: JSON.stringify({ level: i % 2 === 0 ? "ERROR" : "INFO", i }),
    }));
    const file = join(scratch, "events.json");
    await writeFile(file, JSON.stringify(events));
    const put = await cli("put-log-events", "--log-group-name", "/cli/app", "--log-stream-name", "web-1", "--log-events", `file://${file}`);
    expect(put.rejectedLogEventsInfo).toBeUndefined();

    const started = await cli(
      "start-query",
      "--log-group-name",
      "/cli/app",
      "--start-time",
      String(Math.floor(now / 1000) - 3600),
      "--end-time",
      String(Math.ceil(now / 1000)),
      "--query-string",
      "stats count(*) as n by level | sort level asc",
    );
    const queryId = started.queryId as string;
    expect(queryId).toMatch(/^[0-9a-f-]{36}$/);

    let answer: Record<string, unknown> = {};
    for (let i = 0; i < 30; i++) {
      answer = await cli("get-query-results", "--query-id", queryId);
      if (answer.status === "Complete") break;
    }
    expect(answer.status).toBe("Complete");
    expect(answer.results).toEqual([
      [
        { field: "level", value: "ERROR" },
        { field: "n", value: "3" },
      ],
      [
        { field: "level", value: "INFO" },
        { field: "n", value: "3" },
      ],
    ]);

    const filtered = await cli("filter-log-events", "--log-group-name", "/cli/app", "--filter-pattern", '{ $.level = "ERROR" }');
    expect((filtered.events as { message: string }[]).map((e) => JSON.parse(e.message).i)).toEqual([0, 2, 4]);

    const operations = new Set(h.server.requests.map((r) => r.operation));
    for (const op of ["CreateLogGroup", "PutLogEvents", "StartQuery", "GetQueryResults", "FilterLogEvents"]) {
      expect(operations).toContain(op);
    }
  }, 180_000); // each CLI run starts a Python interpreter: seconds apiece on a busy machine

  test("an AWS error reaches the CLI with its code", async () => {
    const failure = await cli("create-log-group", "--log-group-name", "/cli/app").catch((e: { stderr?: string }) => e);
    expect(String((failure as { stderr?: string }).stderr)).toContain("ResourceAlreadyExistsException");
  }, 60_000);
});
