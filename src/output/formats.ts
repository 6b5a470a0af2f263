/** The `--format` values every result-printing command accepts. */
export const OUTPUT_FORMATS = ["table", "json", "ndjson", "csv"] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

/** Columns and string rows: a QueryResult, or any other command's tabular answer. */
export interface Tabular {
  fields: string[];
  rows: Record<string, string>[];
}
