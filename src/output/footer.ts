import type { QueryStatistics } from "../engine/api.js";

/**
 * 38503 -> "38,503". Not Intl.NumberFormat: its first use loads ICU's locale data, about 20 ms
 * of every command's start-up.
 */
export function groupThousands(n: number): string {
  return Number.isInteger(n) ? String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ",") : String(n);
}

/** "12 rows · 57 records matched · 4,000 records scanned · 1.2 MB scanned", for stderr. */
export function renderFooter(rowCount: number, statistics: QueryStatistics): string {
  return [
    plural(rowCount, "row"),
    `${plural(statistics.recordsMatched, "record")} matched`,
    `${plural(statistics.recordsScanned, "record")} scanned`,
    `${formatBytes(statistics.bytesScanned)} scanned`,
  ].join(" · ");
}

function plural(n: number, noun: string): string {
  return `${groupThousands(n)} ${noun}${n === 1 ? "" : "s"}`;
}

/** Decimal units: 1 MB = 10^6 bytes. */
export function formatBytes(bytes: number): string {
  const units = ["kB", "MB", "GB", "TB"];
  if (bytes < 1000) return `${bytes} B`;
  let value = bytes;
  let unit = "B";
  for (const next of units) {
    if (value < 1000) break;
    value /= 1000;
    unit = next;
  }
  return `${value.toFixed(1)} ${unit}`;
}
