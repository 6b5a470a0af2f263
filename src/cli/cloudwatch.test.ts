import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { readFileSync } from "node:fs";
import { afterEach, describe, expect, test } from "vitest";
import { runTolog } from "./test-helpers/run-tolog.js";
import { startHarness, type Harness } from "../serve/test-support.js";
import { EXIT } from "../shared/exit-codes.js";
import { numberedEvents, seed } from "../cloudwatch/testing/seed.js";

const ENV = { AWS_ACCESS_KEY_ID: "test", AWS_SECRET_ACCESS_KEY: "test", AWS_REGION: "us-east-1" };
const BASE = Math.floor((Date.now() - 30 * 60_000) / 1000) * 1000;

let h: Harness;
const dirs: string[] = [];
afterEach(async () => {
  await h?.close();
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "tolog-cw-cli-"));
  dirs.push(dir);
  return dir;
}

const tolog = (args: string[]) => runTolog([...args, "--endpoint-url", h.server.url], { env: ENV });
const range = (start: number, end: number) => ["--start", String(start), "--end", String(end)];

describe("tolog query --log-group", () => {
  test("runs on the endpoint; a prefix glob is resolved and its match count shown", async () => {
    h = await startHarness();
    await seed(h.client, "app-a", "s", numberedEvents(3, BASE, 1000));
    await seed(h.client, "app-b", "s", numberedEvents(2, BASE + 10_000, 1000));
    await seed(h.client, "other", "s", numberedEvents(5, BASE, 1000));
    const out = await tolog(["query", "fields n | sort @timestamp asc", "--log-group", "app*", ...range(BASE - 1000, BASE + 60_000), "--format", "json"]);
    expect(out.stderr).toContain("--log-group app*: 2 log groups matched");
    expect(out.code).toBe(0);
    expect(out.stdout).toMatch(/"n"/);
    const rows = JSON.parse(out.stdout) as { rows?: Array<{ n: string }> } | Array<{ n: string }>;
    expect((Array.isArray(rows) ? rows : rows.rows ?? []).map((r) => r.n)).toEqual(["0", "1", "2", "0", "1"]);
  });

  test("a query with a typo is rejected locally: nothing is sent", async () => {
    h = await startHarness();
    await seed(h.client, "app", "s", numberedEvents(1, BASE, 1000));
    const out = await tolog(["query", "fields n | filtr n = 1", "--log-group", "app"]);
    expect(out.code).toBe(1);
    expect(out.stderr).toContain("TL201");
    expect(h.server.requests.filter((r) => r.operation === "StartQuery")).toHaveLength(0);
  });

  test("a bin() over its unit's cap runs as CloudWatch runs it, and is noted on stderr first", async () => {
    h = await startHarness();
    await seed(h.client, "app", "s", numberedEvents(3, BASE, 1000));
    const out = await tolog(["query", "stats count(*) by bin(300s)", "--log-group", "app", ...range(BASE - 1000, BASE + 60_000), "--format", "csv"]);
    expect(out.code).toBe(0);
    expect(out.stderr).toMatch(/^warning\[TL801\]: bin\(300s\) is bin\(60s\): CloudWatch caps a period in seconds at 60\n/);
    expect(out.stderr).toContain("= help: write bin(5m) for 300 seconds");
    expect(h.server.requests.filter((r) => r.operation === "StartQuery")).toHaveLength(1);
  });

  test("--max-gb: stopped on AWS with its own exit code", async () => {
    h = await startHarness({ inject: { queryTimeMs: 3000 } });
    await seed(h.client, "app", "s", numberedEvents(25_000, BASE, 10));
    const out = await tolog(["query", "fields n", "--log-group", "app", ...range(BASE - 1000, BASE + 600_000), "--max-gb", "0.000001"]);
    expect(out.code).toBe(EXIT.budgetExceeded);
    expect(out.stderr).toMatch(/passed its budget \(--max-gb 0\.000001, counted as CloudWatch bills: GB of 1024\^3 bytes\)/);
    expect(h.server.requests.filter((r) => r.operation === "StopQuery")).toHaveLength(1);
  });

  test("an unknown log group: exit 1 with similar names", async () => {
    h = await startHarness();
    await seed(h.client, "taskoverflow", "s", numberedEvents(1, BASE, 1000));
    const out = await tolog(["query", "fields n", "--log-group", "taskoverflw"]);
    expect(out.code).toBe(1);
    expect(out.stderr).toContain('Did you mean "taskoverflow"?');
  });
});

