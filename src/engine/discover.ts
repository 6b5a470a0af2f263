import type { Value } from "./values.js";

/** CloudWatch extracts at most this many fields from one JSON event; the rest need `jsonParse`. */
export const MAX_DISCOVERED_FIELDS = 200;

export type DiscoveredFields = Record<string, Value>;

const NONE: DiscoveredFields = Object.freeze(Object.create(null)) as DiscoveredFields;

/**
 * The fields Logs Insights discovers in an event's text: the keys of a JSON object message, or
 * of the first balanced `{...}` fragment after a text prefix (Lambda lines:
 * `2020-11-03T02:52:20.873Z <id> INFO {...}`). Nested objects flatten with dots, arrays with
 * numeric segments; a JSON string holding JSON stays a leaf; a key starting with `@` gets a
 * second `@` so it cannot shadow a system field; JSON null is a missing value.
 */
export function discoverFields(message: string): DiscoveredFields {
  const parsed = parseJsonObject(message);
  if (parsed === undefined) return NONE;
  // The common case (one flat JSON object per log line): the parsed object already is the
  // field map. Readers use ownField() so that names like `toString` stay missing fields.
  if (isFlat(parsed)) return parsed as DiscoveredFields;
  const out: DiscoveredFields = Object.create(null);
  const budget = { left: MAX_DISCOVERED_FIELDS };
  for (const key of Object.keys(parsed)) {
    if (budget.left <= 0) break;
    flatten(key.startsWith("@") ? `@${key}` : key, parsed[key], out, budget);
  }
  return out;
}

/** A discovered field's value, or undefined (own properties only). */
export function ownField(fields: DiscoveredFields, name: string): Value | undefined {
  const v = fields[name];
  return v !== undefined && Object.hasOwn(fields, name) ? v : undefined;
}

/** No nested values, no `@` keys to rename, and within the field cap. */
function isFlat(obj: Record<string, unknown>): boolean {
  let n = 0;
  for (const key in obj) {
    const v = obj[key];
    if ((typeof v === "object" && v !== null) || key.charCodeAt(0) === 64 /* @ */ || ++n > MAX_DISCOVERED_FIELDS) return false;
  }
  return true;
}

function flatten(name: string, value: unknown, out: DiscoveredFields, budget: { left: number }): void {
  if (budget.left <= 0 || value === null || value === undefined) return;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length && budget.left > 0; i++) flatten(`${name}.${i}`, value[i], out, budget);
    return;
  }
  if (typeof value === "object") {
    const obj = value as Record<string, unknown>;
    for (const key of Object.keys(obj)) {
      if (budget.left <= 0) break;
      flatten(`${name}.${key}`, obj[key], out, budget);
    }
    return;
  }
  if (typeof value === "string" || typeof value === "number" || typeof value === "boolean") {
    out[name] = value;
    budget.left--;
  }
}

function parseJsonObject(message: string): Record<string, unknown> | undefined {
  const open = message.indexOf("{");
  if (open < 0) return undefined;
  const whole = tryParseObject(message.trim());
  if (whole !== undefined) return whole;
  const close = matchingBrace(message, open);
  return close < 0 ? undefined : tryParseObject(message.slice(open, close + 1));
}

function tryParseObject(text: string): Record<string, unknown> | undefined {
  if (!text.startsWith("{") || !text.endsWith("}")) return undefined;
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === "object" && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

/** Index of the `}` that closes the `{` at `open`, skipping braces inside JSON strings; -1 if none. */
function matchingBrace(text: string, open: number): number {
  let depth = 0;
  let inString = false;
  for (let i = open; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92 /* \ */) i++;
      else if (c === 34 /* " */) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 123 /* { */) depth++;
    else if (c === 125 /* } */ && --depth === 0) return i;
  }
  return -1;
}
