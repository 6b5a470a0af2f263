import { afterAll, describe, expect, it } from "vitest";
import { runQuery } from "../index.js";
import { openLocalSource } from "../../sources/local/index.js";
import { TempDir } from "../../sources/local/test/helpers.js";

// A sort that keeps only its first rows (`| limit N`) checks each row against the last kept one
// before it makes the row's entry (sort.ts): it must keep exactly the rows a whole sort puts first.
const dir = new TempDir();
afterAll(() => dir.cleanup());
const T0 = Date.UTC(2026, 10, 21);
let seed = 7;
const random = (n: number): number => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n);
const lines = Array.from({ length: 6000 }, (_, n) => {
  const kind = random(10);
  // Ties (few distinct values), missing values, strings among numbers, times out of order.
  const v = kind === 0 ? undefined : kind === 1 ? `s${random(50)}` : random(200) / 4;
  return JSON.stringify({ timestamp: new Date(T0 + random(3000) * 1000).toISOString(), n, v, w: random(3) });
});
dir.write("g/s.jsonl", lines.join("\n") + "\n");
const run = async (query: string) => (await runQuery(query, openLocalSource([dir.path()]), { limit: 10_000 })).rows.map((r) => JSON.stringify(r));

describe("a sort with a limit", () => {
  it.each(["sort v desc", "sort v asc", "sort w asc, v desc", "sort v desc, @timestamp asc", "sort w desc"])(
    "keeps the rows a whole sort puts first (%s)",
    async (sort) => {
      const whole = await run(`${sort} | fields n, v, w`);
      for (const keep of [1, 20, 700, 1025, 5999]) {
        expect(await run(`${sort} | limit ${keep} | fields n, v, w`)).toEqual(whole.slice(0, keep));
      }
    },
  );
});
