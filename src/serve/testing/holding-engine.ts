import type { RunQuery } from "../../engine/api.js";
import { runQuery as engineRunQuery } from "../../engine/index.js";

/**
 * tolog's engine, except that a query holding HOLD_MARKER keeps its thread busy for good, as a
 * query that never ends would (a pathological pattern, an endless computation): for the tests
 * that StopQuery and the time-out really end a running query, and that the endpoint answers
 * everything else meanwhile. Only `tolog serve`'s query threads load it (`engineModule`).
 */
export const HOLD_MARKER = "hold-this-thread";

export const runQuery: RunQuery = (text, source, options) => {
  if (text.includes(HOLD_MARKER)) {
    for (;;) {
      // busy, never yielding: only ending the thread stops it
    }
  }
  return engineRunQuery(text, source, options);
};
