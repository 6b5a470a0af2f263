import type { CidrLookupCommand, FieldPair, JsonCommand, LookupCommand, Name } from "../ast.js";
import type { Cursor } from "./cursor.js";
import { expectFieldName, parseOptionalAlias } from "./arguments.js";

const OUTPUT_HELP = "write lookup table key [as field] OUTPUT column, ... (or OUTPUTNEW)";

/**
 * A lookup table name: letters, digits, `_` and `-` (the lexer reads `a-b` as a minus, so
 * adjacent pieces are joined back).
 */
function parseTableName(c: Cursor, help: string): Name | undefined {
  const first = c.peek();
  if (first.kind !== "name") {
    c.unexpected("expected a lookup table name", help, "TL204");
    return undefined;
  }
  c.next();
  let name = first.segments.map((s) => s.text).join(".");
  let end = first.span.end;
  while (c.atOp("-") && c.peek().span.start === end && c.peek(1).span.start === c.peek().span.end && c.peek(1).kind !== "eof") {
    const piece = c.peek(1);
    if (piece.kind !== "name" && piece.kind !== "number") break;
    c.next();
    c.next();
    name += `-${piece.kind === "name" ? piece.segments.map((s) => s.text).join(".") : String(piece.value)}`;
    end = piece.span.end;
  }
  return { name, span: { start: first.span.start, end } };
}

/** `name [as other]`, comma-separated, until OUTPUT/OUTPUTNEW or the end. */
function parsePairs(c: Cursor, stopAtOutput: boolean, help: string): FieldPair[] {
  const pairs: FieldPair[] = [];
  while (!c.atEnd()) {
    if (stopAtOutput && (c.atWord("output") || c.atWord("outputnew"))) break;
    const table = expectFieldName(c, help);
    if (table === undefined) {
      c.skipTo();
      break;
    }
    const event = parseOptionalAlias(c) ?? table;
    pairs.push({ table, event });
    if (!c.eatPunct(",")) break;
  }
  return pairs;
}

function parseMode(c: Cursor, help: string): "OUTPUT" | "OUTPUTNEW" | undefined {
  if (c.eatWord("output")) return "OUTPUT";
  if (c.eatWord("outputnew")) return "OUTPUTNEW";
  c.unexpected("expected OUTPUT or OUTPUTNEW", help);
  return undefined;
}

export function parseLookup(c: Cursor, start: number): LookupCommand | undefined {
  const table = parseTableName(c, OUTPUT_HELP);
  if (table === undefined) return undefined;
  const keys = parsePairs(c, true, OUTPUT_HELP);
  if (keys.length === 0) c.unexpected("expected the table column to match on", OUTPUT_HELP, "TL204");
  const mode = parseMode(c, OUTPUT_HELP);
  if (mode === undefined) return undefined;
  const outputs = parsePairs(c, false, OUTPUT_HELP);
  if (outputs.length === 0) c.unexpected("expected the table columns to add", OUTPUT_HELP, "TL204");
  return { kind: "lookup", table, keys, mode, outputs, span: c.spanFrom(start) };
}

const CIDR_HELP = "write cidrlookup table ipField [AS cidrColumn] OUTPUT column, ... (or OUTPUTNEW)";

export function parseCidrLookup(c: Cursor, start: number): CidrLookupCommand | undefined {
  const table = parseTableName(c, CIDR_HELP);
  if (table === undefined) return undefined;
  const ipField = expectFieldName(c, CIDR_HELP);
  if (ipField === undefined) return undefined;
  const cidrColumn = parseOptionalAlias(c);
  const mode = parseMode(c, CIDR_HELP);
  if (mode === undefined) return undefined;
  const outputs = parsePairs(c, false, CIDR_HELP);
  if (outputs.length === 0) c.unexpected("expected the table columns to add", CIDR_HELP, "TL204");
  return { kind: "cidrlookup", table, ipField, ...(cidrColumn ? { cidrColumn } : {}), mode, outputs, span: c.spanFrom(start) };
}

const JSON_HELP = 'write json field=payload "user.name" as username';

/** `json field=<field> "path" as alias[, "path" as alias ...]` */
export function parseJson(c: Cursor, start: number): JsonCommand | undefined {
  if (!(c.atWord("field") && c.atOp("=", 1))) {
    c.unexpected("expected field= and the field holding JSON", JSON_HELP);
    return undefined;
  }
  c.next();
  c.next();
  const field = expectFieldName(c, JSON_HELP);
  if (field === undefined) return undefined;
  const paths: JsonCommand["paths"] = [];
  do {
    const token = c.peek();
    if (token.kind !== "string") {
      c.unexpected("expected a quoted JSON path", JSON_HELP, "TL206");
      return undefined;
    }
    c.next();
    const alias = parseOptionalAlias(c);
    if (alias === undefined) {
      c.unexpected('expected "as" and a name for the value', JSON_HELP, "TL204");
      return undefined;
    }
    paths.push({ path: token.value, alias, span: c.spanFrom(token.span.start) });
  } while (c.eatPunct(","));
  return { kind: "json", field, paths, span: c.spanFrom(start) };
}
