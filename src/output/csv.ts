import type { Tabular } from "./formats.js";

/**
 * RFC 4180: a header line, then one line per row, CRLF line ends; a value is quoted when it
 * holds a comma, a quote, CR or LF, and quotes inside are doubled. A missing value is empty.
 */
export function renderCsv(data: Tabular): string {
  const lines = [data.fields, ...data.rows.map((row) => data.fields.map((field) => row[field] ?? ""))];
  return lines.map((values) => values.map(quote).join(",") + "\r\n").join("");
}

function quote(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}