describe("tolog queries push / pull", () => {
  test("push creates, then is idempotent; pull writes the same files back", async () => {
    h = await startHarness();
    const local = await tempDir();
    await writeFile(
      join(local, "errors.insights"),
      '# description: Errors of a level\n# param level = error: The level\n# log-group: /app/api\nfields @timestamp, @message\n| filter level = {{level}}\n',
    );
    const first = await tolog(["queries", "push", "--queries-dir", local]);
    expect(first.code).toBe(0);
    expect(first.stdout).toContain("+ tolog/errors");
    const again = await tolog(["queries", "push", "--queries-dir", local]);
    expect(again.stdout).not.toContain("tolog/errors");
    expect(again.stderr).toMatch(/0 created, 0 updated, [1-9]\d* unchanged/);

    const pulled = await tempDir();
    const pull = await tolog(["queries", "pull", "--queries-dir", pulled]);
    expect(pull.code).toBe(0);
    const text = await readFile(join(pulled, "errors.insights"), "utf8");
    expect(text).toBe(await readFile(join(local, "errors.insights"), "utf8"));
    const repeat = await tolog(["queries", "pull", "--queries-dir", pulled]);
    expect(repeat.stdout).toBe("");

    await writeFile(join(local, "errors.insights"), text.replace("level = {{level}}", "level = {{level}} | limit 5"));
    const dry = await tolog(["queries", "push", "--queries-dir", local, "--dry-run"]);
    expect(dry.stdout).toContain("~ tolog/errors");
    expect(dry.stdout).toContain("  + | filter level = {{level}} | limit 5");
    expect((await tolog(["queries", "pull", "--queries-dir", pulled, "--dry-run"])).stdout).toBe("");
  });

  test("push refuses what queries check fails, naming every bad file with check's messages, and sends nothing", async () => {
    h = await startHarness();
    const local = await tempDir();
    await writeFile(join(local, "good.insights"), "# description: Fine.\nfields @message\n");
    await writeFile(join(local, "nohdr.insights"), "no header at all\n");
    await writeFile(join(local, "syn.insights"), "# description: s\nfilter a = | stats\n");
    for (const dry of [["--dry-run"], []]) {
      const out = await tolog(["queries", "push", "--queries-dir", local, ...dry]);
      expect(out.code).toBe(1);
      expect(out.stdout).toBe("");
      expect(out.stderr).toContain("FAILED  nohdr");
      expect(out.stderr).toContain("no `# description:` line");
      expect(out.stderr).toContain("FAILED  syn");
      expect(out.stderr).toContain("error[TL203]");
      expect(out.stderr).toContain("error: 2 saved queries fail `tolog queries check`: nohdr, syn; nothing was pushed.");
    }
    expect(h.server.requests.filter((r) => r.operation === "PutQueryDefinition")).toHaveLength(0);
  });
});

