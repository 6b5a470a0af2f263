import { describe, expect, it } from "vitest";
import { runTolog } from "../test-helpers/run-tolog.js";

/**
 * Logs without what an analysis looks for: the answer says which lines it looked for and names
 * the logs it read, and a range only when one was chosen (none was: "the selected range" would
 * send the reader after a range nobody gave).
 */
const REQUESTS = "No TaskOverflow request lines (request_id with request_started / request_finished)";
const RANGE = ["--start", "2026-01-01T00:00:00Z", "--end", "2026-01-01T01:00:00Z"];
const BETWEEN = "between 2026-01-01 00:00:00.000 and 2026-01-01 01:00:00.999 UTC";

describe("an analysis over logs that hold none of its lines", () => {
  it("says which lines it looked for in which logs, and no range when none was given", async () => {
    const answers = {
      latency: `${REQUESTS} in README.md.`,
      "slow-queries": "No SQL statements (db_query lines, or the practical's SQLAlchemy lines) in README.md.",
      races: "No todo was created (no todo_created lines) in README.md.",
    };
    for (const [command, answer] of Object.entries(answers)) {
      const { code, stdout } = await runTolog([command, "--logs", "README.md"]);
      expect({ command, code, stdout }).toEqual({ command, code: 0, stdout: `${answer}\n` });
    }
    const chart = await runTolog(["latency", "--by-time", "5s", "--chart", "--logs", "README.md"], { isTTY: true, columns: 80, env: { NO_COLOR: "1" } });
    expect(chart.stdout).toBe(`${REQUESTS} in README.md.\n`);
    const trace = await runTolog(["trace", "--slowest", "--logs", "README.md"]);
    expect(trace.code).toBe(3);
    expect(trace.stderr).toMatch(/^error: No finished request \(a request_finished line with a request_id\) in README\.md\.\nhelp: (?!.*range)/);
  });

  it("names the range when one was chosen", async () => {
    const { stdout } = await runTolog(["latency", "--logs", "README.md", ...RANGE]);
    expect(stdout).toBe(`${REQUESTS} in README.md ${BETWEEN}.\n`);
    const races = await runTolog(["races", "--logs", "README.md", ...RANGE]);
    expect(races.stdout).toBe(`No todo was created (no todo_created lines) in README.md ${BETWEEN}.\n`);
    const trace = await runTolog(["trace", "--slowest", "--logs", "README.md", ...RANGE]);
    expect(trace.stderr).toMatch(new RegExp(`^error: No finished request .* in README\\.md ${BETWEEN}\\.\\nhelp: Widen the range`));
  });

  it("calls standard input stdin, and names the logs when --route matches no request", async () => {
    const stdin = await runTolog(["slow-queries", "--logs", "-"], { stdin: '{"message":"hello"}\n' });
    expect(stdin.stdout).toBe("No SQL statements (db_query lines, or the practical's SQLAlchemy lines) in stdin.\n");
    const route = await runTolog(["latency", "--route", "/api/v1/todos/7", "--logs", "fixtures/runs/corrected"]);
    expect(route.stdout).toMatch(/^No request on the route \/api\/v1\/todos\/7 in fixtures\/runs\/corrected; the routes there: \/api\/v1\/health, /);
  });
});
