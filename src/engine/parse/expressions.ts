import type { BinaryOperator, Call, Expr, ListLiteral, Span } from "../ast.js";
import { RESERVED_WORDS } from "../keywords.js";
import type { Token } from "../tokens.js";
import { plainWord } from "../tokens.js";
import type { Cursor } from "./cursor.js";
import { parseSubquery } from "./subquery.js";
import { nameToExpr } from "./names.js";

/**
 * Expressions by recursive descent, one function per precedence level, lowest first:
 * or < and < not < comparison/like/in < + - < * / % < ^ (right) < unary - ! < postfix < primary.
 * On a missing operand it reports TL203 and returns an `ErrorExpr`, consuming nothing, so the
 * enclosing list or command decides where to resume. Chains of one level are read in a loop;
 * nesting (brackets, calls, lists, unary operators, `^`, access) is bounded by `c.enter()`.
 */
export function parseExpr(c: Cursor): Expr {
  return parseOr(c);
}

function binary(op: BinaryOperator, left: Expr, right: Expr): Expr {
  return { kind: "binary", op, left, right, span: { start: left.span.start, end: right.span.end } };
}

/** One left-associative level: operands joined by whichever of `ops` stands at the cursor. */
function leftAssociative(c: Cursor, operand: (c: Cursor) => Expr, ops: readonly BinaryOperator[]): Expr {
  let left = operand(c);
  for (;;) {
    const op = left.kind === "error" ? undefined : operatorAt(c, ops);
    if (op === undefined) return left;
    c.next();
    left = binary(op, left, operand(c));
  }
}

/** One of `ops` (operator symbols, or single keywords such as `and`) as the token at the cursor. */
function operatorAt(c: Cursor, ops: readonly BinaryOperator[]): BinaryOperator | undefined {
  const token = c.peek();
  const text = token.kind === "op" ? token.text : plainWord(token);
  return ops.find((op) => op === text);
}

function parseOr(c: Cursor): Expr {
  return leftAssociative(c, parseAnd, ["or"]);
}

function parseAnd(c: Cursor): Expr {
  return leftAssociative(c, parseNot, ["and"]);
}

function parseNot(c: Cursor): Expr {
  return prefixed(c, () => (c.atWord("not") ? "not" : undefined), parseComparison);
}

/**
 * Prefix operators (`not not x`, `- -x`, `!x`) read in a loop, each a level of nesting, then
 * the operand; the unary nodes are built from the inside out.
 */
function prefixed(c: Cursor, opAt: () => "not" | "-" | "!" | undefined, operand: (c: Cursor) => Expr): Expr {
  const prefixes: Array<{ op: "not" | "-" | "!"; start: number }> = [];
  let tooDeep: Expr | undefined;
  for (let op = opAt(); op !== undefined; op = opAt()) {
    const start = c.peek().span.start;
    if (!c.enter()) {
      tooDeep = { kind: "error", span: { start, end: start } };
      break;
    }
    c.next();
    prefixes.push({ op, start });
  }
  let expr = tooDeep ?? operand(c);
  for (let i = prefixes.length - 1; i >= 0; i--) {
    c.leave();
    expr = { kind: "unary", op: prefixes[i].op, operand: expr, span: { start: prefixes[i].start, end: expr.span.end } };
  }
  return expr;
}

/** The comparison operator at the cursor and how many tokens it takes, if any. */
function comparisonAt(c: Cursor): { op: BinaryOperator; width: number } | undefined {
  const op = operatorAt(c, ["=", "!=", "<", "<=", ">", ">=", "=~", "like", "in"]);
  if (op !== undefined) return { op, width: 1 };
  if (c.atWord("not") && (c.atWord("like", 1) || c.atWord("in", 1))) {
    return { op: c.atWord("like", 1) ? "not like" : "not in", width: 2 };
  }
  return undefined;
}

function parseComparison(c: Cursor): Expr {
  const left = parseAdditive(c);
  const found = comparisonAt(c);
  // After a missing operand, an operator is not a second error: the caller resyncs.
  if (found === undefined || left.kind === "error") return left;
  for (let i = 0; i < found.width; i++) c.next();
  const right = found.op === "in" || found.op === "not in" ? parseMembership(c) : parseAdditive(c);
  const result = binary(found.op, left, right);
  if (comparisonAt(c) !== undefined) {
    c.report(
      "TL202",
      "comparisons cannot be chained",
      c.peek().span,
      "join the comparisons with and/or, or put parentheses around the first one",
    );
  }
  return result;
}

