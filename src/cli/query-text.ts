import { existsSync, statSync } from "node:fs";
import { relative, isAbsolute } from "node:path";
import { findSavedQuery, formatProblems, readQueryFile, savedQueryLookup, type LoadedQuery } from "../saved/load.js";
import { expandInvocations } from "../saved/invocations.js";
import { bindParams, parseParamArgs } from "../saved/params.js";
import { parseInlineQuery } from "../saved/saved-query.js";
import { substitute } from "../saved/substitute.js";
import type { HandlerContext } from "./context.js";
import { UsageError, UserError } from "../shared/errors.js";

export interface QueryTextArgs {
  query?: string;
  file?: string;
  saved?: string;
  param?: string[];
  queriesDir?: string[];
}

/** The saved-query directories, in order of precedence: each `--queries-dir`, then tolog's own. */
export function queryDirs(args: { queriesDir?: string[] }, ctx: HandlerContext): string[] {
  const dirs = args.queriesDir ?? [];
  for (const dir of dirs) {
    if (!existsSync(dir) || !statSync(dir).isDirectory()) {
      throw new UserError(`--queries-dir ${dir} is not a directory.`, {
        hint: "Name a directory that holds <name>.insights files.",
      });
    }
  }
  return [...dirs, ctx.bundledQueriesDir];
}

/**
 * The query to run, from exactly one of: the positional text, `--file`, `--saved`; with its
 * `{{placeholders}}` replaced by `--param` values and defaults.
 */
export function resolveQueryText(args: QueryTextArgs, ctx: HandlerContext): string {
  const given = [args.query !== undefined && "query text", args.file !== undefined && "--file", args.saved !== undefined && "--saved"].filter(
    (x): x is string => x !== false,
  );
  if (given.length === 0) throw new UsageError("No query given.", { hint: "Pass the query text, --file PATH or --saved NAME." });
  if (given.length > 1) {
    throw new UsageError(`Give one query, not ${given.join(" and ")}.`, {
      hint: "Pass only one of: the query text, --file PATH, --saved NAME.",
    });
  }
  const loaded = loadTemplate(args, ctx);
  if (loaded.problems.length > 0) {
    throw new UserError(`The query has problems:\n${formatProblems(loaded, displayPath)}`, {
      hint: args.saved !== undefined ? "Fix the file; `tolog queries check` checks every saved query." : "Fix them and run again.",
    });
  }
  const values = bindParams(loaded.query, parseParamArgs(args.param ?? []));
  // `$Name(...)` invokes another saved query: expanded here, as CloudWatch expands it.
  return expandInvocations(substitute(loaded.query.text, values), savedQueryLookup(queryDirs(args, ctx)));
}

function loadTemplate(args: QueryTextArgs, ctx: HandlerContext): LoadedQuery {
  if (args.saved !== undefined) return findSavedQuery(args.saved, queryDirs(args, ctx));
  if (args.file !== undefined) {
    if (!existsSync(args.file)) {
      throw new UserError(`--file ${args.file}: no such file.`, { hint: "Check the path; it is relative to the current directory." });
    }
    if (statSync(args.file).isDirectory()) {
      throw new UserError(`--file ${args.file} is a directory, not a query file.`, {
        hint: "Name a file inside it; a directory of saved queries is --queries-dir, and --saved NAME picks one of them.",
      });
    }
    return readQueryFile(args.file);
  }
  if (args.query!.trim() === "") throw new UsageError("The query text is empty.", { hint: "Pass a query, e.g. 'fields @timestamp, @message | limit 20'." });
  return parseInlineQuery(args.query!);
}

/**
 * Shows, on stderr, what in the query runs but not as written (`bin(300s)` is one minute), on
 * CloudWatch as offline: the rows alone would not tell.
 */
export async function noteQuery(text: string, ctx: HandlerContext): Promise<void> {
  const engine = await ctx.engine();
  const notes = engine.queryNotes(text);
  if (notes.length > 0) ctx.info(engine.renderDiagnostics(text, notes, { color: ctx.color }).trimEnd());
}

/** A path for messages: relative to the current directory when under it. */
export function displayPath(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel !== "" && !rel.startsWith("..") && !isAbsolute(rel) ? rel : path;
}
