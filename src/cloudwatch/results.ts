import type { ResultField } from "@aws-sdk/client-cloudwatch-logs";
import type { ResultRow } from "../engine/api.js";

/**
 * GetQueryResults rows (arrays of {field, value}) as row objects plus the column order. A row
 * leaves out the fields it has no value for, so the order in which fields first appear is not
 * the query's: `columns`, the query's own output columns when the engine knows them, give the
 * order (and the columns no row has), as `tolog query --logs` gives them.
 */
export function toRows(results: ResultField[][], columns?: readonly string[]): { fields: string[]; rows: ResultRow[] } {
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
  if (columns !== undefined) fields.splice(0, fields.length, ...columns, ...fields.filter((f) => !columns.includes(f)));
  // GetQueryResults puts @ptr last on every row; keep it last in the column order too.
  const ptr = fields.indexOf("@ptr");
  if (ptr >= 0 && ptr !== fields.length - 1) fields.push(...fields.splice(ptr, 1));
  return { fields, rows };
}
