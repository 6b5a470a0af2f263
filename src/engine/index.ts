/**
 * The embedded Logs Insights engine: parse, check, run and print queries. Importers use this
 * barrel only; the stages behind it may change.
 */
import type { ParseResult } from "./parser.js";
import { parse } from "./parser.js";

export { runQuery, checkQuery, indexKeysOf, outputColumns } from "./run.js";
export { openLiveQuery, type LiveQuery, type LiveQueryOptions } from "./live.js";
export { formatQuery } from "./format.js";
export { statsShape, type StatsShape } from "./stats-shape.js";
export { renderDiagnostics } from "./report.js";
export { queryNotes } from "./notes.js";
export { renderValue, renderRecord } from "./render.js";
export { discoverFields } from "./discover.js";
export { FieldCounter, type FieldShare } from "./field-shares.js";
export { externalFieldRefs } from "./external-fields.js";
export { didYouMean } from "./suggest.js";
export { vendedFieldHint } from "./vended/log-format.js";
export { QueryError, DIAGNOSTIC_CODES } from "./diagnostics.js";
export type { Diagnostic, DiagnosticCode } from "./diagnostics.js";
export type { Query, Command, Expr, Span } from "./ast.js";
export type { Value } from "./values.js";
export type { LookupTable, LookupTables, LookupTableResult } from "./lookup-tables.js";
export { lookupTableFromCsv } from "./lookup-tables.js";
export type { EventSource, LogEvent, ReadOptions, ReadStatistics } from "./source.js";
export type { QueryResult, QueryProgress, QueryStatistics, ResultRow, RunOptions, RunQuery } from "./api.js";
export type { ParseResult };

/** Parses query text into its syntax tree plus the lexer's and parser's diagnostics. */
export function parseQuery(text: string): ParseResult {
  return parse(text);
}
