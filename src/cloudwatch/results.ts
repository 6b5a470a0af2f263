import type { ResultField } from "@aws-sdk/client-cloudwatch-logs";
import type { ResultRow } from "../engine/api.js";

/** GetQueryResults rows (arrays of {field, value}) as row objects plus the column order. */
export function toRows(results: ResultField[][]): { fields: string[]; rows: ResultRow[] } {
  const fields: string[] = [];
  const seen = new Set<string>();
  const rows = results.map((cells) => {
    const row: ResultRow = {};
    for (const { field, value } of cells) {
      if (field === undefined || value === undefined) continue;
      row[field] = value;
      if (!seen.has(field)) {
        seen.add(field);
        fields.push(field);
      }
    }
    return row;
  });
  // GetQueryResults puts @ptr last on every row; keep it last in the column order too.
  const ptr = fields.indexOf("@ptr");
  if (ptr >= 0 && ptr !== fields.length - 1) fields.push(...fields.splice(ptr, 1));
  return { fields, rows };
}
