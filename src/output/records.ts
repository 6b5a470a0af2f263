import type { Tabular } from "./formats.js";

/**
 * Rows of an analysis (objects whose values are numbers, strings, lists...) as csv and ndjson.
 * Unlike a query's rows, whose values are all strings as GetQueryResults gives them, these keep
 * their types in ndjson, as the analysis' `--format json` does.
 */

/**
 * For JSON.stringify: a fraction at 15 significant digits, where sums of fractions gather binary
 * noise (375450.56999999966 is 375450.57; -71.74900000000001 is -71.749). Fifteen digits are
 * always those of the decimal the double stands for.
 */
export function withoutFloatNoise(_key: string, value: unknown): unknown {
  return typeof value === "number" && !Number.isInteger(value) && Number.isFinite(value) ? Number(value.toPrecision(15)) : value;
}

/** One object per line, in the order given. */
export function renderRecordsNdjson(records: readonly Record<string, unknown>[]): string {
  return records.map((record) => JSON.stringify(record, withoutFloatNoise) + "\n").join("");
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
      row[key] = typeof value === "string" ? value : JSON.stringify(value, withoutFloatNoise);
    }
    return row;
  });
  return { fields, rows };
}
