import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { SAMPLE_LOG, tempDir } from "../test-helpers/log-dir.js";
import { FIXED_RESULT, fakeEngine } from "../test-helpers/fake-engine.js";
import { runTolog } from "../test-helpers/run-tolog.js";

const dir = tempDir({
  "logs/app.jsonl": SAMPLE_LOG,
  "queries/by-request.insights": [
    "# description: Events of one request, oldest first.",
    "# param request_id: The request id.",
    "# param level = info: Only this level.",
    "fields @timestamp, event, request_id",
    "| filter request_id = {{request_id}} and level = {{level}}",
    "| sort @timestamp asc",
    "",
  ].join("\n"),
  "finished.insights": 'filter event = "request_finished" | fields status, duration_ms | sort status asc',
});
afterAll(() => dir.remove());

const logs = ["--logs", `${dir.path}/logs`];

describe("tolog query: formats (fixed result)", () => {
  const run = (...args: string[]) => {
    const engine = fakeEngine(FIXED_RESULT);
    return runTolog(["query", "fields x", ...logs, ...args], { deps: { engine } });
  };

  it("table on stdout, a footer on stderr", async () => {
    const { code, stdout, stderr } = await run();
    expect(code).toBe(0);
    expect(stdout).toMatchInlineSnapshot(`
      "┌─────────────────────────┬──────────────┬────────┬───────────────────┐
      │ @timestamp              │ request_id   │ status │ @message          │
      ├─────────────────────────┼──────────────┼────────┼───────────────────┤
      │ 2026-11-21 10:00:00.020 │ r1           │    200 │ request completed │
      │ 2026-11-21 10:00:01.005 │ r2, "quoted" │        │ line one↵line two │
      └─────────────────────────┴──────────────┴────────┴───────────────────┘
      "
    `);
    expect(stderr).toBe("2 rows · 2 records matched · 4,000 records scanned · 1.2 MB scanned\n");
  });

  it("json", async () => {
    const { code, stdout, stderr } = await run("--format", "json");
    expect(code).toBe(0);
    expect(stderr).toBe("");
    expect(stdout).toMatchInlineSnapshot(`
      "{"status":"Complete","fields":["@timestamp","request_id","status","@message"],"rows":[{"@timestamp":"2026-11-21 10:00:00.020","request_id":"r1","status":"200","@message":"request completed"},{"@timestamp":"2026-11-21 10:00:01.005","request_id":"r2, \\"quoted\\"","@message":"line one\\nline two"}],"statistics":{"recordsScanned":4000,"recordsMatched":2,"bytesScanned":1234567}}
      "
    `);
  });

  it("ndjson", async () => {
    expect((await run("--format", "ndjson")).stdout).toMatchInlineSnapshot(`
      "{"@timestamp":"2026-11-21 10:00:00.020","request_id":"r1","status":"200","@message":"request completed"}
      {"@timestamp":"2026-11-21 10:00:01.005","request_id":"r2, \\"quoted\\"","@message":"line one\\nline two"}
      "
    `);
  });

  it("csv", async () => {
    expect((await run("--format", "csv")).stdout).toMatchInlineSnapshot(`
      "@timestamp,request_id,status,@message
      2026-11-21 10:00:00.020,r1,200,request completed
      2026-11-21 10:00:01.005,"r2, ""quoted""",,"line one
      line two"
      "
    `);
  });

  it("table fitted to a terminal, header coloured unless NO_COLOR", async () => {
    const engine = fakeEngine(FIXED_RESULT);
    const narrow = await runTolog(["query", "fields x", ...logs], { deps: { engine }, isTTY: true, columns: 60, env: { NO_COLOR: "1" } });
    expect(narrow.stdout).toMatchInlineSnapshot(`
      "┌─────────────────────────┬──────────────┬─────────────────┐
      │ @timestamp              │ request_id   │ @message        │
      ├─────────────────────────┼──────────────┼─────────────────┤
      │ 2026-11-21 10:00:00.020 │ r1           │ request comple… │
      │ 2026-11-21 10:00:01.005 │ r2, "quoted" │ line one↵line … │
      └─────────────────────────┴──────────────┴─────────────────┘
      "
    `);
    expect(narrow.stderr).toContain("column left out to fit 60 columns: status");
    const coloured = await runTolog(["query", "fields x", ...logs], { deps: { engine }, isTTY: true, columns: 60 });
    expect(coloured.stdout).toContain("\u001b[1m@timestamp\u001b[22m");
  });

  it("passes the time range and limit to the engine", async () => {
    const engine = fakeEngine(FIXED_RESULT);
    await runTolog(["query", "fields x", ...logs, "--since", "2h30m", "--limit", "7"], { deps: { engine } });
    await runTolog(["query", "fields x", ...logs, "--start", "2026-11-21T10:00:00+01:00", "--end", String(Date.UTC(2026, 10, 21, 11) / 1000)], { deps: { engine } });
    expect(engine.calls.map((c) => c.options)).toEqual([
      { start: Date.UTC(2026, 10, 21, 9, 30), end: Date.UTC(2026, 10, 21, 12) + 999, limit: 7 },
      { start: Date.UTC(2026, 10, 21, 9), end: Date.UTC(2026, 10, 21, 11) + 999, limit: undefined },
    ]);
  });
});

