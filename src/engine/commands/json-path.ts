import type { Evaluator } from "../compile/types.js";
import type { Value } from "../values.js";
import { parseJsonValue } from "../functions/json.js";
import { isStructured } from "../functions/coerce.js";
import { streaming, type StageFactory } from "./stage.js";

/**
 * `json field=f "a.b" as x`: the value at a dotted path (numeric segments index lists) of the
 * JSON held in `f`; missing when `f` is not JSON or the path leads nowhere.
 */
export function jsonStage(source: Evaluator, paths: Array<{ path: string[]; alias: string }>): StageFactory {
  return streaming((next) => ({
    push: (row) => {
      const parsed = parseJsonValue(source(row));
      for (const { path, alias } of paths) row.set(alias, walkPath(parsed, path));
      next.push(row);
    },
    end: () => next.end(),
  }));
}

export function walkPath(value: Value, path: readonly string[]): Value {
  let v = value;
  for (const key of path) {
    if (!isStructured(v)) return null;
    v = (Array.isArray(v) ? v[Number(key)] : v[key]) ?? null;
  }
  return v;
}