/** The right side of `in`: a list, or a subquery `( SOURCE ... )` (parse/subquery.ts). */
function parseMembership(c: Cursor): Expr {
  if (c.atPunct("(") && c.atWord("source", 1)) {
    const start = c.peek().span.start;
    const query = parseSubquery(c, "write in (SOURCE 'group' | ... | fields name)");
    const span = c.spanFrom(start);
    return query === undefined ? { kind: "error", span } : { kind: "subquery", query, span };
  }
  if (c.atPunct("(")) {
    c.report("TL207", "in needs a list in square brackets", c.peek().span, 'write in ["a", "b"]');
  }
  return parseAdditive(c);
}

function parseAdditive(c: Cursor): Expr {
  return leftAssociative(c, parseMultiplicative, ["+", "-"]);
}

function parseMultiplicative(c: Cursor): Expr {
  return leftAssociative(c, parsePower, ["*", "/", "%"]);
}

function parsePower(c: Cursor): Expr {
  const base = parseUnary(c);
  if (base.kind === "error" || !c.atOp("^")) return base;
  const at = c.peek().span.start;
  if (!c.enter()) return { kind: "error", span: { start: at, end: at } };
  c.next();
  const exponent = parsePower(c);
  c.leave();
  return binary("^", base, exponent);
}

function parseUnary(c: Cursor): Expr {
  const opAt = (): "-" | "!" | undefined => (c.atOp("-") ? "-" : c.atOp("!") ? "!" : undefined);
  return prefixed(c, opAt, (c) => parsePostfix(c, parsePrimary(c)));
}

/** `.key`, ``.`key` ``, `.0` and `[0]` / `["key"]` after any primary. */
function parsePostfix(c: Cursor, target: Expr): Expr {
  if (target.kind === "error") return target;
  let levels = 0;
  /** One more level of access at the current token; false (after TL208) when too deep. */
  const deeper = (): boolean => (c.enter() ? (levels++, true) : false);
  const tooDeep = (): Expr => ({ kind: "error", span: { start: target.span.start, end: target.span.start } });
  try {
    for (;;) {
      if (c.atPunct(".")) {
        c.next();
        const token = c.peek();
        if (token.kind === "name") {
          for (const segment of token.segments) {
            if (!deeper()) return tooDeep();
            const key = !segment.quoted && /^[0-9]+$/.test(segment.text) ? Number(segment.text) : segment.text;
            target = { kind: "access", target, key, span: { start: target.span.start, end: token.span.end } };
          }
          c.next();
        } else if (token.kind === "number" && Number.isInteger(token.value)) {
          if (!deeper()) return tooDeep();
          c.next();
          target = { kind: "access", target, key: token.value, span: { start: target.span.start, end: token.span.end } };
        } else {
          c.unexpected("expected a key after .", "write .key, .`key with spaces` or [0]");
          return target;
        }
      } else if (c.atPunct("[")) {
        if (!deeper()) return tooDeep();
        c.next();
        const token = c.peek();
        let key: string | number | undefined;
        if (token.kind === "number" && Number.isInteger(token.value)) key = token.value;
        if (token.kind === "string") key = token.value;
        if (key === undefined) {
          c.unexpected("expected a list index or a quoted key", "write [0] or [\"key\"]");
          c.skipTo(["]"]);
        } else {
          c.next();
        }
        c.expectPunct("]");
        target = { kind: "access", target, key: key ?? 0, span: c.spanFrom(target.span.start) };
      } else {
        return target;
      }
    }
  } finally {
    for (let i = 0; i < levels; i++) c.leave();
  }
}

