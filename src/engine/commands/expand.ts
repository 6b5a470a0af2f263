import type { Value } from "../values.js";
import { parseJsonValue } from "../functions/json.js";
import { streaming, type StageFactory } from "./stage.js";
import { walkPath } from "./json-path.js";

/**
 * `expand field`: one row per element of the JSON array in `field`, the element in its place.
 * The array is the field's value (a list, or text holding a JSON array) or, when discovery
 * flattened it (`items.0`, `items.1`), read again from the event's JSON. A field that holds no
 * array leaves the row as it is; an empty array leaves no row (as unnest).
 */
export function expandStage(field: string): StageFactory {
  const path = field.split(".");
  return streaming((next) => ({
    push: (row) => {
      const items = arrayOf(row.get(field)) ?? arrayOf(walkPath(parseJsonValue(row.event?.message ?? null), path));
      if (items === null) return next.push(row);
      for (const item of items) {
        const out = row.copy();
        out.set(field, item);
        next.push(out);
      }
    },
    end: () => next.end(),
  }));
}

function arrayOf(v: Value): Value[] | null {
  if (Array.isArray(v)) return v;
  if (typeof v === "string" && v.trimStart().startsWith("[")) {
    const parsed = parseJsonValue(v);
    return Array.isArray(parsed) ? parsed : null;
  }
  return null;
}
