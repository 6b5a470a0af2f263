import { findSavedQuery } from "../saved/load.js";
import { bindParams } from "../saved/params.js";
import type { SavedQuery } from "../saved/saved-query.js";
import { substitute } from "../saved/substitute.js";
import { UserError } from "../shared/errors.js";
import type { QueryParams } from "./saved-query-runner.js";

/**
 * The saved queries the analyses run, with the command that runs each and the parameters it
 * passes. A user's file of the same name hides tolog's own (by design: a team may adapt one to
 * its logs), so it must take exactly these; `queries check` and the follow-up commands an
 * analysis prints check against this list before anything runs.
 */
export const ANALYSIS_QUERIES: readonly { name: string; command: string; params: readonly string[] }[] = [
  { name: "trace", command: "trace", params: ["request_id"] },
  { name: "trace-slowest", command: "trace --slowest", params: [] },
  { name: "trace-slowest-on-route", command: "trace --slowest --route", params: ["route"] },
  { name: "trace-slowest-by-span", command: "trace --slowest", params: [] },
  { name: "latency", command: "latency", params: [] },
  { name: "races", command: "races", params: [] },
  { name: "slow-queries", command: "slow-queries", params: [] },
];

/**
 * Why `query` cannot be run with exactly the parameters `passed` (undefined when it can): a
 * parameter it does not declare, or a required one nobody passes.
 */
export function paramMismatch(query: SavedQuery, passed: readonly string[]): string | undefined {
  const declared = query.params.map((p) => p.name);
  const missing = passed.filter((name) => !declared.includes(name));
  if (missing.length > 0) return `it declares no parameter ${missing.join(", ")}`;
  const required = query.params.filter((p) => p.default === undefined && !passed.includes(p.name)).map((p) => p.name);
  if (required.length > 0) return `it requires ${required.join(", ")}, which it is not given (give ${required.length === 1 ? "it" : "them"} a default)`;
  return undefined;
}

/** The error (or warning) for a file that hides an analysis's query without taking its parameters. */
export function shadowMessage(query: SavedQuery, passed: readonly string[], mismatch: string): { message: string; hint: string } {
  const entry = ANALYSIS_QUERIES.find((q) => q.name === query.name);
  const command = `tolog ${entry?.command ?? query.name}`;
  const where = query.path ?? `saved query "${query.name}"`;
  const runs = passed.length === 0 ? "runs without parameters" : `runs with ${passed.join(", ")}`;
  const declare = passed.map((name) => `\`# param ${name}: ...\``).join(" and ");
  return {
    message: `${where} hides tolog's own "${query.name}" query, which ${command} ${runs}; ${mismatch}.`,
    hint: `${declare === "" ? "Make it take no required parameter" : `Declare ${declare} in it and use {{${passed[0]}}}`}, or rename the file so that tolog's own query runs.`,
  };
}

/**
 * Loads a saved query by name from `dirs` (first match wins) and substitutes its parameters
 * as literals (src/saved), so that a value can never change the query's shape.
 */
export function savedQueryLoader(dirs: readonly string[]): (name: string, params: QueryParams) => string {
  return (name, params) => {
    const { query } = findSavedQuery(name, dirs);
    const passed = Object.keys(params ?? {});
    // bindParams' own errors speak of --param, which an analysis's user never gave.
    const mismatch = paramMismatch(query, passed);
    if (mismatch !== undefined) {
      const { message, hint } = shadowMessage(query, passed, mismatch);
      throw new UserError(message, { hint });
    }
    const given = new Map(Object.entries(params).map(([key, value]) => [key, String(value)]));
    return substitute(query.text, bindParams(query, given));
  };
}

/**
 * The files in `dirs` that hide an analysis's query without taking its parameters, found
 * without running anything.
 */
export function mismatchedShadows(dirs: readonly string[]): { name: string; command: string; where: string; message: string; hint: string }[] {
  const found: { name: string; command: string; where: string; message: string; hint: string }[] = [];
  for (const entry of ANALYSIS_QUERIES) {
    let query: SavedQuery;
    try {
      query = findSavedQuery(entry.name, dirs).query;
    } catch (error) {
      if (error instanceof UserError) continue;
      throw error;
    }
    const mismatch = paramMismatch(query, entry.params);
    if (mismatch !== undefined) found.push({ name: entry.name, command: entry.command, where: query.path ?? entry.name, ...shadowMessage(query, entry.params, mismatch) });
  }
  return found;
}
