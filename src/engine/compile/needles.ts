import type { Command, Expr } from "../ast.js";
import { isNumericText } from "../functions/coerce.js";
import { SYSTEM_FIELDS } from "../record.js";

/**
 * Strings every event that can match must contain in its raw text, for sources to skip lines
 * before parsing them (`ReadOptions.needles`). Only provable ones: from filters at the top of
 * an `and` chain, before any command that creates the field or that depends on which rows
 * exist (stats, sort, limit, dedup, pattern); only a field's value as it appears in the raw
 * text (JSON fields and `@message`, not `@logStream` and friends); only plain printable ASCII
 * that no JSON encoder escapes; never text that reads as a number (`"200"` also matches 200.0).
 */
export function deriveNeedles(commands: Command[]): string[] {
  const needles = new Set<string>();
  const created = new Set<string>();
  for (const cmd of commands) {
    switch (cmd.kind) {
      case "filter":
      case "filterIndex":
        for (const conjunct of conjuncts(cmd.expr)) {
          const needle = needleOf(conjunct, created);
          if (needle !== undefined) needles.add(needle);
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
        // Regex parse without `as` creates its named groups: any field may be among them.
        if (cmd.pattern.kind === "regex" && cmd.names.length === 0) return [...needles];
        break;
      case "unnest":
        created.add(cmd.into.name);
        break;
      case "display":
      case "source":
        break;
      default:
        return [...needles];
    }
  }
  return [...needles];
}

function conjuncts(expr: Expr): Expr[] {
  return expr.kind === "binary" && expr.op === "and" ? [...conjuncts(expr.left), ...conjuncts(expr.right)] : [expr];
}

// Printable ASCII except what JSON encoders escape or may escape: " \ / < > & '.
const SAFE_NEEDLE = /^[\x20-\x7e]+$/;
const UNSAFE_CHARS = /["\\/<>&']/;

function needleOf(expr: Expr, created: ReadonlySet<string>): string | undefined {
  if (expr.kind !== "binary") return undefined;
  const { op, left, right } = expr;
  let field: Expr = left;
  let literal: Expr = right;
  if (op === "=" && left.kind === "string") [field, literal] = [right, left];
  if (field.kind !== "field" || !rawField(field.name, created)) return undefined;
  let text: string | undefined;
  if ((op === "=" || op === "like") && literal.kind === "string") text = literal.value;
  if (op === "in" && literal.kind === "list" && literal.items.length === 1 && literal.items[0].kind === "string") {
    text = literal.items[0].value;
  }
  if (text === undefined || !SAFE_NEEDLE.test(text) || UNSAFE_CHARS.test(text)) return undefined;
  // A number's text may be written differently in the raw JSON (1e2 for 100).
  if (isNumericText(text) || (op === "like" && /^[\d.eE+-]+$/.test(text))) return undefined;
  return text;
}

function rawField(name: string, created: ReadonlySet<string>): boolean {
  if (created.has(name)) return false;
  return name === "@message" || !SYSTEM_FIELDS.has(name);
}