describe("tolog query's row cap on CloudWatch, as offline", () => {
  test("past the cap: the first rows, the warning and truncated in JSON, from one query and no time slices", async () => {
    h = await startHarness();
    await seed(h.client, "app", "s", numberedEvents(10_050, BASE, 10));
    const window = range(BASE - 1000, BASE + 600_000);
    const out = await tolog(["query", "fields n", "--log-group", "app", ...window, "--format", "json"]);
    expect(out.code, out.stderr).toBe(0);
    const document = JSON.parse(out.stdout) as { rows: unknown[]; truncated?: unknown };
    expect(document.rows).toHaveLength(10_000);
    expect(document.truncated).toEqual({ rowCap: 10_000, raiseWith: "--limit", maxLimit: 100_000 });
    expect(out.stderr).toMatch(/warning: only the first 10,000 rows are shown: more rows matched than the row cap lets through/);
    expect(out.stderr).not.toMatch(/time slices/);
    expect(h.server.requests.filter((r) => r.operation === "StartQuery")).toHaveLength(1);

    const five = await tolog(["query", "fields n", "--log-group", "app", ...window, "--limit", "5", "--format", "csv"]);
    expect(five.stdout.trim().split("\r\n")).toHaveLength(6);
    expect(five.stderr).toMatch(/warning: only the first 5 rows are shown/);
    const all = await tolog(["query", "fields n", "--log-group", "app", ...window, "--limit", "20000", "--format", "csv"]);
    expect(all.stdout.trim().split("\r\n")).toHaveLength(10_051);
    expect(all.stderr).not.toMatch(/warning/);
    // A query's own limit is the query's answer, not a cut: no warning, and past 10,000 it holds.
    for (const [query, rows] of [["fields n | limit 10000", 10_000], ["fields n | limit 20000", 10_050], ["stats count(*) by n % 2", 2]] as const) {
      const own = await tolog(["query", query, "--log-group", "app", ...window, "--format", "csv", ...(rows === 2 ? ["--limit", "2"] : [])]);
      expect(own.stdout.trim().split("\r\n"), query).toHaveLength(rows + 1);
      expect(own.stderr, query).not.toMatch(/warning/);
    }
  });
});

describe("the same window on CloudWatch and offline", () => {
  test("--start and --end inside a second cover whole seconds on both paths, as StartQuery takes them", async () => {
    h = await startHarness();
    await seed(h.client, "app", "s", numberedEvents(40, BASE, 100));
    const out = await tempDir();
    expect((await tolog(["pull", "--log-group", "app", ...range(BASE - 1000, BASE + 60_000), "--out", out])).code).toBe(0);
    const window = range(BASE + 1250, BASE + 2250);
    const query = ["query", "stats count(*) as n, min(n) as first, max(n) as last", ...window, "--format", "csv"];
    const cloud = await tolog([...query, "--log-group", "app"]);
    const offline = await runTolog([...query, "--logs", out], { env: ENV });
    expect(cloud.stdout).toBe("n,first,last\r\n20,10,29\r\n");
    expect(offline.stdout).toBe(cloud.stdout);
  });
});

describe("tolog pull on an 80-column terminal", () => {
  test("its summary and next command fit, the command continued with a backslash; one stream is one stream", async () => {
    h = await startHarness();
    await seed(h.client, "app", "s", numberedEvents(3, BASE, 1000));
    const out = join(await tempDir(), "a-directory-with-a-rather-long-name-for-pulled-logs");
    const pulled = await runTolog(["pull", "--log-group", "app", ...range(BASE - 1000, BASE + 60_000), "--out", out, "--endpoint-url", h.server.url], {
      env: { ...ENV, NO_COLOR: "1" },
      isTTY: true,
      columns: 80,
    });
    expect(pulled.code, pulled.stderr).toBe(0);
    // What the screen shows: a progress line is cleared (ESC [2K) before what follows it.
    const screen = pulled.stderr.split("\n").map((line) => line.split("\x1b[2K").at(-1)!);
    for (const line of screen) expect(line.length, line).toBeLessThanOrEqual(80);
    const text = screen.join("\n");
    expect(text).toMatch(/pulled 3 events \(.*\) from 1 stream in 1 page/);
    expect(text).toMatch(/^next \(offline, free\): npx tolog query 'stats count\(\*\) by bin\(5m\)' .*\\$/m);
  });
});

