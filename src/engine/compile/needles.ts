import type { Command, Expr } from "../ast.js";
import { isNumericText } from "../functions/coerce.js";
import { SYSTEM_FIELDS } from "../record.js";
import { conjuncts } from "../walk.js";
import { isCreated } from "./created-fields.js";

/**
 * Strings every event that can match must contain in its raw text, for sources to skip lines
 * before parsing them (`ReadOptions.needles`). Only provable ones: from filters at the top of
 * an `and` chain, before any command that creates the field or that depends on which rows
 * exist (stats, sort, limit, dedup, pattern); only a field's value as it appears in the raw
 * text (JSON fields and `@message`, not `@logStream` and friends); only plain printable ASCII
 * without `"` and `\` (a source keeps text where a JSON escape may hide a needle's `/ < > & '`,
 * see needle-match.ts); never text that reads as a number (`"200"` also matches 200.0).
 *
 * A glob `parse` of such a field sets its names only when the glob matches, so a later filter
 * requiring one of them (`ispresent(x)`, `x = "text"`) requires the glob's literal pieces too.
 */
export function deriveNeedles(commands: Command[]): string[] {
  const needles = new Set<string>();
  const created = new Set<string>();
  /** Fields last set by a glob parse of a raw field: the pieces its match requires. */
  const parsed = new Map<string, string[]>();
  const create = (name: string): void => {
    created.add(name);
    parsed.delete(name);
  };
  for (const cmd of commands) {
    switch (cmd.kind) {
      case "filter":
      case "filterIndex":
        for (const conjunct of conjuncts(cmd.expr)) {
          const needle = needleOf(conjunct, created);
          if (needle !== undefined) needles.add(needle);
          const present = requiredPresent(conjunct);
          for (const piece of (present !== undefined && parsed.get(present)) || []) needles.add(piece);
        }
        break;
      case "fields":
        for (const item of cmd.items) {
          if (item.alias) create(item.alias.name);
          else if (item.expr.kind !== "field") create(item.text);
        }
        break;
      case "parse": {
        const source = cmd.source ?? { kind: "field", name: "@message", span: cmd.span };
        const pieces = cmd.pattern.kind === "glob" && source.kind === "field" && rawField(source.name, created) ? globPieces(cmd.pattern.text) : [];
        for (const n of cmd.names) create(n.name);
        // Regex parse without `as` creates its named groups: any field may be among them.
        if (cmd.pattern.kind === "regex" && cmd.names.length === 0) return [...needles];
        if (pieces.length > 0) for (const n of cmd.names) parsed.set(n.name, pieces);
        break;
      }
      case "unnest":
        create(cmd.into.name);
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

// Printable ASCII except what JSON encoders always escape: " and \.
const SAFE_NEEDLE = /^[\x20-\x7e]+$/;
const UNSAFE_CHARS = /["\\]/;
const ONLY_SPACES = /^ +$/;
// What may be part of a number's text (`1.5e+21`, `-Infinity`), which the raw JSON may write
// differently: never a needle when only part of a value is required (like, parse pieces).
const NUMBER_PART = /^[\d.eE+\-InfityNa]+$/;

/** The field a condition can only be true with (`ispresent(f)`, `f = "text"`), if any. */
function requiredPresent(expr: Expr): string | undefined {
  if (expr.kind === "call" && expr.name.toLowerCase() === "ispresent" && expr.args.length === 1 && expr.args[0].kind === "field") return expr.args[0].name;
  if (expr.kind === "binary" && expr.op === "=") {
    if (expr.left.kind === "field" && expr.right.kind === "string") return expr.left.name;
    if (expr.right.kind === "field" && expr.left.kind === "string") return expr.right.name;
  }
  return undefined;
}

/** The literal pieces of a glob that a raw-text search finds as written. */
function globPieces(glob: string): string[] {
  return glob.split("*").filter((piece) => usable(piece) && !NUMBER_PART.test(piece));
}

function usable(text: string): boolean {
  // Not only spaces: the needle search takes a line of spaces for a blank one (wasm/needle-scan.ts).
  return SAFE_NEEDLE.test(text) && !UNSAFE_CHARS.test(text) && !ONLY_SPACES.test(text);
}

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
  if (text === undefined || !usable(text)) return undefined;
  // A number's text may be written differently in the raw JSON (1e2 for 100).
  if (isNumericText(text) || (op === "like" && NUMBER_PART.test(text))) return undefined;
  return text;
}

/**
 * Whether the field's value is written as is in the event's raw text. Not a discovered `@` field
 * other than a renamed JSON key: those of the vended formats may be derived (`@type` "REPORT" of
 * a Lambda `platform.report` record, `@memorySize` in bytes from "128 MB").
 */
function rawField(name: string, created: ReadonlySet<string>): boolean {
  if (isCreated(name, created)) return false;
  if (name === "@message") return true;
  return name.charCodeAt(0) !== 64 /* @ */ || (name.charCodeAt(1) === 64 && !SYSTEM_FIELDS.has(name));
}