describe("tolog query: end to end on the embedded engine", () => {
  const STATUS_QUERY = 'filter event = "request_finished" | display request_id, status, duration_ms | sort status asc';

  it("filters, sorts and prints CSV", async () => {
    const { code, stdout } = await runTolog(["query", STATUS_QUERY, ...logs, "--format", "csv"]);
    expect(code).toBe(0);
    // Without the last column, @ptr, whose value is the source's own.
    const withoutPtr = stdout.split("\r\n").map((line) => line.replace(/,[^,]*$/, ""));
    expect(withoutPtr).toEqual(["request_id,status,duration_ms", "r1,200,20.1", '"r2, ""quoted""",500,5', ""]);
  });
});

describe("tolog query: bounds", () => {
  it("stops a stats past --max-groups with exit 1, naming the bound", async () => {
    const { code, stderr } = await runTolog(["query", "stats count(*) by request_id", ...logs, "--max-groups", "1"]);
    expect(code).toBe(1);
    expect(stderr).toContain("stats made more than 1 groups (by request_id)");
    expect(stderr).toContain("--max-groups");
    const bad = await runTolog(["query", "stats count(*) by request_id", ...logs, "--max-groups", "0"]);
    expect(bad.code).toBe(2); // a bad option value is a command-line error, as for --limit
  });
});

describe("tolog query: inputs", () => {
  it("reads the query from --file", async () => {
    const { code, stdout } = await runTolog(["query", "--file", `${dir.path}/finished.insights`, ...logs, "--format", "csv"]);
    expect(code).toBe(0);
    expect(stdout.split("\r\n").slice(0, 3)).toEqual([
      expect.stringMatching(/^status,duration_ms/),
      expect.stringMatching(/^200,20.1/),
      expect.stringMatching(/^500,5/),
    ]);
  });

  it("reads logs from stdin with --logs -", async () => {
    const { code, stdout } = await runTolog(["query", "stats count(*) as n", "--logs", "-", "--format", "csv"], { stdin: SAMPLE_LOG });
    expect(code).toBe(0);
    expect(stdout).toBe("n\r\n5\r\n");
  });

  it("reads --logs from TOLOG_LOGS", async () => {
    const { code, stdout } = await runTolog(["query", "stats count(*) as n", "--format", "csv"], { env: { TOLOG_LOGS: `${dir.path}/logs` } });
    expect(code).toBe(0);
    expect(stdout).toBe("n\r\n5\r\n");
  });

  it("applies --since and --start/--end", async () => {
    const count = async (...args: string[]) =>
      (await runTolog(["query", "stats count(*) as n", ...logs, "--format", "csv", ...args])).stdout;
    // stats over no events has no rows, as on CloudWatch.
    expect(await count("--since", "1h")).toBe("n\r\n");
    expect(await count("--since", "2h30m")).toBe("n\r\n5\r\n");
    expect(await count("--start", "2026-11-21T10:00:01Z")).toBe("n\r\n2\r\n");
    // Whole seconds, as StartQuery takes them: the second a bound falls in is read whole.
    expect(await count("--start", "2026-11-21T10:00:00.500Z")).toBe("n\r\n5\r\n");
    expect(await count("--end", "2026-11-21 10:00:00.015")).toBe("n\r\n3\r\n");
  });

  it("caps rows with --limit", async () => {
    const { stdout } = await runTolog(["query", "fields event", ...logs, "--limit", "2", "--format", "ndjson"]);
    expect(stdout.trim().split("\n")).toHaveLength(2);
  });
});

