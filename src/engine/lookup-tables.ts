import { readCsv } from "./csv.js";

/**
 * Lookup tables for `lookup` and `cidrlookup`: CSV data with a header row, read by name. The
 * engine asks a `LookupTables` for a table while it compiles a query; the CLI reads a
 * directory (`--lookups DIR`, one `<name>.csv` each), `tolog serve` keeps the tables that
 * CreateLookupTable uploaded.
 */

export interface LookupTable {
  name: string;
  /** Where it was read from, for messages (a path, or `lookup table <name>` for serve's). */
  origin: string;
  columns: string[];
  /** The 1-based line of the header row in the CSV text. */
  headerLine: number;
  /** The data rows, each with the 1-based line it starts on in the CSV text. */
  rows: Array<{ line: number; values: string[] }>;
}

/** Why a table cannot be used: the message names the file and the line. */
export interface LookupTableProblem {
  origin: string;
  line: number;
  message: string;
}

export type LookupTableResult = { table: LookupTable } | { problem: LookupTableProblem } | { missing: { names: string[]; where: string } };

export interface LookupTables {
  /** The table called `name`, a problem with its file, or what tables there are. */
  load(name: string): LookupTableResult;
}


/**
 * A table from its CSV text: the first record is the header. No header (an empty text), an
 * empty or repeated column name, or a row with more values than the header has columns is a
 * problem at its line; a shorter row leaves its last columns empty.
 */
export function lookupTableFromCsv(name: string, origin: string, text: string): LookupTableResult {
  const records = readCsv(text);
  if (records.length === 0) return { problem: { origin, line: 1, message: "the table is empty: it needs a header row naming its columns" } };
  const [header, ...rows] = records;
  const seen = new Set<string>();
  for (const column of header.values) {
    const trimmed = column.trim();
    if (trimmed === "") return { problem: { origin, line: header.line, message: "the header row has an empty column name (the first row must name every column)" } };
    if (seen.has(trimmed)) return { problem: { origin, line: header.line, message: `the header row names column "${trimmed}" twice` } };
    seen.add(trimmed);
  }
  for (const row of rows) {
    if (row.values.length > header.values.length) {
      return { problem: { origin, line: row.line, message: `the row has ${row.values.length} values but the header names ${header.values.length} columns` } };
    }
  }
  return { table: { name, origin, columns: header.values.map((c) => c.trim()), headerLine: header.line, rows } };
}
