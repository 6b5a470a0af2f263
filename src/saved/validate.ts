import type { Diagnostic } from "../engine/diagnostics.js";
import { UserError } from "../shared/errors.js";
import { expandInvocations, type SavedQueryLookup } from "./invocations.js";
import type { LoadedQuery } from "./load.js";
import { sampleValues } from "./sample-values.js";
import type { SavedQueryProblem } from "./saved-query.js";
import { substitute } from "./substitute.js";

/** The engine's offline checks, passed in: src/saved does not load the engine itself. */
export interface QueryChecker {
  checkQuery(text: string): Diagnostic[];
  queryNotes(text: string): Diagnostic[];
}

/**
 * What `queries check` says of one saved query. `list` warns and `push` refuses on the same
 * verdict, so that no command takes a file another calls broken.
 */
export type SavedQueryVerdict =
  /** The file itself: header, placeholders, length. */
  | { kind: "file"; problems: SavedQueryProblem[] }
  /** A `$Name(...)` that cannot be expanded. */
  | { kind: "invocation"; error: UserError }
  /** The query, expanded with sample values, does not parse or check. */
  | { kind: "query"; text: string; diagnostics: Diagnostic[] }
  /** It runs; `notes` are what runs but not as written. */
  | { kind: "ok"; text: string; notes: Diagnostic[] };

export function failed(verdict: SavedQueryVerdict): boolean {
  return verdict.kind !== "ok";
}

/**
 * Checks a saved query as it would run: the file's problems, then the query with defaults
 * (samples for required parameters) and `$Name(...)` invocations expanded.
 */
export function validateSavedQuery(loaded: LoadedQuery, saved: SavedQueryLookup, checker: QueryChecker): SavedQueryVerdict {
  const problems = [...loaded.problems];
  // Only for files kept as saved queries: a `--file` or inline query needs no description.
  if (loaded.query.description === undefined) {
    problems.unshift({ line: 1, message: "no `# description:` line; `tolog queries list` shows it" });
  }
  // Read as UTF-8, a binary file's bytes become NULs and replacement characters: saying so
  // beats listing the header problems of what was never a query.
  if (/[\u0000\ufffd]/.test(loaded.query.text)) {
    return { kind: "file", problems: [{ line: 1, message: "the file is not text (it holds NUL bytes or bytes that are not UTF-8); a saved query is a UTF-8 text file" }] };
  }
  if (problems.length > 0) return { kind: "file", problems };
  let text = substitute(loaded.query.text, sampleValues(loaded.query));
  try {
    text = expandInvocations(text, saved);
  } catch (error) {
    if (!(error instanceof UserError)) throw error;
    return { kind: "invocation", error };
  }
  const diagnostics = checker.checkQuery(text);
  if (diagnostics.length > 0) return { kind: "query", text, diagnostics };
  return { kind: "ok", text, notes: checker.queryNotes(text) };
}