describe("tolog query --saved", () => {
  const saved = ["query", "--saved", "by-request", "--queries-dir", `${dir.path}/queries`, ...logs, "--format", "csv"];

  it("substitutes parameters and defaults", async () => {
    const { code, stdout } = await runTolog([...saved, "--param", "request_id=r1"]);
    expect(code).toBe(0);
    expect(stdout.split("\r\n").slice(0, 4).map((line) => line.split(",").slice(0, 3).join(","))).toEqual([
      "@timestamp,event,request_id",
      "2026-11-21 10:00:00.000,request_started,r1",
      "2026-11-21 10:00:00.012,db_query,r1",
      "2026-11-21 10:00:00.020,request_finished,r1",
    ]);
  });

  it("matches a value with quotes and commas literally", async () => {
    const { stdout } = await runTolog([...saved, "--param", 'request_id=r2, "quoted"', "--param", "level=error"]);
    expect(stdout.split("\r\n")[1]).toMatch(/^2026-11-21 10:00:01.000,error,"r2, ""quoted"""/);
  });

  it("an injection attempt stays a string: no rows, no extra command", async () => {
    const { code, stdout } = await runTolog([...saved, "--param", 'request_id=x" | display @message | filter "1']);
    expect(code).toBe(0);
    expect(stdout).toBe("@timestamp,event,request_id,@ptr\r\n");
  });

  it("a missing required parameter is named with an example", async () => {
    const { code, stderr } = await runTolog(saved);
    expect(code).toBe(1);
    expect(stderr).toBe(
      'error: Missing parameter "request_id" for saved query "by-request": The request id.\n' +
        "help: Pass it with --param request_id=VALUE, e.g. --param request_id=abc123.\n",
    );
  });

  it("an unknown parameter lists the known ones", async () => {
    const { code, stderr } = await runTolog([...saved, "--param", "requestid=r1"]);
    expect(code).toBe(1);
    expect(stderr).toContain('help: Did you mean "request_id"? It takes: request_id, level.');
  });

  it("an unknown name suggests the closest", async () => {
    const { code, stderr } = await runTolog(["query", "--saved", "by-requests", "--queries-dir", `${dir.path}/queries`, ...logs]);
    expect(code).toBe(1);
    expect(stderr).toContain('error: No saved query named "by-requests".');
    expect(stderr).toContain('Did you mean "by-request"?');
  });

  it("inline text may use {{placeholders}} too", async () => {
    const { stdout } = await runTolog(["query", "filter request_id = {{id}} | stats count(*) as n", "--param", "id=r1", ...logs, "--format", "csv"]);
    expect(stdout).toBe("n\r\n3\r\n");
  });
});

