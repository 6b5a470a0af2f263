import type { QueryResult, RunOptions } from "../../engine/api.js";
import type { Diagnostic } from "../../engine/diagnostics.js";
import { QueryError } from "../../engine/diagnostics.js";
import type { Engine } from "../engine.js";

/** A recorded `runQuery` call. */
export interface RunCall {
  text: string;
  options: RunOptions;
}

/**
 * An engine that returns `result` for every query and records what it was asked, so that tests
 * of the frame pin exact output without depending on the evaluator. A query containing
 * `BROKEN` fails with one diagnostic under that word.
 */
export function fakeEngine(result: QueryResult): Engine & { calls: RunCall[] } {
  const calls: RunCall[] = [];
  const diagnose = (text: string): Diagnostic[] => {
    const at = text.indexOf("BROKEN");
    return at < 0 ? [] : [{ code: "TL201", message: "unknown command", span: { start: at, end: at + 6 } }];
  };
  return {
    calls,
    async runQuery(text, _source, options = {}) {
      // The warning callback is the frame's, the same on every call: not part of what was asked.
      const { onWarning: _onWarning, ...asked } = options;
      calls.push({ text, options: asked });
      const diagnostics = diagnose(text);
      if (diagnostics.length > 0) throw new QueryError(text, diagnostics);
      return result;
    },
    checkQuery: diagnose,
    queryNotes: () => [],
    renderDiagnostics: (text, diagnostics) =>
      diagnostics.map((d) => `${d.code} at ${d.span.start}: ${text.slice(d.span.start, d.span.end)}`).join("\n") + "\n",
  };
}

export const FIXED_RESULT: QueryResult = {
  status: "Complete",
  fields: ["@timestamp", "request_id", "status", "@message"],
  rows: [
    { "@timestamp": "2026-11-21 10:00:00.020", request_id: "r1", status: "200", "@message": "request completed" },
    { "@timestamp": "2026-11-21 10:00:01.005", request_id: 'r2, "quoted"', "@message": "line one\nline two" },
  ],
  statistics: { recordsScanned: 4000, recordsMatched: 2, bytesScanned: 1_234_567 },
};