describe("tolog pull's progress bar", () => {
  test("measures the pull against the group's events, not the window: events of a few minutes in a window of 12 hours reach the bar's end", async () => {
    h = await startHarness();
    // About 3 MB: three pages of at most 1 MB each, over four minutes.
    const padding = "x".repeat(100);
    const events = Array.from({ length: 24_000 }, (_, n) => ({ timestamp: BASE + n * 10, message: JSON.stringify({ n, padding }) }));
    await seed(h.client, "app", "s", events);
    const out = await tempDir();
    const hours = 6 * 3_600_000;
    const pulled = await runTolog(["pull", "--log-group", "app", ...range(BASE - hours, BASE + hours), "--out", out, "--endpoint-url", h.server.url], {
      env: { ...ENV, NO_COLOR: "1" },
      isTTY: true,
      columns: 80,
    });
    expect(pulled.code, pulled.stderr).toBe(0);
    const shown = [...pulled.stderr.matchAll(/\] (\d+)% {2}([\d,]+) events/g)].map((m) => Number(m[1]));
    expect(shown.length, pulled.stderr).toBeGreaterThanOrEqual(2);
    for (let i = 1; i < shown.length; i++) expect(shown[i], JSON.stringify(shown)).toBeGreaterThanOrEqual(shown[i - 1]);
    // The last page is drawn near the end; before it, each page moved the bar.
    expect(shown.at(-1), JSON.stringify(shown)).toBeGreaterThanOrEqual(95);
    expect(shown[0], JSON.stringify(shown)).toBeLessThan(60);
  });
});

