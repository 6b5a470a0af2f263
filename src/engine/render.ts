import type { Value } from "./values.js";
import type { LogEvent } from "./source.js";
import { formatNumber, formatTimestamp, toText } from "./functions/coerce.js";
import { discoverFields } from "./discover.js";
import { logFieldValue } from "./record.js";

/**
 * A value as GetQueryResults prints it (reference decisions, "value rendering"): every value a
 * string; booleans 1/0; timestamps `YYYY-MM-DD HH:mm:ss.SSS` UTC; maps and lists as JSON.
 * Returns undefined for a missing value, which is left out of the row.
 */
export function renderValue(v: Value): string | undefined {
  if (v === null) return undefined;
  if (typeof v === "boolean") return v ? "1" : "0";
  if (typeof v === "number") return Number.isFinite(v) ? formatNumber(v) : Number.isNaN(v) ? undefined : v > 0 ? "Infinity" : "-Infinity";
  if (v instanceof Date) return formatTimestamp(v.getTime());
  return toText(v) ?? undefined;
}

/**
 * Every field of one event as GetLogRecord returns it: system fields with timestamps as
 * epoch-ms digits, then the discovered JSON fields.
 */
export function renderRecord(event: LogEvent): Record<string, string> {
  const record: Record<string, string> = {
    "@timestamp": String(event.timestamp),
    "@ingestionTime": String(event.ingestionTime),
    "@log": logFieldValue(event.logGroup),
    "@logStream": event.logStream,
    "@message": event.message,
  };
  const discovered = discoverFields(event.message);
  for (const name of Object.keys(discovered)) {
    const text = renderValue(discovered[name]);
    if (text !== undefined) record[name] = text;
  }
  record["@ptr"] = event.ptr;
  return record;
}
