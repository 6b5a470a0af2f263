import { describe, expect, it } from "vitest";
import { runCli } from "../test-helpers/run-analysis-cli.js";
import { runTolog } from "../test-helpers/run-tolog.js";

const LOGS = "fixtures/course-practical/single-quote-bug";

describe("tolog trace", () => {
  it("exits 3 with a hint when no event carries the id", async () => {
    const { exitCode, stdout, stderr } = await runCli(["trace", "0000-no-such-request", "--logs", LOGS]);
    expect(exitCode).toBe(3);
    expect(stdout).toBe("");
    expect(stderr).toMatch(/No events for request 0000-no-such-request/);
    expect(stderr).toMatch(/time range.*--logs.*format/s);
  });

  it("rejects an id that could change the query before running anything", async () => {
    const { exitCode, stderr } = await runCli(["trace", 'x" or request_id like "', "--logs", LOGS]);
    expect(exitCode).toBe(2);
    expect(stderr).toMatch(/is not a request id/);
  });

  it("traces the slowest request as JSON", async () => {
    const { exitCode, stdout } = await runCli(["trace", "--slowest", "--logs", LOGS, "--format", "json"]);
    expect(exitCode).toBe(0);
    const json = JSON.parse(stdout);
    expect(Object.keys(json)).toEqual(["request_id", "summary", "events"]);
    expect(json.events.length).toBe(json.summary.events);
    expect(json.events.every((event: { request_id: string }) => event.request_id === json.request_id)).toBe(true);
  });

  it("needs an id or --slowest", async () => {
    expect((await runCli(["trace", "--logs", LOGS])).exitCode).toBe(2);
  });
});

describe("tolog slow-queries", () => {
  it("marks the practical's durations as inferred", async () => {
    const { exitCode, stdout } = await runCli(["slow-queries", "--logs", LOGS, "--format", "json", "--top", "3"]);
    expect(exitCode).toBe(0);
    const json = JSON.parse(stdout);
    expect(json.statements).toHaveLength(3);
    expect(json.statements.every((statement: { inferred: boolean }) => statement.inferred)).toBe(true);
  });

  it("rejects a bin width it cannot read, as a command-line error", async () => {
    const { exitCode, stderr } = await runCli(["slow-queries", "--logs", LOGS, "--by-time", "soon"]);
    expect(exitCode).toBe(2);
    expect(stderr).toMatch(/--by-time "soon"/);
  });
});

describe("tolog races", () => {
  it("prints the table when -i is asked for without a terminal", async () => {
    const { exitCode, stdout, stderr } = await runCli(["races", "--logs", LOGS, "-i"]);
    expect(exitCode).toBe(0);
    expect(stderr).toMatch(/--interactive needs a terminal/);
    expect(stdout).toMatch(/orphaned \(left in the table\)/);
    expect(stdout).toMatch(/no DELETE reached the server/);
  });
});

