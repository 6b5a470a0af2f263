import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { delimiter, join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { tempDir } from "../test-helpers/log-dir.js";
import { runTolog } from "../test-helpers/run-tolog.js";

const TRACE = [
  "# description: Every event of one request, oldest first.",
  "# param request_id: The request id to trace.",
  "# param min_ms = 100: Only statements slower than this many ms.",
  "fields @timestamp, @message | filter request_id = {{request_id}} and duration_ms > {{min_ms}} | sort @timestamp asc",
  "",
].join("\n");

const bundled = tempDir({
  "trace.insights": TRACE,
  "errors.insights": '# description: Errors, newest first.\nfilter level = "error" | sort @timestamp desc\n',
});
const mine = tempDir({
  "errors.insights": '# description: My errors.\nfilter level = "error" or status >= 500\n',
  "top.insights": "# description: The top N routes.\n# param n: How many.\nstats count(*) as c by route | sort c desc | limit {{n}}\n",
});
const broken = tempDir({
  "typo.insights": "# description: A typo.\nfields @message\n| filtr level = \"error\"\n",
  "header.insights": "# description: Bad header.\n# params x: typo\nfilter a = \"{{x}}\"\n",
  "good.insights": "# description: Fine.\nfields @message\n",
});
afterAll(() => [bundled, mine, broken].forEach((dir) => dir.remove()));

/** Runs with `bundled` standing in for the queries/ that ship with tolog; paths shown as <dir>. */
async function run(args: string[], env: Record<string, string> = {}) {
  const out = await runTolog(args, { env, deps: { bundledQueriesDir: bundled.path } });
  const clean = (text: string) =>
    [bundled, mine, broken].reduce((t, dir) => t.split(dir.path).join("<dir>"), text);
  return { code: out.code, stdout: clean(out.stdout), stderr: clean(out.stderr) };
}

describe("tolog queries list", () => {
  it("names, descriptions and parameters (required bare, optional with default)", async () => {
    const { code, stdout, stderr } = await run(["queries", "list"]);
    expect(code).toBe(0);
    expect(stderr).toBe("");
    expect(stdout).toMatchInlineSnapshot(`
      "┌────────┬───────────────────────────────────────────┬────────────────────────┐
      │ name   │ description                               │ params                 │
      ├────────┼───────────────────────────────────────────┼────────────────────────┤
      │ errors │ Errors, newest first.                     │                        │
      │ trace  │ Every event of one request, oldest first. │ request_id, min_ms=100 │
      └────────┴───────────────────────────────────────────┴────────────────────────┘
      "
    `);
  });

  it("--queries-dir adds queries and overrides same-named ones; also as TOLOG_QUERIES_DIR", async () => {
    const flag = await run(["queries", "list", "--queries-dir", mine.path, "--format", "csv"]);
    expect(flag.stdout).toBe(
      "name,description,params\r\nerrors,My errors.,\r\ntop,The top N routes.,n\r\n" +
        'trace,"Every event of one request, oldest first.","request_id, min_ms=100"\r\n',
    );
    const env = await run(["queries", "list", "--format", "csv"], { TOLOG_QUERIES_DIR: mine.path });
    expect(env.stdout).toBe(flag.stdout);
  });

  it("TOLOG_QUERIES_DIR is a list separated like PATH, as --queries-dir repeated; earlier ones win", async () => {
    const env = await run(["queries", "list", "--format", "csv"], { TOLOG_QUERIES_DIR: [broken.path, mine.path].join(delimiter) });
    expect(env.code).toBe(0);
    const names = (text: string) => text.trim().split("\r\n").slice(1).map((line) => line.split(",")[0]);
    expect(names(env.stdout)).toEqual(["errors", "good", "header", "top", "trace", "typo"]);
    expect(env.stdout).toContain("errors,My errors.,");
    const flags = await run(["queries", "list", "--format", "csv", "--queries-dir", broken.path, "--queries-dir", mine.path]);
    expect(flags.stdout).toBe(env.stdout);
  });

  it("json carries the parameters in full", async () => {
    const { stdout } = await run(["queries", "list", "--format", "json"]);
    expect(JSON.parse(stdout)[1]).toEqual({
      name: "trace",
      description: "Every event of one request, oldest first.",
      params: [
        { name: "request_id", description: "The request id to trace." },
        { name: "min_ms", default: "100", description: "Only statements slower than this many ms." },
      ],
      path: "<dir>/trace.insights",
    });
  });

  it("a --queries-dir that is not a directory names the flag", async () => {
    const { code, stderr } = await run(["queries", "list", "--queries-dir", `${mine.path}/top.insights`]);
    expect(code).toBe(1);
    expect(stderr).toBe(
      "error: --queries-dir <dir>/top.insights is not a directory.\n" +
        "help: Name a directory that holds <name>.insights files.\n",
    );
  });
});

describe("tolog queries show", () => {
  it("prints the file: header and query", async () => {
    expect(await run(["queries", "show", "trace"])).toEqual({ code: 0, stdout: TRACE, stderr: "" });
  });

  it("an unknown name suggests the closest", async () => {
    const { code, stderr } = await run(["queries", "show", "erors"]);
    expect(code).toBe(1);
    expect(stderr).toBe('error: No saved query named "erors".\nhelp: Did you mean "errors"? `tolog queries list` shows them all.\n');
  });

  it("without a name: a usage error", async () => {
    const { code, stderr } = await run(["queries", "show"]);
    expect(code).toBe(2);
    expect(stderr).toContain("tolog queries show <name>");
  });
});

describe("tolog queries check", () => {
  it("ok for each valid query, including required parameters filled with samples", async () => {
    const { code, stdout } = await run(["queries", "check", "--queries-dir", mine.path]);
    expect(code).toBe(0);
    expect(stdout).toBe(
      "ok      errors\nok      top\nok      trace\n3 saved queries checked in <dir>, tolog's own; 0 failed.\n",
    );
  });

  it("calls tolog's own queries so wherever tolog is run from, inside its package too", async () => {
    // A bundled directory below the working directory, as queries/ is when tolog runs in its clone.
    const inside = mkdtempSync(join(process.cwd(), "node_modules", ".tolog-test-queries-"));
    try {
      writeFileSync(join(inside, "errors.insights"), '# description: Errors.\nfilter level = "error"\n');
      const out = await runTolog(["queries", "check"], { deps: { bundledQueriesDir: inside } });
      expect(out.stdout.trim().split("\n").at(-1)).toBe("1 saved query checked in tolog's own; 0 failed.");
    } finally {
      rmSync(inside, { recursive: true, force: true });
    }
  });

  it("FAILED with line-numbered header problems and the query's carets; exit 1", async () => {
    const { code, stdout } = await run(["queries", "check", "--queries-dir", broken.path]);
    expect(code).toBe(1);
    expect(stdout).toMatchInlineSnapshot(`
      "ok      errors
      ok      good
      FAILED  header
          <dir>/header.insights:2: unknown header word "params": did you mean "# param ..."?
          <dir>/header.insights:3: {{x}} is inside a string: a placeholder stands for a whole value, so write \`= {{x}}\` rather than \`= "{{x}}"\`
      ok      trace
      FAILED  typo
          <dir>/typo.insights
          error[TL201]: unknown command "filtr"
           --> 3:3
            |
          3 | | filtr level = "error"
            |   ^^^^^
            = help: did you mean "filter"?
      5 saved queries checked in <dir>, tolog's own; 2 failed.
      "
    `);
  });
});

describe("tolog queries check: a long query's carets", () => {
  const long = tempDir({ "wide.insights": `# description: A wide one.\nfields ${Array.from({ length: 12 }, (_, i) => `field_${i}`).join(", ")} | filtr x = 1\n` });
  afterAll(() => long.remove());

  it("fit 80 columns, indented under the query's name", async () => {
    const { code, stdout } = await run(["queries", "check", "--queries-dir", long.path]);
    expect(code).toBe(1);
    expect(stdout).toContain("error[TL201]");
    for (const line of stdout.split(long.path).join("<dir>").split("\n")) expect(line.length, line).toBeLessThanOrEqual(80);
  });
});

describe("tolog queries check: notes", () => {
  const noted = tempDir({ "curve.insights": "# description: Requests per five minutes.\nstats count(*) by bin(300s)\n" });
  afterAll(() => noted.remove());

  it("a query that runs, but not as written, is ok with its note below; exit 0", async () => {
    const out = await run(["queries", "check", "--queries-dir", noted.path]);
    const stdout = out.stdout.split(noted.path).join("<dir>");
    expect(out.code).toBe(0);
    expect(stdout).toContain(
      [
        "ok      curve",
        "    <dir>/curve.insights",
        "    warning[TL801]: bin(300s) is bin(60s): CloudWatch caps a period in seconds at 60",
      ].join("\n"),
    );
    expect(stdout).toContain("    = help: write bin(5m) for 300 seconds\n");
  });
});

describe("$Name(...) invocations of saved queries", () => {
  const invoking = tempDir({
    "top-errors.insights": "# description: Top error routes.\n$errors() | $top(n = 3)\n",
    "missing.insights": "# description: Invokes a query that does not exist.\n$erors()\n",
  });
  const logs = tempDir({
    "app.jsonl": ['{"level":"error","route":"/a"}', '{"level":"info","route":"/b"}', '{"level":"error","route":"/a"}', '{"status":503,"route":"/c"}'].join("\n") + "\n",
  });
  afterAll(() => [invoking, logs].forEach((dir) => dir.remove()));

  it("queries check expands them; an unknown one fails with a suggestion", async () => {
    const out = await runTolog(["queries", "check", "--queries-dir", invoking.path], { deps: { bundledQueriesDir: mine.path } });
    expect(out.code).toBe(1);
    expect(out.stdout).toContain("ok      top-errors");
    expect(out.stdout).toMatch(/FAILED {2}missing\n.*\n\s+\$erors\(\.\.\.\) invokes a saved query that does not exist\.\n\s+Did you mean \$errors\(\.\.\.\)\?/);
  });

  it("tolog query runs an invocation piped into another", async () => {
    const out = await runTolog(["query", "$errors() | $top(n = 1)", "--logs", logs.path, "--format", "csv"], { deps: { bundledQueriesDir: mine.path } });
    expect(out.stderr).toBe("");
    expect(out.stdout).toBe("route,c\r\n/a,2\r\n");
  });
});
