import type { Call } from "../ast.js";
import type { Diagnostic } from "../diagnostics.js";
import type { Evaluator, ReportError, RunEnv } from "./types.js";

/** What compiling one expression needs to know about where it stands in the query. */
export interface ExprContext {
  env: RunEnv;
  error: ReportError;
  /** The query's text, to point at a place inside a literal (a regex's construct). */
  text?: string;
  /**
   * Fields that exist at this point when a `stats` or `pattern` has reshaped the rows (later
   * commands see only what it produced); undefined before the first one, when any field may exist.
   */
  visible?: ReadonlySet<string>;
  /** What the visible fields came from, for the TL306 help ("the previous stats"). */
  visibleFrom?: string;
  /** Inside a stats item: turns an aggregate call into a read of its per-group result. */
  aggregate?: (call: Call) => Evaluator | undefined;
  /** Why aggregates are not allowed here (for TL303), when `aggregate` is absent. */
  noAggregateReason?: string;
}

/** Collects diagnostics for one compilation. */
export function diagnosticSink(): { diagnostics: Diagnostic[]; error: ReportError } {
  const diagnostics: Diagnostic[] = [];
  return {
    diagnostics,
    error: (code, span, message, help) => {
      diagnostics.push(help === undefined ? { code, message, span } : { code, message, span, help });
    },
  };
}
