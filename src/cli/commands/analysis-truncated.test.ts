import { describe, expect, it } from "vitest";
import { runTolog } from "../test-helpers/run-tolog.js";

const LOGS = "fixtures/runs/corrected";

// --limit cut an analysis's main table silently in JSON (only stderr said so), where a query's
// JSON says `truncated`; both now carry the same marker, with how many rows there were.
describe("an analysis's --format json cut by --limit", () => {
  it.each([
    ["latency", "routes"],
    ["slow-queries", "statements"],
  ])("%s says it was truncated, and how many %s there were", async (command, table) => {
    const cut = await runTolog([command, "--logs", LOGS, "--format", "json", "--limit", "1"]);
    expect(cut.code).toBe(0);
    const document = JSON.parse(cut.stdout) as { truncated?: Record<string, unknown> };
    expect(document.truncated).toMatchObject({ rowCap: 1, raiseWith: "--limit", maxLimit: 100000, table });
    expect(document.truncated!.rows).toBeGreaterThan(1);
    const whole = await runTolog([command, "--logs", LOGS, "--format", "json"]);
    expect(JSON.parse(whole.stdout)).not.toHaveProperty("truncated");
  });
});
