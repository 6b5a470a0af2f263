import type { Call, Query, Span } from "../ast.js";
import type { LookupTables } from "../lookup-tables.js";
import type { DiagnosticCode } from "../diagnostics.js";
import type { Row } from "../record.js";
import type { Value } from "../values.js";
import type { Period } from "./duration.js";
import type { QueryRegex } from "./regex.js";

/** A compiled expression: evaluated once per row, never walking the AST. */
export type Evaluator = (row: Row) => Value;

/** What a running query knows about its own run (`now()`, `queryStartTime()`). */
export interface RunEnv {
  /** Query start, epoch ms. */
  now: number;
  /** The query's time window, epoch ms, when given. */
  start?: number;
  end?: number;
  /** Data from outside the events: lookup tables and the rows of subqueries. */
  external?: ExternalData;
}

/** The rows a subquery gave (`join`, `appendcols`, `in (...)`), read before the query runs. */
export interface SubqueryResult {
  rows: Row[];
  columns: Array<{ name: string; value: Evaluator }>;
}

export interface ExternalData {
  lookups?: LookupTables;
  subqueries?: ReadonlyMap<Query, SubqueryResult>;
  /**
   * Compiling only to find problems (`checkQuery`, before subqueries ran): lookup tables are
   * not read and subqueries have no rows yet.
   */
  checkOnly?: boolean;
}

export type ReportError = (code: DiagnosticCode, span: Span, message: string, help?: string) => void;

/**
 * What a function or aggregate gets at compile time to build its evaluator. Argument accessors
 * report their own diagnostics and return undefined when the argument is unusable.
 */
export interface CallTools {
  call: Call;
  env: RunEnv;
  /** The i-th argument compiled as an ordinary expression. */
  arg(i: number): Evaluator;
  /** The i-th argument as a period literal (`5m`), capped per unit. */
  period(i: number): Period | undefined;
  /** The i-th argument as a regex (a `/re/` literal or a string literal holding a pattern). */
  regex(i: number): QueryRegex | undefined;
  /** The i-th argument when it is a literal (string, number, negative number); else undefined. */
  literal(i: number): Value | undefined;
  error: ReportError;
}
