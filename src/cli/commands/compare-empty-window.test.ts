import { expect, it } from "vitest";
import { runTolog } from "../test-helpers/run-tolog.js";

// A window without requests has no errors: the headline said `errors (5xx): - -> 0` while the
// table's routes said 0 and its "all routes" said -. Zero requests have zero 5xx, everywhere;
// `-` (null) stays for requests whose log holds no status.
it("compare with an empty window gives its errors as 0 in the headline, the table and JSON alike", async () => {
  const args = ["compare", "--logs", "fixtures/runs/corrected", "--before", "2030-01-01T00:00Z/2030-01-02T00:00Z", "--after", "2026-11-21T20:00Z/2026-11-21T21:00Z"];
  const table = await runTolog(args);
  expect(table.code).toBe(0);
  expect(table.stdout + table.stderr).toContain("errors (5xx): 0 -> 0");
  const allRoutes = table.stdout.split("\n").find((line) => line.startsWith("│ all routes"));
  expect(allRoutes).toMatch(/│ before │ +0 │ +0 │/);
  const json = await runTolog([...args, "--format", "json"]);
  const document = JSON.parse(json.stdout) as { overall: { errors: { before: unknown; after: unknown } } };
  expect(document.overall.errors).toMatchObject({ before: 0, after: 0 });
});
