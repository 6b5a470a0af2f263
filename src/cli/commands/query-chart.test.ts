import { describe, expect, it } from "vitest";
import { textWidth } from "../../output/text-width.js";
import { runTolog } from "../test-helpers/run-tolog.js";

const LOGS = ["--logs", "fixtures/runs/corrected"];
const P95 = 'filter event = "request_finished" | stats pct(duration_ms, 95) as p95_ms, count(*) as requests by bin(10s), route';

describe("tolog query --chart", () => {
  it("draws a panel per aggregate on a terminal, within 80 columns, without colour under NO_COLOR", async () => {
    const { code, stdout, stderr } = await runTolog(["query", P95, "--chart", ...LOGS], { isTTY: true, columns: 80, env: { NO_COLOR: "1" } });
    expect(code).toBe(0);
    expect(stdout).not.toMatch(/\x1b\[/);
    expect(Math.max(...stdout.split("\n").map(textWidth))).toBeLessThanOrEqual(80);
    expect(stdout).toMatch(/^p95_ms \(ms\)$/m);
    expect(stdout).toMatch(/^requests$/m);
    // The time axis at round times of the recorded run, the legend naming each route.
    expect(stdout).toContain("20:21:30");
    expect(stdout).toMatch(/━━ \/api\/v1\/todos {3}\*\* \/api\/v1\/todos\/:id/);
    expect(stderr).toMatch(/15 rows · 9,597 records matched/);
  });

  it("colours the series on a colour terminal", async () => {
    const { stdout } = await runTolog(["query", P95, "--chart", ...LOGS], { isTTY: true, columns: 100 });
    expect(stdout).toMatch(/\x1b\[36m/);
    expect(Math.max(...stdout.split("\n").map(textWidth))).toBeLessThanOrEqual(100);
  });

  it("prints the rows, with a warning, when stdout is not a terminal", async () => {
    const { code, stdout, stderr } = await runTolog(["query", P95, "--chart", ...LOGS]);
    expect(code).toBe(0);
    expect(stderr).toMatch(/--chart draws on a terminal only/);
    expect(stdout).toMatch(/│ bin\(10s\)/);
  });

  it("draws bars with --chart bar", async () => {
    const { code, stdout } = await runTolog(["query", 'stats count(*) as events by bin(10s)', "--chart", "bar", ...LOGS], { isTTY: true, columns: 80 });
    expect(code).toBe(0);
    expect(stdout).toContain("█");
  });

  it("refuses a stats without bin() before reading anything, on a terminal or not", async () => {
    for (const isTTY of [true, false]) {
      const { code, stdout, stderr } = await runTolog(["query", "stats count(*) by route", "--chart", "--logs", "fixtures/runs/corrected/no-such-file.jsonl"], { isTTY, columns: 80 });
      expect(code).toBe(1);
      expect(stderr).toMatch(/--chart draws a result over time, and this query's stats has no bin\(\)/);
      expect(stderr).not.toMatch(/no such file/);
      expect(stdout).toBe("");
    }
  });

  it("refuses a result that has no time, a kind of chart it does not know, and a machine format", async () => {
    const noBin = await runTolog(["query", "stats count(*) by route", "--chart", ...LOGS], { isTTY: true, columns: 80 });
    expect(noBin.code).toBe(1);
    expect(noBin.stderr).toMatch(/no bin\(\)/);
    expect(noBin.stderr).toMatch(/by bin\(1m\)/);
    const pie = await runTolog(["query", P95, "--chart", "pie", ...LOGS], { isTTY: true });
    expect(pie.code).toBe(2);
    expect(pie.stderr).toMatch(/"pie" is not a kind of chart/);
    const json = await runTolog(["query", P95, "--chart", "--format", "json", ...LOGS], { isTTY: true });
    expect(json.code).toBe(2);
    expect(json.stderr).toMatch(/cannot be combined with --format json/);
  });
});
