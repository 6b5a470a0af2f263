import { readFileSync } from "node:fs";
import { afterAll, describe, expect, test } from "vitest";
import type { ResultRow } from "./api.js";
import { QueryError } from "./diagnostics.js";
import { runQuery } from "./run.js";
import { openLocalSource } from "../sources/local/index.js";
import { CORPUS_EXPECTATIONS, FIXTURE_NOW, type CorpusExpectation } from "./test/corpus-expectations.js";

/**
 * Runs every query of the AWS sample corpus (fixtures/insights-sample-queries.txt) over
 * fixtures/vended: a small data set of each log type those queries read (Lambda, VPC flow logs,
 * Route 53, CloudTrail, API Gateway, application JSON; see its generate.mjs). Each query either
 * returns the rows its documentation describes (the hand-written `CORPUS_EXPECTATIONS`, worked out
 * from generate.mjs's tables), or runs without error, or is refused as unsupported offline
 * (TL501, counted and printed: other branches implement the missing commands), or is one of the
 * documented-invalid queries.
 */
const FIXTURES = new URL("../../fixtures/vended", import.meta.url).pathname;
const DOCUMENTED_INVALID: Record<number, string> = { 21: "TL202" };

function loadCorpus(): string[] {
  const text = readFileSync(new URL("../../fixtures/insights-sample-queries.txt", import.meta.url), "utf8");
  return text
    .split(/^---$/m)
    .slice(1)
    .map((chunk) => chunk.replace(/^\n/, "").replace(/\n$/, "").split("\n").slice(1).join("\n"));
}

const queries = loadCorpus();
const source = openLocalSource([FIXTURES]);
const tally = { checked: 0, ran: 0, refused: [] as string[], needsData: [] as string[], invalid: 0 };

/** The expected columns of each row (`@ptr` and columns the expectation does not name left out). */
function pick(rows: ResultRow[], columns: string[]): ResultRow[] {
  return rows.map((row) => Object.fromEntries(columns.filter((c) => row[c] !== undefined).map((c) => [c, row[c]])));
}

const byText = (a: ResultRow, b: ResultRow) => JSON.stringify(a).localeCompare(JSON.stringify(b));

function check(actual: ResultRow[], e: CorpusExpectation): void {
  const columns = e.columns ?? [...new Set(e.rows.flatMap((r) => Object.keys(r)))];
  const got = pick(actual, columns);
  if (e.count !== undefined) {
    expect(got.length, "row count").toBe(e.count);
    expect(got.slice(0, e.rows.length)).toEqual(e.rows);
    return;
  }
  if (e.order === "any") {
    expect([...got].sort(byText)).toEqual([...e.rows].sort(byText));
    return;
  }
  if (e.order !== undefined) {
    // Sorted by one column, ties in any order: that column in the expected order, rows as a set.
    expect(got.map((r) => r[e.order as string])).toEqual(e.rows.map((r) => r[e.order as string]));
    expect([...got].sort(byText)).toEqual([...e.rows].sort(byText));
    return;
  }
  expect(got).toEqual(e.rows);
}

describe("the AWS sample queries over a data set of each log type", () => {
  test("every expectation names a query that exists, as written", () => {
    for (const [index, e] of Object.entries(CORPUS_EXPECTATIONS)) expect(queries[Number(index)], `query ${index}`).toMatch(new RegExp(`^${escape(e.startsWith)}`));
    expect(Object.keys(CORPUS_EXPECTATIONS).length).toBeGreaterThanOrEqual(40);
  });

  test.each(queries.map((query, index) => ({ index, query })))("query $index", async ({ index, query }) => {
    const e = CORPUS_EXPECTATIONS[index];
    const warnings: string[] = [];
    let rows: ResultRow[];
    try {
      const result = await runQuery(query, source, { now: FIXTURE_NOW, groups: e?.groups && { names: e.groups }, onWarning: (m) => warnings.push(m) });
      rows = result.rows;
    } catch (error) {
      if (!(error instanceof QueryError)) throw error;
      const codes = error.diagnostics.map((d) => d.code);
      if (DOCUMENTED_INVALID[index] !== undefined) {
        expect(codes).toContain(DOCUMENTED_INVALID[index]);
        tally.invalid++;
        return;
      }
      expect(e, `query ${index} has an expectation but was refused: ${error.message}`).toBeUndefined();
      // TL701/TL705: a lookup table or a log group the fixtures do not have, named as the user would see it.
      if (codes.every((c) => c === "TL701" || c === "TL705")) {
        tally.needsData.push(`${index}: ${error.diagnostics[0].message}`);
        return;
      }
      expect(codes.every((c) => c === "TL501" || c === "TL502"), error.message).toBe(true);
      tally.refused.push(`${index}: ${error.diagnostics[0].message}`);
      return;
    }
    expect(DOCUMENTED_INVALID[index], `query ${index} is documented as invalid`).toBeUndefined();
    // The fixtures hold no line that almost matches a format.
    expect(warnings).toEqual([]);
    tally.ran++;
    if (e === undefined) return;
    check(rows, e);
    tally.checked++;
  });

  test("Lambda's JSON log format answers the REPORT queries as its text format does", async () => {
    const json = { now: FIXTURE_NOW, groups: { names: ["/aws/lambda/orders-json"] } };
    const byBin = await runQuery(queries[4], source, json);
    expect(byBin.rows).toEqual([
      { "bin(5m)": "2026-11-20 10:05:00.000", "avg(@duration)": "1820", "max(@duration)": "1820", "min(@duration)": "1820" },
      { "bin(5m)": "2026-11-20 10:00:00.000", "avg(@duration)": "145.875", "max(@duration)": "260.5", "min(@duration)": "31.25" },
    ]);
    const slow = await runQuery(queries[5], source, json);
    expect(slow.rows.map((r) => r["@requestId"])).toEqual(["b2000000-0000-4000-8000-000000000003"]);
    const memory = await runQuery(queries[105], source, json);
    expect(memory.rows[0]).toMatchObject({ provisonedMemoryMB: "244.140625", maxMemoryUsedMB: "92.50640869140625" });
  });

  afterAll(() => {
    console.log(
      `sample queries over fixtures/vended: ${queries.length} queries, ${tally.ran} ran (${tally.checked} checked against hand-written rows), ` +
        `${tally.refused.length} refused offline (TL501), ${tally.needsData.length} need a lookup table or log group the fixtures lack, ${tally.invalid} documented invalid\n` +
        [...tally.refused.map((r) => `  refused ${r}`), ...tally.needsData.map((r) => `  needs data ${r}`)].join("\n"),
    );
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
