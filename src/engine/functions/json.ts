import type { Value } from "../values.js";
import { strict, type FunctionFamily } from "./registry.js";
import { equalsLoose } from "../compare.js";
import { isStructured, toText } from "./coerce.js";
import { MAX_JSON_DEPTH, nestsDeeperThan } from "../discover.js";
import { parseJsonExact } from "../exact-number.js";

/**
 * `jsonParse`: a JSON object or array string becomes a map or list; anything else is missing,
 * and so is JSON nested deeper than discovery reads (`MAX_JSON_DEPTH`), whose map every later
 * step would have to walk as deep.
 */
export function parseJsonValue(v: Value): Value {
  if (isStructured(v)) return v;
  const text = toText(v)?.trim();
  if (!text || (text[0] !== "{" && text[0] !== "[")) return null;
  if (nestsDeeperThan(text, MAX_JSON_DEPTH)) return null;
  try {
    return parseJsonExact(text) as Value;
  } catch {
    return null;
  }
}

function asList(v: Value): Value[] | null {
  const parsed = parseJsonValue(v);
  return Array.isArray(parsed) ? parsed : null;
}

export const jsonFunctions: FunctionFamily = [
  strict("jsonParse", 1, 1, ([a]) => parseJsonValue(a)),
  strict("jsonStringify", 1, 1, ([a]) => (isStructured(a) ? toText(a) : JSON.stringify(a))),
  strict("jsonArraySize", 1, 1, ([a]) => asList(a)?.length ?? null),
  {
    // Case-sensitive; false for bad JSON, a non-array or an empty array.
    name: "jsonArrayContains",
    min: 2,
    max: 2,
    fn: ([a, v]) => {
      const list = asList(a);
      if (list === null || v === null) return false;
      return list.some((item) => typeof item === typeof v ? item === v : equalsLoose(item, v));
    },
  },
];
