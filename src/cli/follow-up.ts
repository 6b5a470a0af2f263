import { basename } from "node:path";
import type { TimeRange } from "./time-range.js";

/**
 * Follow-up commands that tolog prints (`next: ...`, `Example: ...`) must run when pasted into
 * the shell they were printed in: the same way of starting tolog, the same logs or log groups,
 * the same time range, every word shell-quoted.
 */

/** The source and range options a command ran with, as parsed. */
export interface FollowUpArgs {
  logs?: string[];
  logGroup?: string[];
  region?: string;
  profile?: string;
  endpointUrl?: string;
  queriesDir?: string[];
}

/** Builds `npx tolog trace <id> --logs ./logs ...` from the words after `tolog`. */
export type FollowUp = (words: readonly string[]) => string;

/**
 * How to start tolog again: `tolog` when it was started through a `tolog` on PATH (a global or
 * linked install), else `npx tolog`, which works anywhere inside the repository after `npm ci`
 * (npm runs the project's own bin) and in any project that depends on tolog. `npm ci` puts no
 * `tolog` on PATH, so a bare `tolog` would fail for most users.
 */
export function invocation(env: Record<string, string | undefined>, script: string | undefined = process.argv[1]): string {
  if (env.npm_command === "exec") return "npx tolog";
  if (script !== undefined && basename(script) === "tolog") return "tolog";
  return "npx tolog";
}

export function followUpCommand(prefix: string, args: FollowUpArgs, range: TimeRange): FollowUp {
  const context: string[] = [];
  for (const path of args.logs ?? []) context.push("--logs", path);
  for (const group of args.logGroup ?? []) context.push("--log-group", group);
  if (args.logGroup !== undefined && args.logGroup.length > 0) {
    if (args.region !== undefined) context.push("--region", args.region);
    if (args.profile !== undefined) context.push("--profile", args.profile);
    if (args.endpointUrl !== undefined) context.push("--endpoint-url", args.endpointUrl);
  }
  for (const dir of args.queriesDir ?? []) context.push("--queries-dir", dir);
  // The range as it was resolved: `--since 2h` pasted an hour later would be another range.
  if (range.start !== undefined) context.push("--start", new Date(range.start).toISOString());
  // Its last second as written: the range covers whole seconds, so that second is read whole.
  if (range.end !== undefined) context.push("--end", new Date(Math.floor(range.end / 1000) * 1000).toISOString());
  return (words) => [prefix, ...[...words, ...context].map(shellQuote)].join(" ");
}

/** POSIX shell quoting: bare when only safe characters, else in single quotes ('\'' for a quote). */
export function shellQuote(word: string): string {
  if (/^[A-Za-z0-9_\/.:=@%+,-]+$/.test(word)) return word;
  return `'${word.replace(/'/g, `'\\''`)}'`;
}
