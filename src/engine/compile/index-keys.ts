import type { Command, Expr } from "../ast.js";
import type { IndexKey } from "../source.js";
import { isNumericText } from "../functions/coerce.js";
import { SYSTEM_FIELDS } from "../record.js";
import { conjuncts } from "../walk.js";
import { isCreated } from "./created-fields.js";

/**
 * Values a field of every matching event must have, for sources with a field index
 * (`ReadOptions.indexKeys`): from `filter f = "text"`, `f in ["a", "b"]` and the same under
 * `filterIndex`, at the top of an `and` chain, before any command that creates the field or
 * that depends on which rows exist (as for needles, see needles.ts). Only text that does not read
 * as a number: such text equals a value exactly when the value's text (`toText`) is that text,
 * which is what an index keyed on that text can promise (`"200"` also equals 200.0).
 */
export function deriveIndexKeys(commands: Command[]): IndexKey[] {
  const keys: IndexKey[] = [];
  const created = new Set<string>();
  for (const cmd of commands) {
    switch (cmd.kind) {
      case "filter":
      case "filterIndex":
        for (const conjunct of conjuncts(cmd.expr)) {
          const key = keyOf(conjunct, created);
          if (key) keys.push(key);
        }
        break;
      case "fields":
        for (const item of cmd.items) {
          if (item.alias) created.add(item.alias.name);
          else if (item.expr.kind !== "field") created.add(item.text);
        }
        break;
      case "parse":
        for (const n of cmd.names) created.add(n.name);
        // A regex parse without `as` creates its named groups: any field may be among them.
        if (cmd.pattern.kind === "regex" && cmd.names.length === 0) return keys;
        break;
      case "unnest":
        created.add(cmd.into.name);
        break;
      case "display":
      case "source":
        break;
      default:
        return keys;
    }
  }
  return keys;
}

function keyOf(expr: Expr, created: ReadonlySet<string>): IndexKey | undefined {
  if (expr.kind !== "binary") return undefined;
  let { left: field, right: literal } = expr;
  if (expr.op === "=" && field.kind === "string") [field, literal] = [literal, field];
  if (field.kind !== "field" || SYSTEM_FIELDS.has(field.name) || isCreated(field.name, created)) return undefined;
  let values: string[] | undefined;
  if (expr.op === "=" && literal.kind === "string") values = [literal.value];
  if (expr.op === "in" && literal.kind === "list" && literal.items.length > 0 && literal.items.every((i) => i.kind === "string")) {
    values = literal.items.map((i) => (i as Extract<Expr, { kind: "string" }>).value);
  }
  if (values === undefined || values.some((v) => isNumericText(v))) return undefined;
  return { field: field.name, values: [...new Set(values)] };
}
