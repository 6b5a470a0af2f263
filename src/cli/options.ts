/**
 * Options shared by every command that runs queries, as yargs specs to spread into a command's
 * `args`. Each can also be set as TOLOG_<NAME> (TOLOG_LOGS, TOLOG_FORMAT, ...).
 * Their values are turned into requests by resolve-source.ts, time-range.ts and output-format.ts.
 */
import { OUTPUT_FORMATS } from "../output/formats.js";
import type { OptionSpecs } from "./command.js";
import { repeatable } from "./command.js";
import { cloudwatchSourceOptions } from "./aws-options.js";

/** Where events come from. The CloudWatch source adds `--log-group` & co. next to `--logs`. */
export const sourceOptions = {
  logs: repeatable({
    describe: "Local logs to read: a file, a directory (read recursively), a glob, a pipe such as <(command), or - for stdin. Repeatable.",
    // `--log-group` on the command line means CloudWatch even when TOLOG_LOGS is set.
    envYieldsTo: ["log-group"],
  }),
  ...cloudwatchSourceOptions,
} as const satisfies OptionSpecs;

export const timeOptions = {
  since: {
    type: "string",
    requiresArg: true,
    describe: "Only events from this long ago until now: 90s, 15m, 2h30m, 1d, 2w (units w d h m s, combined freely), or from a time (as --start) until now",
  },
  start: {
    type: "string",
    requiresArg: true,
    describe: "Only events at or after: ISO 8601 (UTC unless it has an offset), epoch s or ms, or 2h (ago)",
  },
  end: {
    type: "string",
    requiresArg: true,
    describe: "Only events at or before: same forms as --start, or now",
  },
} as const satisfies OptionSpecs;

export const formatOptions = {
  format: {
    type: "string",
    choices: OUTPUT_FORMATS,
    default: "table",
    describe: "How to print results: table for people; json, ndjson or csv for scripts",
  },
} as const satisfies OptionSpecs;

export const limitOptions = {
  limit: {
    type: "number",
    requiresArg: true,
    describe: "Print at most this many rows (1-100000); for a query, its own limit applies too",
  },
} as const satisfies OptionSpecs;

/** Everything a query-running command needs: source, time range, output format, row limit. */
export const queryRunOptions = { ...sourceOptions, ...timeOptions, ...formatOptions, ...limitOptions } as const satisfies OptionSpecs;

/** Where `lookup` and `cidrlookup` find their tables on local runs. */
export const lookupOptions = {
  lookups: {
    type: "string",
    requiresArg: true,
    describe: "A directory of lookup tables for lookup and cidrlookup: <name>.csv files with a header row",
  },
} as const satisfies OptionSpecs;

export const savedQueryOptions = {
  // A list, as TOLOG_QUERIES_DIR splits like PATH: a team's directory and one's own.
  "queries-dir": repeatable({
    describe: "A directory of <name>.insights saved queries, searched before the ones tolog ships with. Repeatable: earlier ones win.",
  }),
} as const satisfies OptionSpecs;

export const paramOptions = {
  param: repeatable({
    envSplit: false,
    describe: "A value for a {{placeholder}} of the query: --param name=value. Repeatable.",
  }),
} as const satisfies OptionSpecs;

/** How to read local logs whose format their lines do not say (resolved by log-formats.ts). */
export const logFormatOptions = {
  "log-format": repeatable({
    envSplit: false,
    describe:
      "Local logs only: the format of a log group's lines, [GROUP=]FORMAT, FORMAT one of auto (the default: by each line's shape), " +
      "vpc, 'vpc:${version} ${srcaddr} ...' (a custom VPC flow log format), route53, lambda, text. Without GROUP= it applies to every group. Repeatable.",
  }),
} as const satisfies OptionSpecs;

/** On every command. */
export const globalOptions = {
  debug: {
    type: "boolean",
    describe: "Print stack traces of errors (for bug reports)",
  },
  color: {
    type: "boolean",
    describe: "Colour the output (default: when stdout is a terminal and NO_COLOR is unset); --no-color turns it off",
  },
} as const satisfies OptionSpecs;