describe("analysis tables fitted to the terminal (in-process, 80 and 200 columns)", () => {
  const RUNS = "fixtures/runs";
  const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/;
  const run = (argv: string[], columns: number) => runTolog(argv, { isTTY: true, columns, env: { NO_COLOR: "1" } });
  const widest = (text: string) => Math.max(...text.trimEnd().split("\n").filter((line) => /^[┌│├└]/.test(line)).map((line) => [...line].length));
  const cases: [string, string[]][] = [
    ["trace", ["trace", "--slowest", "--logs", `${RUNS}/chaos`]],
    ["slow-queries", ["slow-queries", "--top", "3", "--by-time", "10s", "--logs", `${RUNS}/chaos`]],
    ["races", ["races", "--logs", LOGS]],
  ];

  for (const [name, argv] of cases) {
    it(`${name}: every table line fits 80 columns, and what was left out is named on stderr`, async () => {
      const { code, stdout, stderr } = await run(argv, 80);
      expect(code).toBe(0);
      expect(widest(stdout)).toBeLessThanOrEqual(80);
      if (name !== "races") expect(stderr).toMatch(/left out to fit 80 columns: /);
    });

    it(`${name}: at 200 columns nothing is left out`, async () => {
      const { code, stdout, stderr } = await run(argv, 200);
      expect(code).toBe(0);
      expect(widest(stdout)).toBeLessThanOrEqual(200);
      expect(stderr).not.toMatch(/left out to fit/);
    });
  }

  it("at 80 columns, where the time goes is wrapped, never cut: every line fits and the split reaches its last part", async () => {
    const cases: [string[], RegExp][] = [
      [["trace", "--slowest", "--logs", "fixtures/course-practical/fixed"], /^[\d.]+ ms: DB connection wait not logged/],
      [["latency", "--logs", `${RUNS}/corrected`], /^all routes, summed: /],
      [["latency", "--logs", "fixtures/course-practical/fixed"], /^all routes, summed: /],
    ];
    for (const [argv, start] of cases) {
      const { code, stdout } = await run(argv, 80);
      expect(code).toBe(0);
      const lines = stdout.split("\n");
      // (a command to paste stays whole)
      expect(Math.max(...lines.filter((line) => !line.startsWith("next: ")).map((line) => [...line].length)), stdout).toBeLessThanOrEqual(80);
      // only table cells and the list of log streams may be cut
      expect(lines.filter((line) => line.includes("…") && !/^[┌│├└]|^instance /.test(line)), stdout).toEqual([]);
      const first = lines.findIndex((line) => start.test(line));
      expect(first, stdout).toBeGreaterThanOrEqual(0);
      // the sentence goes on over indented lines to its last part, "... other"
      const sentence = [lines[first], ...lines.slice(first + 1).filter((_, i, rest) => rest.slice(0, i + 1).every((line) => line.startsWith("  ")))].join(" ");
      expect(sentence, stdout).toMatch(/ other/);
    }
  });

  it("at 80 columns, compare's headline (before -> after) is wrapped, never cut", async () => {
    const { code, stdout } = await run(["compare", "--logs", `${RUNS}/course-bugs`, "--logs", `${RUNS}/corrected`], 80);
    expect(code).toBe(0);
    const lines = stdout.split("\n");
    expect(Math.max(...lines.filter((line) => !line.startsWith("next: ")).map((line) => [...line].length)), stdout).toBeLessThanOrEqual(80);
    expect(lines.filter((line) => line.includes("…") && !/^[┌│├└]/.test(line)), stdout).toEqual([]);
    expect(stdout.replace(/\s+/g, " ")).toContain("orphaned todos: 340 of 340 created (no DELETE reached the server) -> 10 of 297 created (no DELETE reached the server)");
  });

  it("keeps ids and numbers whole and right-aligns the numbers", async () => {
    const races = await run(["races", "--logs", LOGS], 80);
    expect(races.stdout).toMatch(new RegExp(`│ +20 │ ${UUID.source} │`));
    const slow = await run(["slow-queries", "--top", "3", "--logs", `${RUNS}/chaos`], 200);
    expect(slow.stdout).toMatch(new RegExp(`│ +7718 │ +3m 30s │ .* │ ${UUID.source} │`));
  });
});

describe("analyses take every format and --limit", () => {
  it("TOLOG_FORMAT=csv gives the main table as CSV (one row per statement)", async () => {
    const { code, stdout } = await runTolog(["slow-queries", "--logs", LOGS, "--top", "3"], { env: { TOLOG_FORMAT: "csv" } });
    expect(code).toBe(0);
    const lines = stdout.trimEnd().split("\r\n");
    expect(lines[0]).toBe("sql,calls,total_ms,avg_ms,p50_ms,p95_ms,max_ms,pool_wait_total_ms,pool_wait_avg_ms,pool_wait_p95_ms,pool_wait_max_ms,without_pool_wait,rows_avg,share,slowest_request_id,inferred");
    expect(lines).toHaveLength(4);
  });

  it("ndjson: one event per line, numbers as numbers (as the analysis' JSON has them); --limit cuts the rows and says so", async () => {
    const all = await runTolog(["trace", "--slowest", "--logs", LOGS, "--format", "ndjson"]);
    const events = all.stdout.trimEnd().split("\n").map((line) => JSON.parse(line));
    expect(events.length).toBeGreaterThan(2);
    expect(typeof events[1].offset_ms).toBe("number");
    const two = await runTolog(["trace", "--slowest", "--logs", LOGS, "--format", "ndjson", "--limit", "2"]);
    expect(two.stdout.trimEnd().split("\n")).toHaveLength(2);
    expect(two.stderr).toContain(`showing the first 2 of ${events.length} events (--limit 2)`);
  });

  it("races as CSV: one row per todo, lists as JSON text; --limit applies to json too", async () => {
    const csv = await runTolog(["races", "--logs", LOGS, "--format", "csv", "--limit", "5"]);
    expect(csv.code).toBe(0);
    const lines = csv.stdout.trimEnd().split("\r\n");
    expect(lines[0].split(",").slice(0, 4)).toEqual(["todo_id", "title", "created_at", "create_request_id"]);
    expect(lines).toHaveLength(6);
    const json = JSON.parse((await runTolog(["races", "--logs", LOGS, "--format", "json", "--limit", "3"])).stdout);
    expect(json.todos).toHaveLength(3);
    expect(json.summary.created).toBe(20);
  });

  it("--interactive with a format for scripts is a command-line error", async () => {
    expect((await runTolog(["races", "--logs", LOGS, "-i", "--format", "csv"])).code).toBe(2);
    expect((await runTolog(["races", "--logs", LOGS, "--limit", "0"])).code).toBe(2);
  });
});

