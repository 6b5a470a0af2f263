import type { Command, Expr } from "../ast.js";
import { lookupFunction } from "../functions/registry.js";
import { lookupAggregate } from "../aggregates/registry.js";
import { forEachNode, someExpr } from "../walk.js";

const SPANS = new Set(["span"]);

/**
 * Every field name the query may read from a row made from an event: each field reference in
 * its commands up to the first `stats` or `pattern` (found by walking the whole tree, so that no
 * command kind can be missed; later commands see only the rows those make) and, when rows are
 * still events at the end, the output columns, and `@message` where a `parse` has no source.
 * Rows read fields only through these (`Row.get` from a compiled field reference, an output
 * column, or a parse of `@message`), so discovery may stop at these names.
 */
export function fieldsRead(commands: Command[], columns: readonly string[]): string[] {
  const shapedAt = commands.findIndex((c) => c.kind === "stats" || c.kind === "pattern");
  const names = new Set<string>(shapedAt < 0 ? columns : []);
  const visit = (record: Record<string, unknown>): void => {
    if (record.kind === "field" && typeof record.name === "string") names.add(record.name);
    // A parse without a source parses @message, which no field reference names.
    else if (record.kind === "parse" && record.source === undefined) names.add("@message");
  };
  forEachNode(shapedAt < 0 ? commands : commands.slice(0, shapedAt + 1), visit, SPANS);
  return [...names];
}

/**
 * Whether any of `commands` reads the events' time: `@timestamp` (or `@ingestionTime`, which
 * is the same for a local JSON line), or a function that reads it itself (`bin`, `earliest`, ...: `readsEventTime` in their definitions).
 */
export function readsEventTime(commands: Command[]): boolean {
  let reads = false;
  const visit = (record: Record<string, unknown>): void => {
    if (record.kind === "field" && (record.name === "@timestamp" || record.name === "@ingestionTime")) reads = true;
    if (record.kind === "call" && typeof record.name === "string") {
      reads ||= (lookupFunction(record.name)?.readsEventTime ?? lookupAggregate(record.name)?.readsEventTime) === true;
    }
  };
  forEachNode(commands, visit, SPANS);
  return reads;
}

/**
 * Whether an expression reads an event's fields only by plain names (no system field, no dotted
 * path): what a usual flow record's words can answer without its event (`Plan.partial.filters`;
 * a `bin()`, which reads the time, is left out where the run reads no time).
 */
export function readsOnlyPlainFields(expr: Expr): boolean {
  return !someExpr(expr, (e) => e.kind === "field" && (e.name.startsWith("@") || e.name.includes(".")));
}
