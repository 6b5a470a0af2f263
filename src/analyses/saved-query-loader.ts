import { findSavedQuery } from "../saved/load.js";
import { bindParams } from "../saved/params.js";
import { substitute } from "../saved/substitute.js";
import type { QueryParams } from "./saved-query-runner.js";

/**
 * Loads a saved query by name from `dirs` (first match wins) and substitutes its parameters
 * as literals (src/saved), so that a value can never change the query's shape.
 */
export function savedQueryLoader(dirs: readonly string[]): (name: string, params: QueryParams) => string {
  return (name, params) => {
    const { query } = findSavedQuery(name, dirs);
    const given = new Map(Object.entries(params).map(([key, value]) => [key, String(value)]));
    return substitute(query.text, bindParams(query, given));
  };
}
