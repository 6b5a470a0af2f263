import type { Value } from "./values.js";
import { recogniseText, type TextContext } from "./vended/recognise.js";
import { lambdaPlatformFields } from "./vended/lambda.js";
import { isUnsafeNumber, parseJsonExact } from "./exact-number.js";

/** CloudWatch extracts at most this many fields from one JSON event; the rest need `jsonParse`. */
export const MAX_DISCOVERED_FIELDS = 200;

/**
 * How deeply an event's JSON may nest for its fields to be discovered (the top-level object is
 * level 1). A deeper event keeps only its system fields (`@timestamp`, `@message`, ...) and is
 * counted (`TOO_DEEP`): walking it would take a call stack as deep as the JSON (one 24 KB line
 * nested 4,000 levels deep used to end every query that read a field). Decision:
 * DECISIONS.md, "Local events".
 */
export const MAX_JSON_DEPTH = 100;

export type DiscoveredFields = Record<string, Value>;

/** No field: what discovery gives for a line without any, and a source for an event whose query reads none. */
export const NO_FIELDS: DiscoveredFields = Object.freeze(Object.create(null)) as DiscoveredFields;

/** What discovery gives for an event nested deeper than `MAX_JSON_DEPTH`: no field. */
export const TOO_DEEP: DiscoveredFields = Object.freeze(Object.create(null)) as DiscoveredFields;

/**
 * The fields Logs Insights discovers in an event's text: those of an AWS vended text format
 * (Lambda's START/END/REPORT lines, VPC flow logs, Route 53 query logs: vended/), recognised by
 * the line's shape or by the format declared for its log group (`text`); else the keys of a JSON object
 * message, or of the first balanced `{...}` fragment after a text prefix (Lambda lines:
 * `2020-11-03T02:52:20.873Z <id> INFO {...}`). Nested objects flatten with dots, arrays with
 * numeric segments; a JSON string holding JSON stays a leaf; a key starting with `@` gets a
 * second `@` so it cannot shadow a system field; JSON null is a missing value. A line that
 * almost matches a vended format has no field (`text.tally` hears why). A line starting with `{`
 * never meets the text recognisers.
 */
export function discoverFields(message: string, text?: TextContext): DiscoveredFields {
  if (message.charCodeAt(0) !== 123 /* { */ && !startsWithBrace(message)) {
    const vended = recogniseText(message, text);
    if (vended !== undefined) return vended ?? NO_FIELDS;
  }
  const found = parseJsonObject(message);
  if (found === undefined) return NO_FIELDS;
  let parsed = found.value;
  // The common case (one flat JSON object per log line): the parsed object already is the
  // field map. Readers use ownField() so that names like `toString` stay missing fields.
  // An integer beyond 2^53 may have lost digits: the rare line holding one is parsed again,
  // keeping them (exact-number.ts), so that the usual line pays no search for them.
  const flat = flatness(parsed);
  if (flat === Flatness.flat) return parsed as DiscoveredFields;
  if (flat === Flatness.flatUnsafe) return parseJsonExact(found.text) as DiscoveredFields;
  if (nestsDeeperThan(found.text, MAX_JSON_DEPTH)) return TOO_DEEP;
  let flattened = flattenAll(parsed);
  if (flattened.unsafe) {
    parsed = parseJsonExact(found.text) as Record<string, unknown>;
    flattened = flattenAll(parsed);
  }
  const out = flattened.out;
  const platform = lambdaPlatformFields(parsed);
  if (platform !== undefined) Object.assign(out, platform);
  return out;
}

function flattenAll(parsed: Record<string, unknown>): { out: DiscoveredFields; unsafe: boolean } {
  const out: DiscoveredFields = Object.create(null);
  const budget = { left: MAX_DISCOVERED_FIELDS, unsafe: false };
  for (const key of Object.keys(parsed)) {
    if (budget.left <= 0) break;
    flatten(key.startsWith("@") ? `@${key}` : key, parsed[key], out, budget);
  }
  return { out, unsafe: budget.unsafe };
}

/** Whether the first character after blanks is `{`. */
function startsWithBrace(message: string): boolean {
  for (let i = 0; i < message.length; i++) {
    const c = message.charCodeAt(i);
    if (c !== 32 && c !== 9 && c !== 10 && c !== 13) return c === 123;
  }
  return false;
}

/** A discovered field's value, or undefined (own properties only). */
export function ownField(fields: DiscoveredFields, name: string): Value | undefined {
  const v = fields[name];
  return v !== undefined && Object.hasOwn(fields, name) ? v : undefined;
}

/** How an event's object is made: `flatUnsafe` is flat with a number beyond the safe integers. */
const Flatness = { nested: 0, flat: 1, flatUnsafe: 2 } as const;
type Flatness = (typeof Flatness)[keyof typeof Flatness];

/** Flat: no nested values, no `@` keys to rename, and within the field cap. */
function flatness(obj: Record<string, unknown>): Flatness {
  let n = 0;
  let unsafe = false;
  for (const key in obj) {
    const v = obj[key];
    if ((typeof v === "object" && v !== null) || key.charCodeAt(0) === 64 /* @ */ || ++n > MAX_DISCOVERED_FIELDS) return Flatness.nested;
    if (typeof v === "number" && isUnsafeNumber(v)) unsafe = true;
  }
  return unsafe ? Flatness.flatUnsafe : Flatness.flat;
}

function flatten(name: string, value: unknown, out: DiscoveredFields, budget: { left: number; unsafe: boolean }): void {
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
    if (typeof value === "number" && isUnsafeNumber(value)) budget.unsafe = true;
    out[name] = value;
    budget.left--;
  }
}

function parseJsonObject(message: string): { value: Record<string, unknown>; text: string } | undefined {
  const open = message.indexOf("{");
  if (open < 0) return undefined;
  const trimmed = message.trim();
  const whole = tryParseObject(trimmed);
  if (whole !== undefined) return { value: whole, text: trimmed };
  const close = matchingBrace(message, open);
  if (close < 0) return undefined;
  const fragment = message.slice(open, close + 1);
  const value = tryParseObject(fragment);
  return value === undefined ? undefined : { value, text: fragment };
}

/** Whether the JSON text opens more than `max` brackets (`{`, `[`) inside one another. */
export function nestsDeeperThan(text: string, max: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92 /* \ */) i++;
      else if (c === 34 /* " */) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 123 /* { */ || c === 91 /* [ */) {
      if (++depth > max) return true;
    } else if (c === 125 /* } */ || c === 93 /* ] */) depth--;
  }
  return false;
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
