import type { Access, Binary, Expr, FieldRef, ListLiteral, Query } from "../ast.js";
import type { Value } from "../values.js";
import { isNumericText, isStructured, isTruthy, toNumber } from "../functions/coerce.js";
import type { ExprContext } from "./context.js";
import type { Evaluator } from "./types.js";
import { didYouMean } from "../suggest.js";
import { compileCall } from "./call.js";
import { fieldReader } from "./field-reader.js";
import { compileRegex, isRegexProblem } from "./regex.js";
import { reportRegexProblem } from "./regex-span.js";
import { chainOf } from "../walk.js";
import {
  arithmetic,
  comparison,
  equalsText,
  arithmeticChain,
  isArithmetic,
  likeDynamic,
  logicalChain,
  likeRegex,
  likeText,
  logical,
  membership,
  membershipText,
} from "./operators.js";

const MISSING: Evaluator = () => null;

/** Compiles an expression into a closure over rows, reporting problems to `cx.error`. */
export function compileExpr(expr: Expr, cx: ExprContext): Evaluator {
  switch (expr.kind) {
    case "field":
      return compileField(expr, cx);
    case "string": {
      const value = expr.value;
      return () => value;
    }
    case "number":
      return numberLiteral(expr) ?? (() => expr.value);
    case "regex":
      cx.error("TL305", expr.span, "a regex can only follow like, =~ or parse", 'write field like /re/ or field =~ /re/');
      return MISSING;
    case "duration":
      cx.error("TL305", expr.span, "a period such as 5m is only valid in bin(), datefloor(), dateceil() and stats offset", "use bin(5m) or a number of milliseconds");
      return MISSING;
    case "list":
      return compileList(expr, cx);
    case "call":
      return compileCall(expr, cx, compileExpr);
    case "unary": {
      const exact = expr.op === "-" ? numberLiteral(expr) : undefined;
      if (exact !== undefined) return exact;
      const operand = compileExpr(expr.operand, cx);
      if (expr.op === "-")
        return (row) => {
          const x = toNumber(operand(row));
          return x === null ? null : -x;
        };
      return (row) => !isTruthy(operand(row));
    }
    case "binary":
      return compileBinary(expr, cx);
    case "access":
      return compileAccess(expr, cx);
    case "subquery":
      return compileSubqueryValues(expr.query, cx);
    case "error":
      // The parser reported it already.
      return MISSING;
  }
}

/**
 * `in ( subquery )`: the values of the subquery's first column (its rows were read before the
 * query ran, `RunEnv.external`); nothing while only checking the query.
 */
function compileSubqueryValues(query: Query, cx: ExprContext): Evaluator {
  const result = cx.env.external?.subqueries?.get(query);
  const column = result?.columns[0];
  if (result === undefined || column === undefined) return () => [];
  const values = result.rows.map((row) => column.value(row)).filter((v) => v !== null);
  return () => values;
}

function compileField(expr: FieldRef, cx: ExprContext): Evaluator {
  const name = expr.name;
  if (cx.visible && !isVisible(name, cx.visible)) {
    const known = someVisible(cx.visible);
    const near = didYouMean(name, known);
    const list = known.join(", ") + (cx.visible.size > known.length ? ", ..." : "");
    cx.error(
      "TL306",
      expr.span,
      `field ${name} does not exist here: ${cx.visibleFrom ?? "the previous stats"} produced only ${list || "no fields"}`,
      (near ? `did you mean ${near}? Otherwise ` : "") +
        `use one of ${list}, or carry ${name} forward in the stats (e.g. by ${name}, or latest(${name}) as ${name})`,
    );
  }
  return fieldReader(name);
}

/** The first visible names (at most 50), to list and to suggest from: one diagnostic stays cheap whatever the scope. */
function someVisible(visible: ReadonlySet<string>): string[] {
  const names: string[] = [];
  for (const n of visible) {
    if (names.length === 50) break;
    if (!n.startsWith("\u0000")) names.push(n);
  }
  return names;
}

