import type { Name, Span } from "../ast.js";
import { plainWord } from "../tokens.js";
import type { Cursor } from "./cursor.js";
import { nameOf } from "./names.js";

/** A `key=value` option of the 2026 commands (`type=inner`, `max=100`, `row=false`). */
export interface OptionValue {
  key: string;
  /** The value as written: a word, a number or a string. */
  value: string | number;
  span: Span;
  valueSpan: Span;
}

/** Whether the cursor is at `word =` (an option), for one of `keys`. */
export function atOption(c: Cursor, keys: readonly string[]): boolean {
  const word = plainWord(c.peek());
  return word !== undefined && keys.includes(word) && c.atOp("=", 1);
}

/** Reads `key = value`; the caller checked `atOption`. Undefined (reported) without a value. */
export function parseOption(c: Cursor): OptionValue | undefined {
  const keyToken = c.next();
  const key = plainWord(keyToken) ?? "";
  c.next();
  const token = c.peek();
  let value: string | number | undefined;
  if (token.kind === "number") value = token.value;
  else if (token.kind === "string") value = token.value;
  else if (token.kind === "name") value = token.segments.map((s) => s.text).join(".");
  if (value === undefined) {
    c.unexpected(`expected a value after ${key}=`, `write ${key}=value with no spaces`);
    return undefined;
  }
  c.next();
  return { key, value, span: c.spanFrom(keyToken.span.start), valueSpan: token.span };
}

/** `true` / `false` of a boolean option, or undefined (reported). */
export function booleanOption(c: Cursor, option: OptionValue): boolean | undefined {
  const text = String(option.value).toLowerCase();
  if (text === "true" || text === "false") return text === "true";
  c.report("TL305", `${option.key} takes true or false`, option.valueSpan, `write ${option.key}=true or ${option.key}=false`);
  return undefined;
}

/**
 * One field name, optionally with `*` wildcards written right after it or alone (`cpu*`, `*`):
 * the lexer reads `cpu*` as a name and a `*` operator.
 */
export function parseFieldName(c: Cursor, wildcards: boolean): Name | undefined {
  const token = c.peek();
  if (wildcards && c.atOp("*")) {
    c.next();
    return { name: "*", span: token.span };
  }
  if (token.kind !== "name") return undefined;
  c.next();
  const name = nameOf(token);
  if (wildcards && c.atOp("*") && c.peek().span.start === token.span.end) {
    const star = c.next();
    return { name: `${name.name}*`, span: { start: token.span.start, end: star.span.end } };
  }
  return name;
}

/**
 * Field names separated by commas or spaces, up to the end of the command or a keyword in
 * `stop` (`maxspan`, `as`). Reports a token that is not a name.
 */
export function parseFieldList(c: Cursor, options: { wildcards?: boolean; stop?: readonly string[] } = {}): Name[] {
  const names: Name[] = [];
  while (!c.atEnd() && !c.atPunct(")")) {
    const word = plainWord(c.peek());
    if (word !== undefined && options.stop?.includes(word)) break;
    const name = parseFieldName(c, options.wildcards ?? false);
    if (name === undefined) {
      c.unexpected("expected a field name", undefined, "TL204");
      c.skipTo();
      break;
    }
    names.push(name);
    c.eatPunct(",");
  }
  return names;
}

/** `as name` / `AS name` when present (reports a missing name). */
export function parseOptionalAlias(c: Cursor): Name | undefined {
  if (!c.atWord("as")) return undefined;
  c.next();
  const token = c.peek();
  if (token.kind !== "name") {
    c.unexpected("expected a name after as", "write as name (use backticks for names with spaces or dashes)", "TL204");
    return undefined;
  }
  c.next();
  return nameOf(token);
}

/** A required field name, reported as TL204 when missing. */
export function expectFieldName(c: Cursor, help: string): Name | undefined {
  const name = parseFieldName(c, false);
  if (name === undefined) c.unexpected("expected a field name", help, "TL204");
  return name;
}
