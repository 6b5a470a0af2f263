import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, test } from "vitest";
import { startHarness, type Harness } from "../../serve/test-support.js";
import { numberedEvents, seed } from "../../cloudwatch/testing/seed.js";
import { runTolog } from "../test-helpers/run-tolog.js";

const dirs: string[] = [];
let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

type Rows = { rows: Array<Record<string, string>> };

describe("tolog record <ptr>", () => {
  test("the @ptr of a local query row gives back every field of that event", async () => {
    const dir = await mkdtemp(join(tmpdir(), "tolog-record-"));
    dirs.push(dir);
    const lines = [
      { timestamp: "2026-11-21T10:00:00.000Z", event: "request_started", request_id: "a" },
      { timestamp: "2026-11-21T10:00:00.250Z", event: "request_finished", request_id: "a", status: 201, route: "/api/v1/todos" },
    ];
    await writeFile(join(dir, "app.log"), lines.map((line) => JSON.stringify(line)).join("\n") + "\n");
    const query = await runTolog(["query", 'filter event = "request_finished" | fields status', "--logs", dir, "--format", "json"]);
    const ptr = (JSON.parse(query.stdout) as Rows).rows[0]["@ptr"];

    const out = await runTolog(["record", ptr, "--logs", dir, "--format", "json"]);
    expect(out.code).toBe(0);
    expect(JSON.parse(out.stdout)).toEqual({
      logRecord: {
        "@timestamp": String(Date.parse(lines[1].timestamp)),
        "@ingestionTime": String(Date.parse(lines[1].timestamp)),
        "@log": expect.stringMatching(/^\d{12}:/),
        "@logStream": "app",
        "@message": JSON.stringify(lines[1]),
        timestamp: lines[1].timestamp,
        event: "request_finished",
        request_id: "a",
        status: "201",
        route: "/api/v1/todos",
        "@ptr": ptr,
      },
    });

    const table = await runTolog(["record", ptr, "--logs", dir]);
    expect(table.stdout).toMatch(/│ status\s+│ 201\s+│/);
  });

  test("an unknown pointer is a user error naming it", async () => {
    const dir = await mkdtemp(join(tmpdir(), "tolog-record-"));
    dirs.push(dir);
    await writeFile(join(dir, "app.log"), '{"msg":"x"}\n');
    const out = await runTolog(["record", "nonsense", "--logs", dir]);
    expect(out.code).toBe(1);
    expect(out.stderr).toContain('No event has the @ptr "nonsense"');
  });

  test("on CloudWatch (tolog serve) it calls GetLogRecord", async () => {
    h = await startHarness();
    const base = Math.floor((Date.now() - 10 * 60_000) / 1000) * 1000;
    await seed(h.client, "app", "s", numberedEvents(3, base, 1000));
    const env = { AWS_ACCESS_KEY_ID: "test", AWS_SECRET_ACCESS_KEY: "test", AWS_REGION: "us-east-1" };
    const cw = (args: string[]) => runTolog([...args, "--log-group", "app", "--endpoint-url", h!.server.url], { env });
    const query = await cw(["query", "fields n | filter n = 1", "--start", String(base - 1000), "--end", String(base + 60_000), "--format", "json"]);
    const ptr = (JSON.parse(query.stdout) as Rows).rows[0]["@ptr"];
    const out = await cw(["record", ptr, "--format", "json"]);
    expect(out.code).toBe(0);
    expect(JSON.parse(out.stdout).logRecord).toMatchObject({ n: "1", "@logStream": "s", "@ptr": ptr });
    expect(h.server.requests.map((r) => r.operation)).toContain("GetLogRecord");
  });
});