function parsePrimary(c: Cursor): Expr {
  const token = c.peek();
  switch (token.kind) {
    case "number":
      c.next();
      return token.exact === undefined
        ? { kind: "number", value: token.value, span: token.span }
        : { kind: "number", value: token.value, exact: token.exact, span: token.span };
    case "duration":
      c.next();
      return { kind: "duration", amount: token.amount, unit: token.unit, span: token.span };
    case "string":
      c.next();
      return { kind: "string", value: token.value, span: token.span };
    case "regex":
      c.next();
      return { kind: "regex", source: token.source, caseInsensitive: token.caseInsensitive, span: token.span };
    case "name":
      return parseNameOrCall(c, token);
    case "punct":
      if (token.text === "[") return parseList(c);
      if (token.text === "(") return parseParenthesised(c);
      break;
    default:
      break;
  }
  return missingExpression(c);
}

function missingExpression(c: Cursor): Expr {
  const token = c.peek();
  c.unexpected("expected an expression", expressionHelp(token, c.peek(-1)), "TL203");
  return { kind: "error", span: { start: token.span.start, end: token.span.start } };
}

function expressionHelp(token: Token, previous: Token): string | undefined {
  const word = plainWord(token);
  if (word !== undefined && RESERVED_WORDS.has(word)) return `a field named ${word} must be written in backticks: \`${word}\``;
  const doubled = token.kind === "op" && token.text === "=" && previous.kind === "op" && previous.text === "=";
  if (doubled) return "compare with a single =";
  if (token.kind === "punct" && token.text === "{") return "a {{param}} placeholder is filled in before parsing: run it as a saved query with its parameters";
  return undefined;
}

function parseNameOrCall(c: Cursor, token: Token & { kind: "name" }): Expr {
  const word = plainWord(token);
  if (word !== undefined && RESERVED_WORDS.has(word)) return missingExpression(c);
  c.next();
  const isCall = token.segments.length === 1 && !token.segments[0].quoted && c.atPunct("(");
  return isCall ? parseCall(c, token.segments[0].text, token.span) : nameToExpr(token);
}

function parseCall(c: Cursor, name: string, nameSpan: Span): Expr {
  if (!c.enter(nameSpan)) return { kind: "error", span: nameSpan };
  c.next();
  if (c.atOp("*") && c.atPunct(")", 1)) {
    c.next();
    c.next();
    c.leave();
    return { kind: "call", name, args: [], star: true, span: c.spanFrom(nameSpan.start) };
  }
  const args = parseItems(c, ")", `the arguments of ${name}`);
  c.leave();
  return { kind: "call", name, args, star: false, span: c.spanFrom(nameSpan.start) } satisfies Call;
}

/** The comma-separated items of an argument list or list literal, through `closer`. */
function parseItems(c: Cursor, closer: ")" | "]", what: string): Expr[] {
  const items: Expr[] = [];
  if (!c.atPunct(closer)) {
    do {
      items.push(parseArgument(c));
    } while (c.eatPunct(","));
  }
  close(c, closer, `expected "," or "${closer}" in ${what}`);
  return items;
}

/** One element of an argument list or list literal; on an error, resumes at `,` or the closer. */
function parseArgument(c: Cursor): Expr {
  const expr = parseExpr(c);
  if (expr.kind === "error") c.skipTo([",", ")", "]"]);
  return expr;
}

/** Consumes `closer`; when something else stands there, reports it and resumes after the closer. */
function close(c: Cursor, closer: ")" | "]", expected: string, help?: string): void {
  if (c.eatPunct(closer)) return;
  c.unexpected(expected, help);
  c.skipTo([closer]);
  c.eatPunct(closer);
}

function parseList(c: Cursor): Expr {
  const at = c.peek().span;
  if (!c.enter()) return { kind: "error", span: at };
  const start = c.next().span.start;
  const items = parseItems(c, "]", "the list");
  c.leave();
  return { kind: "list", items, span: c.spanFrom(start) } satisfies ListLiteral;
}

function parseParenthesised(c: Cursor): Expr {
  if (!c.enter()) return { kind: "error", span: c.peek().span };
  const open = c.next();
  const inner = parseExpr(c);
  if (inner.kind === "error") c.skipTo([")"]);
  close(c, ")", 'expected ")"', "close the parenthesis with )");
  c.leave();
  // The span takes in the parentheses, so that a projection's text is what was written.
  return { ...inner, span: c.spanFrom(open.span.start) };
}
