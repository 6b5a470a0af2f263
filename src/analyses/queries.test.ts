import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { checkQuery } from "../engine/index.js";
import { sampleValues } from "../saved/sample-values.js";
import { parseSavedQuery } from "../saved/saved-query.js";
import { substitute } from "../saved/substitute.js";

const dir = new URL("../../queries/", import.meta.url);
const ANALYSIS_QUERIES = /^(trace|slow-queries|races|latency)/;

describe("the analyses' saved queries", () => {
  const files = readdirSync(dir).filter((file) => ANALYSIS_QUERIES.test(file) && file.endsWith(".insights"));

  it("exist for each analysis", () => {
    expect(files).toEqual(expect.arrayContaining(["trace.insights", "slow-queries.insights", "races.insights", "latency.insights"]));
  });

  for (const file of files) {
    it(`${file} parses, and passes the engine's checks with sample parameters`, () => {
      const name = file.replace(/\.insights$/, "");
      const { query, problems } = parseSavedQuery(name, readFileSync(new URL(file, dir), "utf8"));
      expect(problems).toEqual([]);
      const text = substitute(query.text, sampleValues(query));
      expect(checkQuery(text)).toEqual([]);
    });
  }
});
