import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parseArgs } from "../loadtest/runner/args.js";
import { demoLoadArgs } from "../src/demo/scenario.js";

// `npm run demo` tells the story the README tells from the recorded runs (the pool saturates,
// latency rises with the table): it puts the same users on the service, thinking a fifth as long
// as in the recordings, which were made on a machine under a load average of 9 where half a
// second filled the pool; on an idle machine it does not (scenario.ts).
const manifest = (name: string) =>
  JSON.parse(readFileSync(path.join(import.meta.dirname, "..", "..", "fixtures", "runs", name, "manifest.json"), "utf8")) as {
    scenario: { studiers: number; planners: number; iterations: number; studier_sleep_ms: number };
  };

describe("the demo's load", () => {
  it("is the scenario of the recorded runs (same users, a fifth of their think time, the demo's shorter duration)", () => {
    const demo = parseArgs(demoLoadArgs("http://127.0.0.1:6400", 45, ["--course-bugs"]));
    for (const name of ["course-bugs", "corrected"]) {
      const recorded = manifest(name).scenario;
      expect({ studiers: demo.studiers, planners: demo.planners, iterations: demo.iterations, studierSleepMs: demo.studierSleepMs }).toEqual({
        studiers: recorded.studiers,
        planners: recorded.planners,
        iterations: recorded.iterations,
        studierSleepMs: recorded.studier_sleep_ms / 5,
      });
    }
    expect(demo.durationMs).toBe(45_000);
    expect(demo.courseBugs).toBe("2025");
  });
});
