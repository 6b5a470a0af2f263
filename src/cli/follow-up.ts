import { statSync } from "node:fs";
import { basename } from "node:path";
import type { FollowUpCommand } from "../analyses/render-options.js";
import type { TimeRange } from "./time-range.js";

/**
 * Follow-up commands that tolog prints (`next: ...`, `Example: ...`) must run when pasted into
 * the shell they were printed in: the same way of starting tolog, the same logs or log groups,
 * the same time range, every word shell-quoted. Logs read from stdin or a pipe (`-`,
 * `<(command)`) are gone once read, and `--logs -` pasted later would wait on the keyboard: such
 * logs are named by a placeholder (FILE), with a line saying what to put there. Pasted as it is,
 * the command stops at once on a FILE that does not exist.
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
export type FollowUp = FollowUpCommand;

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

export function followUpCommand(prefix: string, args: FollowUpArgs, range: TimeRange, readOnce: (path: string) => boolean = isReadOnce): FollowUp {
  const context: string[] = [];
  const once = [...new Set((args.logs ?? []).filter(readOnce))];
  const names = once.length === 1 ? ["FILE"] : once.map((_, i) => `FILE${i + 1}`);
  for (const path of args.logs ?? []) context.push("--logs", once.includes(path) ? names[once.indexOf(path)] : path);
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
  const command = (words: readonly string[]) => [prefix, ...[...words, ...context].map(shellQuote)].join(" ");
  return once.length === 0 ? command : Object.assign(command, { placeholder: placeholderLine(names, once) });
}

/** stdin, or a path that is no file or directory: a pipe (`<(command)`, a FIFO), a device. */
function isReadOnce(path: string): boolean {
  if (path === "-") return true;
  const info = statSync(path, { throwIfNoEntry: false });
  return info !== undefined && !info.isFile() && !info.isDirectory();
}

function placeholderLine(names: readonly string[], paths: readonly string[]): string {
  const read = paths.map((path) => (path === "-" ? "stdin" : path));
  const sources = read.length === 1 ? read[0] : `${read.slice(0, -1).join(", ")} and ${read.at(-1)}`;
  const one = names.length === 1;
  return `${names.join(", ")}: ${one ? "a file" : "files"} holding the logs read from ${sources}, which cannot be read again (pipe them through tee${one ? ` ${names[0]}` : ""} to keep a copy)`;
}

/** POSIX shell quoting: bare when only safe characters, else in single quotes ('\'' for a quote). */
export function shellQuote(word: string): string {
  if (/^[A-Za-z0-9_\/.:=@%+,-]+$/.test(word)) return word;
  return `'${word.replace(/'/g, `'\\''`)}'`;
}
