import type { Span } from "./ast.js";

/**
 * A problem with a query, found by the lexer, the parser or the compiler. `code` is stable
 * (scripts and golden tests match on it); `message` says what is wrong; `help` says how to
 * fix it; `span` is the part of the query text to underline.
 */
export interface Diagnostic {
  code: DiagnosticCode;
  message: string;
  span: Span;
  help?: string;
  /** A note on a query that runs, but not as written; absent for an error, which stops it. */
  severity?: "warning";
}

/**
 * Every diagnostic code, grouped by the stage that reports it. Codes are never reused or
 * renumbered: add new ones at the end of their group.
 */
export const DIAGNOSTIC_CODES = {
  // lexer
  TL101: "unterminated string",
  TL102: "unterminated regex",
  TL103: "unterminated backtick name",
  TL104: "unexpected character",
  TL105: "bad number or duration",
  // parser
  TL201: "unknown command",
  TL202: "unexpected token",
  TL203: "missing expression",
  TL204: "missing alias after as",
  TL205: "bad limit",
  TL206: "bad parse pattern",
  TL207: "missing list",
  TL208: "query nested too deeply",
  // compiler: names and types
  TL301: "unknown function",
  TL302: "wrong number of arguments",
  TL303: "aggregate outside stats",
  TL304: "stats item without an aggregate",
  TL305: "bad argument",
  TL306: "unknown field after stats",
  TL307: "bad regex",
  TL308: "regex construct not supported by CloudWatch (RE2)",
  TL309: "glob pattern and name count differ",
  TL310: "bad duration unit",
  // compiler: command ordering rules
  TL401: "sort or limit before a later stats",
  TL402: "too many stats commands",
  TL403: "command after dedup",
  TL404: "pattern after sort",
  TL405: "bin() needs @timestamp",
  TL406: "limit out of range",
  TL407: "pattern after stats",
  // offline support
  TL501: "command not supported offline",
  TL502: "function not supported offline",
  // saved-query parameters
  TL601: "unknown parameter",
  TL602: "missing parameter",
  // data from outside the events: lookup tables, other log groups
  TL701: "lookup table not found",
  TL702: "bad lookup table",
  TL703: "duplicate key in lookup table",
  TL704: "unknown lookup table column",
  TL705: "log group not found",
  TL706: "join right side too large",
  // notes: the query runs, but not as written
  TL801: "period over its unit's cap",
} as const;

export type DiagnosticCode = keyof typeof DIAGNOSTIC_CODES;

/** Thrown when a query cannot run; carries every independent problem found in one pass. */
export class QueryError extends Error {
  constructor(
    readonly query: string,
    readonly diagnostics: Diagnostic[],
  ) {
    super(diagnostics.map((d) => `${d.code}: ${d.message}`).join("\n"));
    this.name = "QueryError";
  }
}
