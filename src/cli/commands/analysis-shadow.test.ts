import { afterAll, describe, expect, it } from "vitest";
import { tempDir } from "../test-helpers/log-dir.js";
import { runTolog } from "../test-helpers/run-tolog.js";
import { mismatchedShadows } from "../../analyses/saved-query-loader.js";

const LOGS = "fixtures/course-practical/single-quote-bug";
/** A team's own `trace` query, unrelated to the analysis: no request_id parameter. */
const mine = tempDir({ "trace.insights": "# description: My trace.\nfields @message | limit 5\n" });
/** One that overrides the analysis's query and takes what the analysis passes. */
const fitting = tempDir({
  "trace.insights": "# description: Trace, my way.\n# param request_id: The request.\nfields @timestamp, @message, request_id | filter request_id = {{request_id}} | sort @timestamp asc\n",
});
afterAll(() => [mine, fitting].forEach((dir) => dir.remove()));
const clean = (text: string) => text.split(mine.path).join("<dir>");

describe("a saved query named like an analysis's own", () => {
  it("that lacks the analysis's parameters: trace names the file and what it must declare, not --param", async () => {
    const { code, stderr } = await runTolog(["trace", "abc", "--logs", LOGS, "--queries-dir", mine.path]);
    expect(code).toBe(1);
    expect(stderr).not.toContain("--param");
    expect(clean(stderr)).toContain('error: <dir>/trace.insights hides tolog\'s own "trace" query, which tolog trace runs with request_id; it declares no parameter request_id.');
    expect(stderr).toContain("# param request_id:");
  });

  it("races warns that the trace command it prints would be refused", async () => {
    const { code, stdout, stderr } = await runTolog(["races", "--logs", LOGS, "--queries-dir", mine.path]);
    expect(code).toBe(0);
    expect(stdout).toContain("Example:");
    expect(clean(stderr)).toContain('warning: <dir>/trace.insights hides tolog\'s own "trace" query without its parameters, so the `tolog trace` command printed would be refused; `tolog queries check` says why');
  });

  it("queries check says so under ok", async () => {
    const { code, stdout } = await runTolog(["queries", "check", "--queries-dir", mine.path]);
    expect(code).toBe(0);
    expect(clean(stdout)).toMatch(/ok {6}trace\n {4}warning: <dir>\/trace\.insights hides tolog's own "trace" query, which tolog trace runs with request_id; it declares no parameter request_id/);
  });

  it("one that takes them replaces the analysis's query, without a word", async () => {
    const { code, stderr } = await runTolog(["trace", "a4128fae-fa74-442e-9afb-4730d4e97ac5", "--logs", LOGS, "--queries-dir", fitting.path, "--format", "json"]);
    expect(stderr).not.toMatch(/error|hides/);
    expect(code).toBe(0);
    const check = await runTolog(["queries", "check", "--queries-dir", fitting.path]);
    expect(check.stdout).not.toContain("hides");
  });
});

it("tolog's own queries take what their analyses pass", () => {
  expect(mismatchedShadows(["queries"])).toEqual([]);
});