describe("analyses' edges, as a user meets them", () => {
  const RUNS = ["--logs", "fixtures/runs/corrected", "--logs", "fixtures/runs/chaos"];

  it("a --by-time too narrow for the data's span is a user error naming the bin, for latency and slow-queries", async () => {
    for (const command of ["latency", "slow-queries"]) {
      const { code, stderr } = await runTolog([command, "--by-time", "1ms", ...RUNS]);
      expect(code, command).toBe(1);
      expect(stderr, command).toMatch(/--by-time 1ms over the data found makes [\d,]+ bins, more than 100,000/);
    }
  });

  it("an empty range prints the csv header alone where the columns are known without rows, and no ndjson line", async () => {
    const EMPTY = ["--start", "2026-11-21T19:00:00Z", "--end", "2026-11-21T19:10:00Z"];
    const header = (csv: string) => csv.slice(0, csv.indexOf("\r\n") + 2);
    const commands = [["latency"], ["slow-queries"], ["races"], ["slow-queries", "--by-time", "1m"], ["compare", "--logs", "fixtures/runs/chaos"]];
    for (const command of commands) {
      const full = await runTolog([...command, "--logs", "fixtures/runs/corrected", "--format", "csv"]);
      const empty = await runTolog([...command, "--logs", "fixtures/runs/corrected", ...EMPTY, "--format", "csv"]);
      expect(empty.code, command.join(" ")).toBe(0);
      expect(header(full.stdout), command.join(" ")).toMatch(/^[a-z_]+,.*\r\n$/);
      expect(empty.stdout, command.join(" ")).toBe(header(full.stdout));
      expect((await runTolog([...command, "--logs", "fixtures/runs/corrected", ...EMPTY, "--format", "ndjson"])).stdout, command.join(" ")).toBe("");
    }
    // Per time bin, latency has a column per route: with no route, the bins' own.
    const full = await runTolog(["latency", "--by-time", "1m", "--logs", "fixtures/runs/corrected", "--format", "csv"]);
    const empty = await runTolog(["latency", "--by-time", "1m", "--logs", "fixtures/runs/corrected", ...EMPTY, "--format", "csv"]);
    expect(empty.stdout).toBe(header(full.stdout).split(/,|\r\n/).filter((column) => column !== "" && !column.includes(":")).join(",") + "\r\n");
  });

  it("slow-queries --route that matches no request says so and names the routes there are, as latency does", async () => {
    const route = ["--route", "/api/v1/todos/7", "--logs", "fixtures/runs/corrected"];
    const text = await runTolog(["slow-queries", ...route]);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/^No request on the route \/api\/v1\/todos\/7 in fixtures\/runs\/corrected; the routes there: \/api\/v1\/health, \/api\/v1\/todos, \/api\/v1\/todos\/:id \(--route takes a template as logged/);
    const json = await runTolog(["slow-queries", ...route, "--format", "json"]);
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toMatchObject({ route: "/api/v1/todos/7", statements: [], routes_seen: ["/api/v1/health", "/api/v1/todos", "/api/v1/todos/:id"] });
    expect(JSON.parse(json.stdout).routes_seen).toEqual(JSON.parse((await runTolog(["latency", ...route, "--format", "json"])).stdout).routes_seen);
    // A route that has statements: no list of others.
    expect(JSON.parse((await runTolog(["slow-queries", "--route", "/api/v1/todos", "--logs", "fixtures/runs/corrected", "--format", "json"])).stdout)).not.toHaveProperty("routes_seen");
  });

  it("latency's next command keeps --route", async () => {
    const { code, stdout } = await runTolog(["latency", "--route", "/api/v1/todos/:id", "--logs", "fixtures/runs/chaos"]);
    expect(code).toBe(0);
    expect(stdout.replace(/\s+\\?\s*/g, " ")).toMatch(/next: (npx )?tolog latency --by-time 10s --route \/api\/v1\/todos\/:id --logs fixtures\/runs\/chaos/);
  });
});
