import { expect, it } from "vitest";
import { createMemorySource } from "../sources/memory.js";
import type { ResultRow } from "./api.js";
import { runQuery } from "./index.js";

const START = Date.UTC(2026, 0, 1);
// More events than the 10,000-row cap, some matching, out of time order.
const events = Array.from({ length: 12_500 }, (_, i) => ({
  timestamp: START + ((i * 7919) % 12_500) * 1000,
  message: JSON.stringify({ n: i, level: i % 3 === 0 ? "error" : "info", request_id: `r${i % 50}` }),
}));

async function streamed(query: string): Promise<{ rows: ResultRow[]; batches: number; returned: number }> {
  const rows: ResultRow[] = [];
  let batches = 0;
  const result = await runQuery(query, createMemorySource(events), { now: START, onRows: (batch) => (batches++, rows.push(...batch)) });
  return { rows, batches, returned: result.rows.length };
}

it("onRows hands every matching row over, past the row cap, in scan order, and returns none", async () => {
  const { rows, returned } = await streamed('fields n, @timestamp | filter level = "error"');
  expect(returned).toBe(0);
  expect(rows.map((r) => Number(r.n))).toEqual(events.map((_, i) => i).filter((i) => i % 3 === 0));
});

it("onRows gives the rows of the plain run when they fit under the cap, once ordered the same way", async () => {
  const query = 'fields n, @timestamp | filter request_id = "r7"';
  const { rows } = await streamed(query);
  const plain = await runQuery(query, createMemorySource(events), { now: START });
  const byTimeDesc = [...rows].sort((a, b) => b["@timestamp"].localeCompare(a["@timestamp"]) || Number(a.n) - Number(b.n));
  expect(byTimeDesc).toEqual(plain.rows);
});

it("onRows after a sort or stats hands the plain run's rows over, at the end", async () => {
  const query = 'filter level = "error" | stats count(*) as n by request_id | sort n desc, request_id asc | limit 3';
  const { rows, batches } = await streamed(query);
  expect(batches).toBe(1);
  expect(rows).toHaveLength(3);
  expect(rows).toEqual((await runQuery(query, createMemorySource(events), { now: START })).rows);
});
