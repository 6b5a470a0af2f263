/**
 * CSV as RFC 4180 writes it: fields separated by commas, a field in double quotes may hold
 * commas, line breaks and `""` (one quote). Used for lookup tables and `parse ... csv`. A
 * hand-written reader: a few lines, and it must report the line each record starts on.
 */

export interface CsvRecord {
  /** 1-based line of the file where the record starts. */
  line: number;
  values: string[];
}

/** Every record of a CSV text; blank lines are skipped; a last line without a break is read. */
export function readCsv(text: string): CsvRecord[] {
  const records: CsvRecord[] = [];
  let line = 1;
  let pos = text.charCodeAt(0) === 0xfeff ? 1 : 0; // a UTF-8 byte order mark
  while (pos < text.length) {
    const start = line;
    const { values, end, lines } = readRecord(text, pos);
    line += lines;
    pos = end;
    if (!(values.length === 1 && values[0] === "")) records.push({ line: start, values });
  }
  return records;
}

/** The values of one CSV line (`parse ... csv`): quotes as in a file, no line breaks. */
export function splitCsvLine(text: string): string[] {
  return readRecord(text, 0, false).values;
}

function readRecord(text: string, from: number, stopAtBreak = true): { values: string[]; end: number; lines: number } {
  const values: string[] = [];
  let pos = from;
  let lines = 0;
  for (;;) {
    let value = "";
    if (text[pos] === '"') {
      pos++;
      for (;;) {
        if (pos >= text.length) break;
        const c = text[pos];
        if (c === '"') {
          if (text[pos + 1] === '"') {
            value += '"';
            pos += 2;
            continue;
          }
          pos++;
          break;
        }
        if (c === "\n") lines++;
        value += c;
        pos++;
      }
      // Text after the closing quote belongs to the same field.
      while (pos < text.length && text[pos] !== "," && !(stopAtBreak && (text[pos] === "\n" || text[pos] === "\r"))) value += text[pos++];
    } else {
      while (pos < text.length && text[pos] !== "," && !(stopAtBreak && (text[pos] === "\n" || text[pos] === "\r"))) value += text[pos++];
    }
    values.push(value);
    if (text[pos] === ",") {
      pos++;
      continue;
    }
    if (text[pos] === "\r") pos++;
    if (text[pos] === "\n") {
      pos++;
      lines++;
    }
    return { values, end: pos, lines };
  }
}