describe("tolog query: errors", () => {
  it("a query error is rendered with a caret, exit 1", async () => {
    const { code, stdout, stderr } = await runTolog(["query", "filtr status = 500", ...logs]);
    expect(code).toBe(1);
    expect(stdout).toBe("");
    // The rendering is the engine's (report.ts); the frame must route the error to it.
    expect(stderr).toContain('error[TL201]: unknown command "filtr"');
    expect(stderr).toContain("1 | filtr status = 500\n  | ^^^^^");
  });

  it("no logs: a command-line error (exit 2) that says how to point tolog at logs", async () => {
    const { code, stderr } = await runTolog(["query", "fields @message"]);
    expect(code).toBe(2);
    expect(stderr).toMatch(/\nerror: No logs to read.\nhelp: Pass --logs PATH/);
    expect(stderr).toContain("TOLOG_LOGS");
  });

  it("a --logs path that does not exist names the flag and the path", async () => {
    const { code, stderr } = await runTolog(["query", "fields @message", "--logs", `${dir.path}/nope.jsonl`]);
    expect(code).toBe(1);
    expect(stderr).toMatch(/^error: --logs: .*nope\.jsonl/);
  });

  it("bad times and limits are command-line errors (exit 2) that name the flag, the value and a good example", async () => {
    const lastLines = (text: string) => text.trimEnd().split("\n").slice(-2).join("\n");
    const since = await runTolog(["query", "fields a", ...logs, "--since", "yesterday"]);
    expect(since.code).toBe(2);
    expect(since.stderr).toContain("--since"); // the command's help comes first
    expect(lastLines(since.stderr)).toBe(
      'error: --since "yesterday" is not a duration or a time tolog understands.\n' +
        "help: Use a number and a unit, combined freely: 90s, 15m, 2h30m, 1d, 2w (units w d h m s); or a time such as " +
        "2026-11-21T10:00:00Z (until now). For a window that ends earlier, use --start and --end.",
    );
    const start = await runTolog(["query", "fields a", ...logs, "--start", "21/11/2026"]);
    expect(start.code).toBe(2);
    expect(start.stderr).toContain('error: --start "21/11/2026" is not a time tolog understands.');
    expect(start.stderr).toContain("2026-11-21T10:00:00Z");
    for (const [value, problem] of [
      ["0", "--limit 0 is out of range"],
      ["abc", "--limit is not a whole number"],
      ["1.5", "--limit 1.5 is not a whole number"],
      ["100001", "--limit 100001 is out of range"],
    ]) {
      const limit = await runTolog(["query", "fields a", ...logs, "--limit", value]);
      expect(limit.code).toBe(2);
      expect(lastLines(limit.stderr)).toBe(`error: ${problem}.\nhelp: Give a whole number from 1 to 100000, e.g. --limit 100.`);
    }
    const both = await runTolog(["query", "fields a", ...logs, "--since", "1h", "--start", "2h"]);
    expect(both.code).toBe(2);
  });

  it("--since also takes a time, meaning from then until now; its help lists the units", async () => {
    const engine = fakeEngine(FIXED_RESULT);
    const { code } = await runTolog(["query", "fields x", ...logs, "--since", "2026-11-21T10:00:00Z"], { deps: { engine } });
    expect(code).toBe(0);
    expect(engine.calls[0].options).toMatchObject({ start: Date.UTC(2026, 10, 21, 10), end: Date.UTC(2026, 10, 21, 12) + 999 });
    const help = await runTolog(["query", "--help"]);
    expect(help.stdout.replace(/\s+/g, " ")).toContain("units w d h m s");
  });

  it("no query, or two: a usage error", async () => {
    expect((await runTolog(["query", ...logs])).code).toBe(2);
    const both = await runTolog(["query", "fields a", "--file", "x.insights", ...logs]);
    expect(both.code).toBe(2);
    expect(both.stderr).toContain("error: Give one query, not query text and --file.");
  });

  it("a missing --file is named", async () => {
    const { code, stderr } = await runTolog(["query", "--file", "nope.insights", ...logs]);
    expect(code).toBe(1);
    expect(stderr).toContain("error: --file nope.insights: no such file.");
  });

  it("a directory given as --file is named, with where a directory of queries goes", async () => {
    const { code, stderr } = await runTolog(["query", "--file", "queries", ...logs]);
    expect(code).toBe(1);
    expect(stderr).toContain("error: --file queries is a directory, not a query file.");
    expect(stderr).toContain("--queries-dir");
  });
});

