import type { Command } from "../ast.js";
import { lookupFunction } from "../functions/registry.js";
import { lookupAggregate } from "../aggregates/registry.js";

/**
 * Every field name the query may read from a row made from an event: each field reference in
 * its commands up to the first `stats` or `pattern` (found by walking the whole tree, so that no
 * command kind can be missed; later commands see only the rows those make) and, when rows are
 * still events at the end, the output columns. Rows read fields only through these (`Row.get`
 * from a compiled field reference or an output column), so discovery may stop at these names.
 */
export function fieldsRead(commands: Command[], columns: readonly string[]): string[] {
  const shapedAt = commands.findIndex((c) => c.kind === "stats" || c.kind === "pattern");
  const names = new Set<string>(shapedAt < 0 ? columns : []);
  const visit = (node: unknown): void => {
    if (typeof node !== "object" || node === null) return;
    if (Array.isArray(node)) {
      for (const item of node) visit(item);
      return;
    }
    const record = node as Record<string, unknown>;
    if (record.kind === "field" && typeof record.name === "string") names.add(record.name);
    for (const key in record) if (key !== "span") visit(record[key]);
  };
  visit(shapedAt < 0 ? commands : commands.slice(0, shapedAt + 1));
  return [...names];
}

/**
 * Whether any of `commands` reads the events' time: `@timestamp` (or `@ingestionTime`, which
 * is the same for a local JSON line), or a function that reads it itself (`bin`, `earliest`, ...: `readsEventTime` in their definitions).
 */
export function readsEventTime(commands: Command[]): boolean {
  let reads = false;
  const visit = (node: unknown): void => {
    if (reads || typeof node !== "object" || node === null) return;
    if (Array.isArray(node)) {
      for (const item of node) visit(item);
      return;
    }
    const record = node as Record<string, unknown>;
    if (record.kind === "field" && (record.name === "@timestamp" || record.name === "@ingestionTime")) reads = true;
    if (record.kind === "call" && typeof record.name === "string") {
      reads ||= (lookupFunction(record.name)?.readsEventTime ?? lookupAggregate(record.name)?.readsEventTime) === true;
    }
    for (const key in record) if (key !== "span") visit(record[key]);
  };
  visit(commands);
  return reads;
}
