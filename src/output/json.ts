import type { QueryResult } from "../engine/api.js";
import type { Tabular } from "./formats.js";
import { MAX_ROW_CAP } from "../engine/compile/limits.js";

/**
 * One JSON document, in the shape of GetQueryResults turned into row objects: every value a
 * string, a missing value left out of its row, keys in column order. When the row cap cut the
 * rows, `truncated` says at how many and which flag raises the cap.
 */
export function renderJson(result: QueryResult): string {
  const document = {
    status: result.status,
    fields: result.fields,
    rows: orderedRows(result),
    statistics: {
      recordsScanned: result.statistics.recordsScanned,
      recordsMatched: result.statistics.recordsMatched,
      bytesScanned: result.statistics.bytesScanned,
    },
    ...(result.truncated && { truncated: { rowCap: result.truncated.rowCap, raiseWith: "--limit", maxLimit: MAX_ROW_CAP } }),
  };
  return JSON.stringify(document) + "\n";
}

/** One row object per line, nothing else: `jq`-, DuckDB- and `while read` friendly. */
export function renderNdjson(data: Tabular): string {
  return orderedRows(data).map((row) => JSON.stringify(row) + "\n").join("");
}

/** Rows with their keys in column order (then any key not listed as a column). */
export function orderedRows(data: Tabular): Record<string, string>[] {
  return data.rows.map((row) => {
    const ordered: Record<string, string> = {};
    for (const field of data.fields) if (row[field] !== undefined) ordered[field] = row[field];
    for (const [key, value] of Object.entries(row)) if (!(key in ordered)) ordered[key] = value;
    return ordered;
  });
}