describe("a query that returns no rows", () => {
  it("names the fields no event has, with the nearest one they do have", async () => {
    const dir = await mkdtemp(join(tmpdir(), "tolog-unseen-"));
    try {
      await writeFile(
        join(dir, "app.log"),
        ['{"status":200,"route":"/a","duration_ms":3}', '{"status":500,"route":"/b","duration_ms":9}'].join("\n") + "\n",
      );
      const out = await runTolog(["query", 'filter stauts = 500 and Route = "/b" and duration_ms > 1 | fields route', "--logs", dir]);
      expect(out.code).toBe(0);
      expect(out.stderr).toContain('no event among the first 2 read has a field "stauts"; did you mean "status"?');
      expect(out.stderr).toContain('has a field "Route"; did you mean "route"?');
      expect(out.stderr).not.toContain('"duration_ms"');

      const found = await runTolog(["query", "filter status = 500 | fields route", "--logs", dir]);
      expect(found.stderr).not.toContain("no event among");
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe("a query whose rows hold no value at all", () => {
  it("names the missing fields too, and a flow log's fields point to --log-format", async () => {
    const dir = await mkdtemp(join(tmpdir(), "tolog-unseen-"));
    try {
      // Version 3 with a custom field list: no line says which.
      const custom = "3 vpc-12345678 subnet-11111111 eni-1235b8ca 172.31.16.139 172.31.16.21 20641 22 6 20 4249 1418530010 1418530070 ACCEPT OK egress";
      await writeFile(join(dir, "flows.log"), `${custom}\n${custom}\n`);
      const out = await runTolog(["query", "stats sum(packets) by srcAddr", "--logs", dir, "--format", "csv"]);
      expect(out.code).toBe(0);
      expect(out.stdout).toBe("srcAddr,sum(packets)\r\n,\r\n");
      expect(out.stderr).toContain('no event among the first 2 read has a field "srcAddr"');
      expect(out.stderr).toContain("--log-format vpc:");
      const declared = await runTolog([
        "query", "stats sum(packets) by srcAddr", "--logs", dir, "--format", "csv",
        "--log-format", "vpc:${version} ${vpc-id} ${subnet-id} ${interface-id} ${srcaddr} ${dstaddr} ${srcport} ${dstport} ${protocol} ${packets} ${bytes} ${start} ${end} ${action} ${log-status} ${flow-direction}",
      ]);
      expect(declared.stdout).toBe("srcAddr,sum(packets)\r\n172.31.16.139,40\r\n");
      expect(declared.stderr).not.toContain("no event among");
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe("a VPC flow log file as S3 delivers it, with its header line", () => {
  const DEFAULT = "version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status";
  const record = (src: string, packets: number) => `2 123456789010 eni-0123456789abcdef0 ${src} 10.0.1.5 49152 443 6 ${packets} 5000 1795168800 1795168860 ACCEPT OK`;

  it("reads the header as no event, in the default format without a word, wherever files were joined", async () => {
    const dir = await mkdtemp(join(tmpdir(), "tolog-flow-header-"));
    try {
      // Two objects concatenated (zcat *.log.gz > all.log): a header before each.
      await writeFile(join(dir, "all.log"), [DEFAULT, record("192.0.2.10", 10), DEFAULT, record("192.0.2.11", 20)].join("\n") + "\n");
      const out = await runTolog(["query", "stats count(*) as n, sum(packets) as p by action", "--logs", dir, "--format", "csv"]);
      expect(out.stdout).toBe("action,n,p\r\nACCEPT,2,30\r\n");
      expect(out.stderr).not.toContain("header");
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("names the --log-format that declares a custom header's fields, and is quiet once it is declared", async () => {
    const dir = await mkdtemp(join(tmpdir(), "tolog-flow-header-"));
    try {
      const header = "version vpc-id srcaddr packets action";
      await writeFile(join(dir, "custom.log"), `${header}\n3 vpc-12345678 172.31.16.139 20 ACCEPT\n3 vpc-12345678 172.31.16.139 5 REJECT\n`);
      const query = ["query", "stats sum(packets) as p by srcAddr", "--logs", dir, "--format", "csv"];
      const out = await runTolog(query);
      expect(out.stderr).toContain("custom.log has a VPC flow log header (not an event) naming a custom format");
      // Told once, though the empty answer makes tolog read the files again for the fields they have.
      expect(out.stderr.split("naming a custom format").length).toBe(2);
      const declaration = "vpc:'${version} ${vpc-id} ${srcaddr} ${packets} ${action}'";
      expect(out.stderr).toContain(`--log-format ${declaration}`);
      // The declaration as the message gives it, shell quotes taken off as a shell would.
      const declared = await runTolog([...query, "--log-format", declaration.replace(/'/g, "")]);
      expect(declared.stdout).toBe("srcAddr,p\r\n172.31.16.139,25\r\n");
      expect(declared.stderr).not.toContain("header");
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe("progress while reading local files", () => {
  it("a terminal sees a live line, cleared before the result; a script sees none", async () => {
    const dir = await mkdtemp(join(tmpdir(), "tolog-progress-"));
    try {
      const lines = Array.from({ length: 25_000 }, (_, i) => JSON.stringify({ timestamp: new Date(Date.UTC(2026, 0, 1) + i).toISOString(), n: i }));
      await writeFile(join(dir, "app.log"), lines.join("\n") + "\n");
      const tty = await runTolog(["query", "stats count(*) as n", "--logs", dir, "--format", "csv", "--no-color"], { isTTY: true });
      expect(tty.stdout).toBe("n\r\n25000\r\n");
      expect(tty.stderr).toMatch(/^\r\x1b\[2KReading {2}[\d,]+ events {2}[\d.]+ [kM]B {2}0\.0s/);
      expect(tty.stderr.endsWith("\r\x1b[2K")).toBe(true);
      const piped = await runTolog(["query", "stats count(*) as n", "--logs", dir, "--format", "csv"]);
      expect(piped.stderr).toBe("");
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe("tolog query: tables fitted to 80 and 200 columns (recorded run)", () => {
  const QUERY = "fields @timestamp, route, request_id, duration_ms, @message | sort duration_ms desc | limit 5";
  const run = (columns: number) => runTolog(["query", QUERY, "--logs", "fixtures/runs/corrected"], { isTTY: true, columns, env: { NO_COLOR: "1" } });
  const widest = (text: string) => Math.max(...text.trimEnd().split("\n").map((line) => [...line].length));

  it("at 80 columns: every line fits; times, ids and numbers are whole; the message is cut; left-out columns are named", async () => {
    const { code, stdout, stderr } = await run(80);
    expect(code).toBe(0);
    expect(widest(stdout)).toBeLessThanOrEqual(80);
    const rows = stdout.split("\n").filter((line) => /^│ \d{4}-/.test(line));
    expect(rows).toHaveLength(5);
    for (const row of rows) expect(row).toMatch(/^│ \d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.\d{3} │/);
    expect(stderr).toMatch(/left out to fit 80 columns: .*@ptr/);
    expect(stdout).toContain("…");
  });

  it("at 200 columns: ids and numbers whole and right-aligned, @ptr shown", async () => {
    const { stdout, stderr } = await run(200);
    expect(widest(stdout)).toBeLessThanOrEqual(200);
    expect(stderr).not.toMatch(/left out/);
    const row = stdout.split("\n").find((line) => /^│ \d{4}-/.test(line)) ?? "";
    expect(row).toMatch(/│ [0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12} │ +\d+(\.\d{1,3})? │/);
    expect(row).toMatch(/│ [\w-]{16} │$/);
  });
});
