import { describe, expect, test } from "vitest";
import { compilePlan } from "../run.js";

/** Which plans of the 2026 commands may run in parts (engine/parallel): only row-wise prefixes. */
describe("plans of the 2026 commands and parallel parts", () => {
  test.each([
    ['json field=p "a" as a | stats count(*) by a', "stats"],
    ["expand items | stats count(*) by items", "stats"],
    ["parse @message logfmt as lf | stats count(*) by lf.host", "stats"],
    ["parse @message csv as a, b | stats count(*) by a", "stats"],
  ])("row-wise before stats: %s runs in parts", (text, kind) => {
    const { plan, diagnostics } = compilePlan(text, {});
    expect(diagnostics).toEqual([]);
    expect(plan.partial?.kind).toBe(kind);
  });

  test.each([
    "accum bytes | stats sum(bytes)",
    "filldown host | stats count(*) by host",
    "sessionize u | stats count(*) by session_id",
    "countFrequent a | sort _approxcount desc | limit 5",
    "fields x | outlier x | stats avg(x)",
    "fields x | autoregress x | stats avg(x_p1)",
    "lookup t id OUTPUT name | stats count(*) by name",
    "stats count(*) by id | lookup t id OUTPUT name",
    "filter id in (SOURCE 'g' | fields id) | stats count(*)",
    "stats count(*) as n by svc | appendcols (SOURCE 'g' | stats count(*) as m by svc)",
  ])("%s runs whole", (text) => {
    const { plan, diagnostics } = compilePlan(text, {});
    expect(diagnostics).toEqual([]);
    expect(plan.partial).toBeUndefined();
  });

  test("the 2026 commands read events whole (they name fields the extractor would not hand over)", () => {
    expect(compilePlan("fields a | accum a", {}).plan.fields).toBeUndefined();
    expect(compilePlan("fields a | filter a > 1", {}).plan.fields).toEqual(["a"]);
  });
});
