import { describe, expect, test } from "vitest";
import { runQuery } from "../index.js";
import { createMemorySource } from "../../sources/memory.js";

describe("a stats past its group bound", () => {
  test("stops with an error naming the bound, not an out-of-memory crash", async () => {
    const source = createMemorySource(Array.from({ length: 10 }, (_, i) => ({ timestamp: i, message: JSON.stringify({ k: i }) })));
    await expect(runQuery("stats count(*) by k", source, { maxStatsGroups: 5 })).rejects.toMatchObject({
      name: "TooManyGroupsError",
      message: expect.stringContaining("more than 5 groups (by k)"),
    });
    const result = await runQuery("stats count(*) by k", source, { maxStatsGroups: 10 });
    expect(result.rows).toHaveLength(10);
  });
});
