import { readFileSync } from "node:fs";
import { afterAll, describe, expect, test } from "vitest";
import type { Diagnostic } from "./diagnostics.js";
import { formatQuery, stripSpans } from "./format.js";
import { checkQuery } from "./index.js";
import { parse } from "./parser.js";

/**
 * Every query of the AWS sample corpus (fixtures/insights-sample-queries.txt; blocks separated
 * by lines that are exactly `---`, each opening with a `# source:` line). By default a block
 * must parse with no diagnostics and survive a print-and-parse round trip; the table below lists
 * the blocks that must not, keyed by block index and the first 40 characters of the query.
 */
type Expectation = { codes: string[]; why: string };

const EXPECTED: Record<string, Expectation> = {
  "21:fields @timestamp, remoteIP, method, sta": { codes: ["TL202"], why: "unquoted URL in the Apache sample (§9)" },
  "76:fields @timestamp, @message\n| filter @ty": { codes: ["TL501"], why: "anomaly" },
  "77:fields @timestamp, @message\n| filter @ty": { codes: ["TL501"], why: "anomaly" },
  "116:relevantfields Controller, Path, Service": { codes: ["TL501"], why: "relevantfields" },
  "117:relevantfields where Duration > 5000": { codes: ["TL501"], why: "relevantfields" },
  "122:SOURCE lg start=-1d end=now\n| logcompare": { codes: ["TL501", "TL501"], why: "logcompare and its SOURCE form" },
};

/**
 * The documented-invalid multi-stats queries of §9 (not in the fixture): they parse, and the
 * compiler must reject them (`@message`, and `bin()`'s `@timestamp`, are gone after a stats).
 */
const COMPILE_ERROR_EXPECTED: [query: string, code: string][] = [
  ["FIELDS @message\n| STATS SUM(Fault) by Operation\n| STATS MAX(strlen(@message)) AS MaxMessageSize", "TL306"],
  ["FIELDS strlen(@message) AS message_length\n | STATS sum(message_length) AS ingested_bytes BY @logStream\n | STATS avg(ingested_bytes) BY bin(5m)", "TL405"],
];

interface Block {
  key: string;
  query: string;
}

function loadCorpus(): Block[] {
  const text = readFileSync(new URL("../../fixtures/insights-sample-queries.txt", import.meta.url), "utf8");
  // The part before the first --- is the file's own header, not a query.
  const chunks = text.split(/^---$/m).slice(1);
  return chunks.map((chunk, index) => {
    const lines = chunk.replace(/^\n/, "").replace(/\n$/, "").split("\n");
    expect(lines[0]).toMatch(/^# source: /);
    const query = lines.slice(1).join("\n");
    return { key: `${index}:${query.slice(0, 40)}`, query };
  });
}

const blocks = loadCorpus();
const tally = { parses: 0, unsupported: 0, invalid: 0 };

function codesOf(diagnostics: Diagnostic[]): string[] {
  return diagnostics.map((d) => d.code);
}

describe("AWS sample-query corpus", () => {
  test("the table only names blocks that exist", () => {
    const keys = new Set(blocks.map((b) => b.key));
    expect(Object.keys(EXPECTED).filter((key) => !keys.has(key))).toEqual([]);
  });

  test.each(blocks)("$key", ({ key, query }) => {
    const { query: tree, diagnostics } = parse(query);
    const expected = EXPECTED[key];
    if (expected === undefined) {
      expect(diagnostics).toEqual([]);
      tally.parses++;
      const printed = formatQuery(tree);
      const again = parse(printed);
      expect(again.diagnostics, printed).toEqual([]);
      expect(stripSpans(again.query), printed).toEqual(stripSpans(tree));
      return;
    }
    expect(codesOf(diagnostics), expected.why).toEqual(expected.codes);
    for (const diagnostic of diagnostics) expect(diagnostic.help, diagnostic.message).toBeDefined();
    if (expected.codes.every((code) => code === "TL501")) {
      tally.unsupported++;
      expect(tree.commands.some((c) => c.kind === "unsupported") || diagnostics[0].message.includes("subquery")).toBe(true);
    } else {
      tally.invalid++;
    }
  });

  test.each(COMPILE_ERROR_EXPECTED)("compile error expected: %s", (query, code) => {
    expect(parse(query).diagnostics).toEqual([]);
    expect(codesOf(checkQuery(query))).toEqual([code]);
  });

  afterAll(() => {
    console.log(
      `corpus: ${blocks.length} blocks, ${tally.parses} parse cleanly, ${tally.unsupported} are TL501 (unsupported offline), ${tally.invalid} invalid; ${COMPILE_ERROR_EXPECTED.length} extra documented-invalid queries expect compile errors`,
    );
  });
});
