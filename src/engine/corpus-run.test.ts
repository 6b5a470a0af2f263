import { readFileSync } from "node:fs";
import { afterAll, describe, expect, test } from "vitest";
import type { ResultRow } from "./api.js";
import { QueryError } from "./diagnostics.js";
import { runQuery } from "./run.js";
import { openLocalSource } from "../sources/local/index.js";
import { directoryLookupTables } from "../sources/local/lookup-dir.js";
import { CORPUS_EXPECTATIONS, FIXTURE_NOW, type CorpusExpectation } from "./test/corpus-expectations.js";

/**
 * Runs every query of the AWS sample corpus (fixtures/insights-sample-queries.txt) over
 * fixtures/vended: a small data set of each log type those queries read (Lambda, VPC flow logs,
 * Route 53, CloudTrail, API Gateway, application JSON; see its generate.mjs). Each query either
 * returns the rows its documentation describes (the hand-written `CORPUS_EXPECTATIONS`, worked out
 * from generate.mjs's tables), or runs without error, or is one of the documented-invalid
 * queries, or is one of the queries refused offline (TL501) for a reason listed in
 * `REFUSED_OFFLINE`: a query refused for any other reason fails, and so does a listed one that
 * runs (take it off the list). The refusals are counted and printed by reason.
 */
const FIXTURES = new URL("../../fixtures/vended", import.meta.url).pathname;
/** The lookup tables of the lookup and cidrlookup examples (written by the same generate.mjs). */
const LOOKUPS = directoryLookupTables(new URL("../../fixtures/vended-lookups", import.meta.url).pathname);
const DOCUMENTED_INVALID: Record<number, string> = { 21: "TL202" };

const MODEL = "model-based: CloudWatch's models, which AWS does not describe (anomaly, relevantfields, logcompare)";
const GROUP_PROPERTY = "selects log groups by what local groups do not have (an AWS account, a data source, tags)";
/** The sample queries that stay refused offline, and why (DECISIONS.md, "commands still refused offline"). */
const REFUSED_OFFLINE: Record<number, string> = {
  76: MODEL,
  77: MODEL,
  116: MODEL,
  117: MODEL,
  122: MODEL,
  81: GROUP_PROPERTY,
  83: GROUP_PROPERTY,
  84: GROUP_PROPERTY,
  85: GROUP_PROPERTY,
  86: GROUP_PROPERTY,
  87: GROUP_PROPERTY,
};

function loadCorpus(): string[] {
  const text = readFileSync(new URL("../../fixtures/insights-sample-queries.txt", import.meta.url), "utf8");
  return text
    .split(/^---$/m)
    .slice(1)
    .map((chunk) => chunk.replace(/^\n/, "").replace(/\n$/, "").split("\n").slice(1).join("\n"));
}

const queries = loadCorpus();
const source = openLocalSource([FIXTURES]);
const tally = { checked: 0, ran: 0, refused: [] as number[], invalid: 0 };

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
      const result = await runQuery(query, source, { now: FIXTURE_NOW, groups: e?.groups && { names: e.groups }, lookups: LOOKUPS, onWarning: (m) => warnings.push(m) });
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
      // TL701/TL705: a lookup table or a log group the fixtures do not have: fixtures/vended gives every query its own.
      expect(codes.some((c) => c === "TL701" || c === "TL705"), `query ${index} needs a lookup table or log group: add it to fixtures/vended (${error.message})`).toBe(false);
      expect(codes.every((c) => c === "TL501" || c === "TL502"), error.message).toBe(true);
      expect(REFUSED_OFFLINE[index], `query ${index} was refused, and is not listed in REFUSED_OFFLINE: ${error.message}`).toBeDefined();
      tally.refused.push(index);
      return;
    }
    expect(DOCUMENTED_INVALID[index], `query ${index} is documented as invalid`).toBeUndefined();
    expect(REFUSED_OFFLINE[index], `query ${index} runs: take it off REFUSED_OFFLINE`).toBeUndefined();
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
    const byReason = new Map<string, number[]>();
    for (const index of tally.refused) byReason.set(REFUSED_OFFLINE[index], [...(byReason.get(REFUSED_OFFLINE[index]) ?? []), index]);
    console.log(
      `sample queries over fixtures/vended: ${queries.length} queries, ${tally.ran} ran (${tally.checked} checked against hand-written rows), ` +
        `${tally.refused.length} refused offline (TL501), ${tally.invalid} documented invalid\n` +
        [...byReason].map(([reason, indexes]) => `  ${indexes.length} ${reason}: ${indexes.join(", ")}`).join("\n"),
    );
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