describe("the same answers on CloudWatch and on pulled files", () => {
  test("trace, slow-queries and races print identical results through --log-group and --logs", async () => {
    const lines = gunzipSync(readFileSync(new URL("../../fixtures/runs/chaos/service.log.jsonl.gz", import.meta.url)))
      .toString("utf8")
      .split("\n")
      .filter((l) => l.trim() !== "")
      .slice(0, 3000);
    const events = lines.map((message) => ({ timestamp: Date.parse((JSON.parse(message) as { timestamp: string }).timestamp), message }));
    const start = events[0].timestamp;
    const end = events[events.length - 1].timestamp;
    h = await startHarness({ now: () => end + 60_000 });
    await seed(h.client, "taskoverflow", "vm", events);
    const out = await tempDir();
    const when = range(start - 1000, end + 1000);
    const pulled = await tolog(["pull", "--log-group", "taskoverflow", ...when, "--out", out]);
    expect(pulled.code).toBe(0);
    // The saved queries look request ids up: the pulled files are indexed on request_id, and the
    // trace below reads through that index.
    expect(pulled.stderr).toMatch(/indexed request_id, route \(/);
    const requestId = lines.map((l) => (JSON.parse(l) as { request_id?: string }).request_id).find((id) => id !== undefined)!;
    const nowhere = ["slow-queries", "--route", "/no/such/route"];
    for (const command of [["trace", requestId], ["slow-queries"], ["races"], nowhere]) {
      const cloud = await tolog([...command, "--log-group", "taskoverflow", ...when, "--format", "json"]);
      const offline = await runTolog([...command, "--logs", out, ...when, "--format", "json"], { env: ENV });
      expect(cloud.code, cloud.stderr).toBe(0);
      expect(cloud.stdout.length).toBeGreaterThan(10);
      expect(offline.stdout).toBe(cloud.stdout);
    }
    // A route no statement ran on names the routes there are, on CloudWatch as offline.
    expect((JSON.parse((await tolog([...nowhere, "--log-group", "taskoverflow", ...when, "--format", "json"])).stdout) as { routes_seen?: string[] }).routes_seen).toContain("/api/v1/todos");
    // The next step names the log group, the endpoint and the range (whole seconds), so that it runs when pasted.
    const table = await tolog(["slow-queries", "--log-group", "taskoverflow", ...when]);
    const next = /^next: (.*)$/m.exec(table.stdout)?.[1];
    expect(next).toBe(
      `npx tolog trace ${/next: npx tolog trace (\S+)/.exec(table.stdout)?.[1]} --log-group taskoverflow ` +
        `--endpoint-url ${h.server.url} --start ${new Date(Math.floor((start - 1000) / 1000) * 1000).toISOString()} ` +
        `--end ${new Date(Math.floor((end + 1000) / 1000) * 1000).toISOString()}`,
    );
  });
});

describe("network failures are the user's to fix (exit 1), never reported as a bug", () => {
  /** A loopback port that nothing listens on: taken from the kernel, then closed. */
  async function closedPort(): Promise<number> {
    const { createServer } = await import("node:net");
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as { port: number };
    await new Promise<void>((resolve) => server.close(() => resolve()));
    return port;
  }

  const commands = (endpoint: string): string[][] => [
    ["query", "fields @message", "--log-group", "app", "--endpoint-url", endpoint],
    ["trace", "--slowest", "--log-group", "app", "--endpoint-url", endpoint],
    ["pull", "--log-group", "app", "--out", join(tmpdir(), "tolog-never-written"), "--endpoint-url", endpoint],
    ["queries", "pull", "--queries-dir", join(tmpdir(), "tolog-never-written"), "--endpoint-url", endpoint],
  ];

  test("a refused connection names the endpoint and what to check", async () => {
    const port = await closedPort();
    for (const argv of commands(`http://127.0.0.1:${port}`)) {
      const out = await runTolog(argv, { env: ENV });
      expect(out.code, argv.join(" ")).toBe(1);
      expect(out.stderr).toContain(`error: cannot reach CloudWatch Logs at 127.0.0.1:${port}: the connection was refused`);
      expect(out.stderr).toMatch(/help: Check that this machine is online; .*--region .*--endpoint-url/);
      expect(out.stderr).not.toMatch(/bug/);
    }
  });

  test("a name that does not resolve (DNS) names the host", async () => {
    const out = await runTolog(commands("http://logs.tolog-test.invalid:4588")[0], { env: ENV });
    expect(out.code).toBe(1);
    expect(out.stderr).toContain("error: cannot reach CloudWatch Logs at logs.tolog-test.invalid: its name does not resolve (DNS) (ENOTFOUND).");
    const proxied = await runTolog(commands("http://logs.tolog-test.invalid:4588")[0], { env: { ...ENV, HTTPS_PROXY: "http://127.0.0.1:3128" } });
    expect(proxied.stderr).toContain("a proxy is set (HTTPS_PROXY)");
  });
});

describe("tolog compare --log-group", () => {
  /** Requests of `ms` each on GET /api/v1/todos, a second apart, as TaskOverflow logs them. */
  const run = (start: number, ms: number) =>
    Array.from({ length: 5 }, (_, i) => {
      const at = start + i * 1000;
      const base = { request_id: `r${start}-${i}`, method: "GET", url: "/api/v1/todos", route: "/api/v1/todos", location: "requests" };
      return [
        { timestamp: at, message: JSON.stringify({ ...base, timestamp: new Date(at).toISOString(), event: "request_started", message: "request started" }) },
        { timestamp: at + ms, message: JSON.stringify({ ...base, timestamp: new Date(at + ms).toISOString(), event: "request_finished", status: 200, duration_ms: ms, message: "done" }) },
      ];
    }).flat();

  test("compares two log groups, one run each, as two --logs", async () => {
    h = await startHarness();
    await seed(h.client, "run-1", "s", run(BASE, 400));
    await seed(h.client, "run-2", "s", run(BASE + 60_000, 100));
    const out = await tolog(["compare", "--log-group", "run-1", "--log-group", "run-2", ...range(BASE - 1000, BASE + 120_000), "--format", "json"]);
    expect(out.stderr).not.toMatch(/error/);
    expect(out.code).toBe(0);
    const json = JSON.stringify(JSON.parse(out.stdout));
    expect(json).toContain('"run-1"');
    expect(json).toContain('"run-2"');
  });

  test("refuses one side local and the other on CloudWatch, saying how to compare them", async () => {
    h = await startHarness();
    const out = await tolog(["compare", "--logs", "fixtures/runs/corrected", "--log-group", "run-1"]);
    expect(out.code).toBe(2);
    expect(out.stderr).toMatch(/both sides from local files \(--logs\) or both from CloudWatch/);
  });
});
