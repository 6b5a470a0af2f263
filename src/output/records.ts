import type { Tabular } from "./formats.js";

/**
 * Rows of an analysis (objects whose values are numbers, strings, lists...) as csv and ndjson.
 * Unlike a query's rows, whose values are all strings as GetQueryResults gives them, these keep
 * their types in ndjson, as the analysis' `--format json` does.
 */

/** One object per line, in the order given. */
export function renderRecordsNdjson(records: readonly Record<string, unknown>[]): string {
  return records.map((record) => JSON.stringify(record) + "\n").join("");
}

/**
 * Columns in the order keys first appear; numbers and booleans as JSON writes them, lists and
 * objects as JSON text, null and missing values empty.
 */
export function recordsToTabular(records: readonly Record<string, unknown>[]): Tabular {
  const fields: string[] = [];
  const seen = new Set<string>();
  for (const record of records) {
    for (const key of Object.keys(record)) {
      if (!seen.has(key)) {
        seen.add(key);
        fields.push(key);
      }
    }
  }
  const rows = records.map((record) => {
    const row: Record<string, string> = {};
    for (const [key, value] of Object.entries(record)) {
      if (value === null || value === undefined) continue;
      row[key] = typeof value === "string" ? value : JSON.stringify(value);
    }
    return row;
  });
  return { fields, rows };
}
