import { expect, test } from "vitest";
import { runQuery } from "../index.js";
import { createMemorySource } from "../../sources/memory.js";
import { renderValue } from "../render.js";

/** The last and first times a date can hold (ECMAScript: 8.64e15 ms either side of 1970). */
const LAST = 8.64e15;

async function rendered(query: string, xs: number[]): Promise<Array<Record<string, string | undefined>>> {
  const source = createMemorySource(xs.map((x, i) => ({ timestamp: 1_000 + i, message: JSON.stringify({ x }) })));
  const result = await runQuery(query, source, { now: 10_000 });
  return result.rows.map((row) => Object.fromEntries(Object.entries(row).map(([k, v]) => [k, renderValue(v)])));
}

test("a time past the range of dates is no value: fromMillis, datefloor, dateceil, formatDate and bin give null, not an invalid date", async () => {
  const rows = await rendered("fields fromMillis(x) as t, datefloor(fromMillis(x), 1h) as f, dateceil(fromMillis(x), 1h) as c | sort x asc | display x, t, f, c", [
    -LAST - 1,
    -LAST,
    LAST,
    LAST + 1,
    1e308,
  ]);
  expect(rows.map((r) => [r.t === undefined, r.f === undefined, r.c === undefined])).toEqual([
    [true, true, true],
    [false, false, false],
    [false, false, false],
    [true, true, true],
    [true, true, true],
  ]);
  const formatted = await rendered('fields formatDate(x, "%Y") as y | sort x asc | display y', [LAST, LAST + 1]);
  expect(formatted.map((r) => r.y)).toEqual(["275760", undefined]);
  const bins = await rendered("fields x as @timestamp | stats count(*) as n by bin(1h)", [1e17, 0]);
  // The time past the range falls in no bin: its row is the group without one.
  expect(bins).toEqual([
    { "bin(1h)": "1970-01-01 00:00:00.000", n: "1" },
    { "bin(1h)": undefined, n: "1" },
  ]);
});

test("rows whose @timestamp is set past the range of dates are ordered by their event's time, as where it is set to null", async () => {
  // Event times are 1,000 + the row's place; the set times 3, 4 and 5 sort after them.
  const xs = [5, LAST * 2, 3, LAST * 3, 1e308, 4];
  const rows = await rendered("fields fromMillis(x) as @timestamp | display x", xs);
  expect(rows.map((r) => Number(r.x))).toEqual([1e308, LAST * 3, LAST * 2, 5, 4, 3]);
});
