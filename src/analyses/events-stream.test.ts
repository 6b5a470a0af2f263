import { expect, it } from "vitest";
import type { ResultRow } from "../engine/api.js";
import { normalisedFold, runNormalised } from "./analysis-fold.js";
import { normaliseRows } from "./events.js";
import type { SavedQueryRunner } from "./saved-query-runner.js";
import { row, toLine } from "./testing/rows.js";

// Out of time order, with a practical line written twice (the second copy nested in `message`).
const practical = { timestamp: 1795290000.5, location: "app", message: "GET /api/v1/todos", request_id: "p1" };
const rows: ResultRow[] = [
  toLine(30, { event: "request_finished", request_id: "a", status: 200, duration_ms: 12 }),
  toLine(10, { event: "request_started", request_id: "a", method: "GET", url: "/api/v1/todos" }),
  row(practical),
  toLine(20, { event: "db_query", request_id: "a", sql: "SELECT 1", duration_ms: 3 }),
  row({ timestamp: practical.timestamp, message: practical }),
  { "@timestamp": "2026-11-21 10:00:00.040", "@message": "not json", "@logStream": "s", "@log": "g" },
];

it("streams rows into the events normaliseRows gives for all of them, batch by batch", async () => {
  const run = Object.assign(async () => rows, {
    each: async (_name: string, _params: unknown, onRows: (rows: ResultRow[]) => void) => {
      for (const one of rows) onRows([one]);
    },
  }) satisfies SavedQueryRunner;
  const streamed = await runNormalised(run, "any");
  expect(streamed).toEqual(normaliseRows(rows));
  expect(streamed.notes.nestedDuplicates).toBe(1);
  expect(streamed.events.map((e) => e.timestamp)).toEqual([...streamed.events.map((e) => e.timestamp)].sort((a, b) => a - b));
});

it("uses the plain rows of a runner that cannot stream (CloudWatch)", async () => {
  expect(await runNormalised(async () => rows, "any")).toEqual(normaliseRows(rows));
});

it("answers from the rows so far as often as asked, without consuming them, as more rows come", () => {
  // The nested copy first: the stream holds it back until its plain twin comes, or the end.
  const nestedFirst = [rows[4], rows[0], rows[1]];
  const fold = normalisedFold("any");
  fold.queries[0].push(nestedFirst);
  const early = fold.answer();
  expect(early).toEqual(normaliseRows(nestedFirst));
  expect(early.events.some((event) => event.producer === "course-practical")).toBe(true);
  expect(fold.answer()).toEqual(early);
  const rest = [rows[2], rows[3], rows[5]];
  fold.queries[0].push(rest);
  const all = fold.answer();
  expect(all).toEqual(normaliseRows([...nestedFirst, ...rest]));
  expect(all.notes.nestedDuplicates).toBe(1);
});
