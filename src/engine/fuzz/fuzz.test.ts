import { readFileSync } from "node:fs";
import { expect, test } from "vitest";
import { corpusQueries, fuzzCase } from "./cases.js";
import { checkQuery } from "./check.js";

/**
 * A short fuzz run with a fixed seed (the whole harness: `npm run fuzz -- --seconds 60`): every
 * case ends with rows, coded diagnostics or a user error, and the same answer twice.
 */
const corpus = corpusQueries(readFileSync(new URL("../../../fixtures/insights-sample-queries.txt", import.meta.url), "utf8"));

test("150 fuzz cases from the sample queries, deep and long constructs: no crash, same answer twice", async () => {
  expect(corpus.length).toBeGreaterThan(100);
  const failures: string[] = [];
  for (let index = 0; index < 150; index++) {
    const c = fuzzCase(corpus, 20260101, index);
    const outcome = await checkQuery(c.query);
    if (!outcome.ok) failures.push(`case ${index} (${c.kind}) ${c.query.slice(0, 200)}\n${outcome.problem}`);
  }
  expect(failures).toEqual([]);
}, 120_000);
