import type { AppendcolsCommand, JoinCommand, Name, Query, Span } from "../ast.js";
import { parse } from "../parser.js";
import { plainWord } from "../tokens.js";
import type { Cursor } from "./cursor.js";
import { atOption, booleanOption, parseOption } from "./arguments.js";
import { nameOf } from "./names.js";

/** The most rows `appendcols` takes from its subquery, and its default (documented). */
export const APPENDCOLS_MAX_ROWS = 100_000;
export const APPENDCOLS_DEFAULT_ROWS = 10_000;

/**
 * `( query )`: the text between the brackets parsed as a query of its own, its spans moved to
 * the place in the whole query text (its `text` is the whole text), its diagnostics reported
 * here. Undefined (reported) when there is no `(`.
 */
export function parseSubquery(c: Cursor, help: string): Query | undefined {
  const open = c.peek();
  if (!c.atPunct("(")) {
    c.unexpected("expected a subquery in parentheses", help);
    return undefined;
  }
  c.skipBalanced();
  const close = c.lastEnd;
  const closed = c.text[close - 1] === ")" && close > open.span.end;
  const inner = c.text.slice(open.span.end, closed ? close - 1 : close);
  const parsed = parse(inner);
  const offset = open.span.end;
  for (const d of parsed.diagnostics) c.report(d.code, d.message, shift(d.span, offset), d.help);
  if (!closed) c.report("TL202", 'expected ")" to close the subquery', { start: close, end: close }, help);
  shiftSpans(parsed.query.commands, offset);
  return { text: c.text, commands: parsed.query.commands };
}

function shift(span: Span, offset: number): Span {
  return { start: span.start + offset, end: span.end + offset };
}

/** Moves every span in a parsed tree by `offset` (spans are `{start, end}` objects). */
function shiftSpans(node: unknown, offset: number): void {
  const stack: unknown[] = [node];
  const seen = new Set<object>();
  while (stack.length > 0) {
    const value = stack.pop();
    if (value === null || typeof value !== "object" || seen.has(value)) continue;
    seen.add(value);
    if (Array.isArray(value)) {
      stack.push(...value);
      continue;
    }
    const record = value as Record<string, unknown>;
    if (typeof record.start === "number" && typeof record.end === "number" && Object.keys(record).length === 2) {
      record.start += offset;
      record.end = (record.end as number) + offset;
      continue;
    }
    for (const child of Object.values(record)) stack.push(child);
  }
}

const JOIN_HELP = "write join type=inner left=a right=b where a.key = b.key (SOURCE 'group' | ...)";

/** `join [type=inner|left] left=a right=b where a.k = b.k ( subquery )` */
export function parseJoin(c: Cursor, start: number): JoinCommand | undefined {
  let type: "inner" | "left" = "inner";
  let left: Name | undefined;
  let right: Name | undefined;
  while (atOption(c, ["type", "left", "right"])) {
    const option = parseOption(c);
    if (option === undefined) return undefined;
    const value = String(option.value);
    if (option.key === "type") {
      if (value !== "inner" && value !== "left") {
        c.report("TL305", `join type=${value} is not a join type`, option.valueSpan, "write type=inner (the default) or type=left");
        return undefined;
      }
      type = value;
    } else {
      const name = { name: value, span: option.valueSpan };
      if (option.key === "left") left = name;
      else right = name;
    }
  }
  if (left === undefined || right === undefined) {
    c.unexpected(`expected ${left === undefined ? "left=" : "right="} and an alias`, JOIN_HELP);
    return undefined;
  }
  if (!c.eatWord("where")) {
    c.unexpected('expected "where" and the join keys', JOIN_HELP);
    return undefined;
  }
  const keys = parseJoinKeys(c, left, right);
  if (keys === undefined) return undefined;
  const query = parseSubquery(c, JOIN_HELP);
  if (query === undefined) return undefined;
  return { kind: "join", type, left, right, leftKey: keys.left, rightKey: keys.right, query, span: c.spanFrom(start) };
}

/** `a.k = b.k` (either order): each side's key without its alias. */
function parseJoinKeys(c: Cursor, left: Name, right: Name): { left: Name; right: Name } | undefined {
  const first = c.peek();
  const second = c.peek(2);
  if (first.kind !== "name" || !c.atOp("=", 1) || second.kind !== "name") {
    c.unexpected(`expected ${left.name}.field = ${right.name}.field`, "join matches on one equality between a left and a right field");
    return undefined;
  }
  c.next();
  c.next();
  c.next();
  const sides = [nameOf(first), nameOf(second)];
  const strip = (n: Name, alias: string): Name | undefined =>
    n.name.startsWith(`${alias}.`) ? { name: n.name.slice(alias.length + 1), span: n.span } : undefined;
  const leftKey = strip(sides[0], left.name) ?? strip(sides[1], left.name);
  const rightKey = strip(sides[1], right.name) ?? strip(sides[0], right.name);
  if (leftKey === undefined || rightKey === undefined) {
    c.report("TL305", `each side of the join key names its alias (${left.name}. and ${right.name}.)`, c.spanFrom(first.span.start), `write where ${left.name}.key = ${right.name}.key`);
    return undefined;
  }
  return { left: leftKey, right: rightKey };
}

const APPENDCOLS_HELP = "write appendcols [override=true] [max=100] ( SOURCE 'group' | stats ... )";

/** `appendcols [override=true|false] [max=n] ( subquery )` */
export function parseAppendcols(c: Cursor, start: number): AppendcolsCommand | undefined {
  let override = false;
  let max = APPENDCOLS_DEFAULT_ROWS;
  while (atOption(c, ["override", "max"])) {
    const option = parseOption(c);
    if (option === undefined) return undefined;
    if (option.key === "override") {
      const value = booleanOption(c, option);
      if (value === undefined) return undefined;
      override = value;
    } else if (typeof option.value !== "number" || !Number.isInteger(option.value) || option.value < 1 || option.value > APPENDCOLS_MAX_ROWS) {
      c.report("TL305", `appendcols max must be a whole number from 1 to ${APPENDCOLS_MAX_ROWS}`, option.valueSpan, `write max=${APPENDCOLS_DEFAULT_ROWS}`);
      return undefined;
    } else {
      max = option.value;
    }
  }
  if (plainWord(c.peek()) !== undefined && !c.atPunct("(")) {
    c.unexpected("expected override=, max= or a subquery in parentheses", APPENDCOLS_HELP);
    return undefined;
  }
  const query = parseSubquery(c, APPENDCOLS_HELP);
  if (query === undefined) return undefined;
  return { kind: "appendcols", override, max, query, span: c.spanFrom(start) };
}
