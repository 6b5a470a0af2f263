import { describe, expect, it } from "vitest";
import { runTolog } from "../test-helpers/run-tolog.js";

describe("tolog latency --by-time --chart", () => {
  it("draws p95 per route beside throughput, pool wait and table size, within 80 columns", async () => {
    const { code, stdout } = await runTolog(["latency", "--by-time", "10s", "--chart", "--logs", "fixtures/runs/course-bugs"], { isTTY: true, columns: 80, env: { NO_COLOR: "1" } });
    expect(code).toBe(0);
    for (const title of ["p95 latency per route (ms)", "throughput (requests/s)", "time waiting for a DB connection (% of request time)", "table size (largest list returned, todos)"]) {
      expect(stdout).toContain(title);
    }
    expect(stdout).toMatch(/━━ GET \/api\/v1\/todos/);
    expect(Math.max(...stdout.split("\n").map((line) => line.length))).toBeLessThanOrEqual(80);
  });

  it("needs --by-time, and prints the table with a warning off a terminal", async () => {
    expect((await runTolog(["latency", "--chart", "--logs", "fixtures/runs/corrected"])).code).toBe(2);
    const piped = await runTolog(["latency", "--by-time", "10s", "--chart", "--logs", "fixtures/runs/corrected"]);
    expect(piped.code).toBe(0);
    expect(piped.stderr).toMatch(/--chart draws on a terminal only/);
    expect(piped.stdout).toMatch(/req\/s/);
  });
});