/** A name is visible when it, or a map it reaches into (`e.name` after `unnest ... into e`), is. */
function isVisible(name: string, visible: ReadonlySet<string>): boolean {
  if (visible.has(name)) return true;
  for (let dot = name.indexOf("."); dot > 0; dot = name.indexOf(".", dot + 1)) {
    if (visible.has(name.slice(0, dot))) return true;
  }
  return false;
}

function compileList(expr: ListLiteral, cx: ExprContext): Evaluator {
  const items = expr.items.map((item) => compileExpr(item, cx));
  return (row) => items.map((item) => item(row));
}

function compileAccess(expr: Access, cx: ExprContext): Evaluator {
  const target = compileExpr(expr.target, cx);
  const key = expr.key;
  return (row) => {
    const v = target(row);
    if (!isStructured(v)) return null;
    const found: Value | undefined = Array.isArray(v) ? v[Number(key)] : v[String(key)];
    return found ?? null;
  };
}

function compileBinary(expr: Binary, cx: ExprContext): Evaluator {
  const { op } = expr;
  // A chain such as a + b + ... + z is a left spine as long as the chain: compiled in one loop,
  // it runs in one loop too, whatever its length.
  const chain = chainOf(expr);
  if (chain.operands.length > 2) {
    const operands = chain.operands.map((e) => compileExpr(e, cx));
    if (op === "and" || op === "or") return logicalChain(op, operands);
    return arithmeticChain(chain.ops as Array<Parameters<typeof arithmetic>[0]>, operands);
  }
  const l = compileExpr(expr.left, cx);
  if (op === "like" || op === "not like" || op === "=~") return compileLike(expr, l, cx);
  if (op === "in" || op === "not in") return compileIn(expr, l, cx);
  const textLiteral = nonNumericText(expr.right);
  if ((op === "=" || op === "!=") && textLiteral !== undefined) return equalsText(l, textLiteral, op === "=");
  const r = compileExpr(expr.right, cx);
  if (op === "and" || op === "or") return logical(op, l, r);
  if (isArithmetic(op)) return arithmetic(op, l, r);
  return comparison(op, l, r);
}

/**
 * A number literal (or its negation) written with more digits than a double holds, such as the
 * id 1234567890123456789, is its text: it compares by its exact value and prints as written, as
 * a JSON number does (`numberValue`). Undefined for any other expression or number.
 */
function numberLiteral(expr: Expr): Evaluator | undefined {
  const negative = expr.kind === "unary" && expr.op === "-";
  const literal = negative ? expr.operand : expr;
  if (literal.kind !== "number" || literal.exact === undefined) return undefined;
  const exact = negative ? `-${literal.exact}` : literal.exact;
  return () => exact;
}

function nonNumericText(expr: Expr): string | undefined {
  return expr.kind === "string" && !isNumericText(expr.value) ? expr.value : undefined;
}

function compileLike(expr: Binary, l: Evaluator, cx: ExprContext): Evaluator {
  const negate = expr.op === "not like";
  const right = expr.right;
  if (right.kind === "regex" || (expr.op === "=~" && right.kind === "string")) {
    const re =
      right.kind === "regex"
        ? compileRegex(right.source, right.caseInsensitive)
        : compileRegex(right.value, false);
    if (isRegexProblem(re)) {
      reportRegexProblem(cx.error, re, right, cx.text);
      return MISSING;
    }
    return likeRegex(l, re, negate);
  }
  if (right.kind === "string") return likeText(l, right.value, negate);
  return likeDynamic(l, compileExpr(right, cx), negate);
}

function compileIn(expr: Binary, l: Evaluator, cx: ExprContext): Evaluator {
  const negate = expr.op === "not in";
  const right = expr.right;
  if (right.kind === "list" && right.items.every((i) => i.kind === "string" && !isNumericText(i.value))) {
    return membershipText(l, right.items.map((i) => (i as { value: string }).value), negate);
  }
  if (right.kind === "list") {
    const items = right.items.map((item) => compileExpr(item, cx));
    return membership(l, (row) => items.map((item) => item(row)), negate);
  }
  return membership(l, compileExpr(right, cx), negate);
}
