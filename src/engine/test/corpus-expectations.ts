import type { CorpusExpectation } from "./corpus-fixture.js";
import { EXAMPLE_EXPECTATIONS } from "./corpus-expectations-examples.js";
import { LATER_EXPECTATIONS } from "./corpus-expectations-later.js";

export { FIXTURE_NOW, type CorpusExpectation } from "./corpus-fixture.js";

/**
 * What the AWS sample queries (fixtures/insights-sample-queries.txt, by block index) must return
 * over fixtures/vended, worked out by hand from the tables of fixtures/vended/generate.mjs and
 * from what each query's documentation says it does.
 */
export const CORPUS_EXPECTATIONS: Record<number, CorpusExpectation> = { ...EXAMPLE_EXPECTATIONS, ...LATER_EXPECTATIONS };
