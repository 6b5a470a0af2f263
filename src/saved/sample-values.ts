import { scanPlaceholders } from "./placeholders.js";
import type { SavedQuery } from "./saved-query.js";

/** Tokens after which a value must be a number for the query to make sense. */
const NUMERIC_CONTEXT = new Set(["limit", "<", ">", "<=", ">=", "+", "-", "*", "/", "%", "^"]);

/**
 * Values to check a saved query with, offline: each parameter's default, or for a required one
 * a sample of the type its use calls for (`limit {{n}}`, `> {{min_ms}}` -> 1, else a string).
 */
export function sampleValues(query: SavedQuery): Record<string, string> {
  const placeholders = scanPlaceholders(query.text).placeholders;
  const values: Record<string, string> = {};
  for (const param of query.params) {
    if (param.default !== undefined) {
      values[param.name] = param.default;
      continue;
    }
    const numeric = placeholders.some(
      (p) => p.name === param.name && p.previous !== undefined && NUMERIC_CONTEXT.has(p.previous.toLowerCase()),
    );
    values[param.name] = numeric ? "1" : "sample";
  }
  return values;
}
