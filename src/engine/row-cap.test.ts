import { afterAll, describe, expect, it } from "vitest";
import { runQuery } from "./index.js";
import { openLocalSource } from "../sources/local/index.js";
import { TempDir } from "../sources/local/test/helpers.js";

const dir = new TempDir();
afterAll(() => dir.cleanup());
const T0 = Date.UTC(2026, 10, 21);
const lines = Array.from({ length: 10_050 }, (_, n) => JSON.stringify({ timestamp: new Date(T0 + n).toISOString(), n, k: `k${n % 10_020}` }));
dir.write("g/s.jsonl", lines.join("\n") + "\n");
const run = (query: string, limit?: number) => runQuery(query, openLocalSource([dir.path()]), { limit });

describe("rows cut at the row cap", () => {
  it.each([
    ["the default order", "fields n"],
    ["a sort that ends the query", "sort n asc"],
    ["a sort followed by a larger limit and --limit", "sort n asc | limit 20000"],
    ["stats with more groups than the cap", "stats count(*) by k"],
  ])("are told for %s", async (_name, query) => {
    const result = await run(query, query.includes("limit 20000") ? 10_000 : undefined);
    expect(result.rows).toHaveLength(10_000);
    expect(result.truncated).toEqual({ rowCap: 10_000 });
  });

  it("are told at --limit's cap", async () => {
    const result = await run("fields n", 25);
    expect(result.rows).toHaveLength(25);
    expect(result.truncated).toEqual({ rowCap: 25 });
  });

  it.each([
    ["a limit in the query", "fields n | limit 10"],
    ["a sort with its own limit", "sort n desc | limit 10000"],
    ["exactly as many rows as the cap", "filter n < 10000 | fields n"],
    ["a raised cap", "fields n"],
  ])("are not claimed for %s", async (_name, query) => {
    const result = await run(query, _name === "a raised cap" ? 20_000 : undefined);
    expect(result.truncated).toBeUndefined();
  });
});
