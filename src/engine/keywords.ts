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
  "json",
  "lookup",
  "cidrlookup",
  "join",
  "appendcols",
  "fillmissing",
  "filldown",
  "accum",
  "addtotals",
  "expand",
  "sessionize",
  "countFrequent",
  "count_frequent",
  "autoregress",
  "outlier",
] as const;

/**
 * Commands of the 2025-2026 language that tolog recognises but does not run offline, each with
 * why and what to run instead: their answers come from models or server-side data that AWS
 * does not describe, so no offline answer could be checked against CloudWatch's (DECISIONS.md).
 * `head` and `tail` are the deprecated predecessors of `limit`.
 */
export const UNSUPPORTED_COMMAND_REASONS: Record<string, string> = {
  diff:
    "diff returns only patterns, from CloudWatch's pattern model, for this period and the previous one, and AWS documents neither the model nor the columns of a comparison; offline, run `pattern @message` over each period (--start/--end) and compare @sampleCount, or, for TaskOverflow's logs, tolog compare --before START/END --after START/END",
  anomaly:
    "anomaly scores patterns with a machine-learning model that AWS does not describe; offline, run `pattern @message` and compare counts over time with `stats count(*) by bin(1h)`",
  estimate:
    "estimate returns CloudWatch's own estimate of the bytes its storage would scan; offline, run the query itself: tolog reports the bytes it scanned (statistics.bytesScanned, --format json)",
  relevantfields:
    "relevantfields ranks fields with a relevance model (@relevanceScore) that AWS does not describe; offline, compare a field's distribution inside and outside the condition, e.g. `stats count(*) by Service, Time > 400`",
  logcompare:
    "logcompare compares a window with a shifted baseline using CloudWatch's pattern model, whose output AWS does not describe; offline, run the query over each window (--start/--end)",
  head: "head is the deprecated form of limit: write limit N",
  tail: "tail is the deprecated form of limit: write sort @timestamp asc | limit N",
};

export const UNSUPPORTED_COMMANDS = Object.keys(UNSUPPORTED_COMMAND_REASONS);

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

/** Words after a `parse` source that select a 2026 parse mode. */
export const PARSE_MODES = new Set(["logfmt", "csv"]);
