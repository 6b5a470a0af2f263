/**
 * The words of the Logs Insights language that the parser needs to know. Function names are
 * not here: the evaluator's function registry owns them (an unknown function is TL301 there).
 */

/** Commands tolog parses and runs, spelled as the documentation spells them. */
export const SUPPORTED_COMMANDS = [
  "fields",
  "display",
  "filter",
  "where",
  "filterIndex",
  "stats",
  "sort",
  "limit",
  "parse",
  "dedup",
  "unnest",
  "SOURCE",
  "pattern",
] as const;

/**
 * Commands of the 2025-2026 language that tolog recognises but does not run offline: machine
 * learning, server-side tables, other log groups, or console-only features. `head` and `tail`
 * are the deprecated predecessors of `limit`.
 */
export const UNSUPPORTED_COMMANDS = [
  "diff",
  "anomaly",
  "lookup",
  "join",
  "expand",
  "estimate",
  "relevantfields",
  "addtotals",
  "autoregress",
  "logcompare",
  "filldown",
  "fillmissing",
  "cidrlookup",
  "outlier",
  "accum",
  "appendcols",
  "sessionize",
  "countFrequent",
  "count_frequent",
  "json",
  "head",
  "tail",
] as const;

function byLowerCase(names: readonly string[]): Map<string, string> {
  return new Map(names.map((name) => [name.toLowerCase(), name]));
}

const supported = byLowerCase(SUPPORTED_COMMANDS);
const unsupported = byLowerCase(UNSUPPORTED_COMMANDS);

/** The documented spelling of a supported command word (any case), or undefined. */
export function supportedCommand(word: string): (typeof SUPPORTED_COMMANDS)[number] | undefined {
  return supported.get(word.toLowerCase()) as (typeof SUPPORTED_COMMANDS)[number] | undefined;
}

/** The documented spelling of a known-but-unsupported command word, or undefined. */
export function unsupportedCommand(word: string): string | undefined {
  return unsupported.get(word.toLowerCase());
}

/** The help line of a TL501: what tolog runs instead. */
export const SUPPORTED_COMMANDS_HELP = `tolog runs these commands offline: ${SUPPORTED_COMMANDS.join(", ")}`;

/**
 * Words that end or join expressions. A field with one of these names must be written in
 * backticks (`` `by` ``); the printer does so.
 */
export const RESERVED_WORDS = new Set(["and", "or", "not", "like", "in", "as", "by", "into"]);

/** Keywords that may follow an expression inside a command: candidates for "did you mean". */
export const CLAUSE_KEYWORDS = ["by", "as", "and", "or", "not", "like", "in", "asc", "desc", "offset", "into", "multi"];

/** Words after a `parse` source that select a 2026 parse mode tolog does not run. */
export const UNSUPPORTED_PARSE_MODES = new Set(["logfmt", "csv"]);
