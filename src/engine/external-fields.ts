import type { Command, Expr, FieldRef, Query } from "./ast.js";
import { allExprs } from "./walk.js";
import { SYSTEM_FIELDS } from "./record.js";

/**
 * The fields a query expects to find in the events themselves: every field it reads before its
 * first `stats` or `pattern` that no earlier command creates (a `fields`/`display` alias, a
 * `parse` name, an `unnest ... into`) and that is not a system field (`@timestamp`, ...; the
 * `@` fields of vended logs, `@duration` and the like, are expected like any other). A query that matches
 * nothing because one of these is misspelt is the commonest silent failure of a schemaless
 * language, so the CLI checks them against the events when a query returns no rows.
 */
export function externalFieldRefs(query: Query): FieldRef[] {
  const created = new Set<string>();
  const found: FieldRef[] = [];
  const read = (expr: Expr | undefined): void => {
    for (const field of fieldRefs(expr)) {
      if (!SYSTEM_FIELDS.has(field.name) && !createdBefore(field.name, created)) found.push(field);
    }
  };
  for (const command of query.commands) {
    // After a 2026 command, fields may come from a lookup table, another group or the command.
    if (!CHECKED_KINDS.has(command.kind)) break;
    if (command.kind === "stats" || command.kind === "pattern") {
      if (command.kind === "stats") for (const item of [...command.items, ...command.by]) read(item.expr);
      else read(command.expr);
      break;
    }
    visitCommand(command, read, (name) => created.add(name));
  }
  return found;
}

const CHECKED_KINDS: ReadonlySet<string> = new Set(["fields", "display", "filter", "filterIndex", "sort", "dedup", "parse", "unnest", "stats", "pattern", "limit", "source"]);

function visitCommand(command: Command, read: (expr: Expr | undefined) => void, create: (name: string) => void): void {
  switch (command.kind) {
    case "fields":
    case "display":
      for (const item of command.items) {
        read(item.expr);
        if (item.alias) create(item.alias.name);
      }
      return;
    case "filter":
    case "filterIndex":
      return read(command.expr);
    case "sort":
      return command.keys.forEach((key) => read(key.expr));
    case "dedup":
      return command.fields.forEach(read);
    case "parse":
      read(command.source);
      return command.names.forEach((name) => create(name.name));
    case "unnest":
      read(command.expr);
      return create(command.into.name);
    default:
      return;
  }
}

/** `e.name` is created by `unnest ... into e`; `a.b` by a `fields ... as a.b`. */
function createdBefore(name: string, created: ReadonlySet<string>): boolean {
  if (created.has(name)) return true;
  for (let dot = name.indexOf("."); dot > 0; dot = name.indexOf(".", dot + 1)) if (created.has(name.slice(0, dot))) return true;
  return false;
}

function fieldRefs(expr: Expr | undefined): FieldRef[] {
  return expr ? allExprs(expr).filter((e): e is FieldRef => e.kind === "field") : [];
}
