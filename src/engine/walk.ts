import type { Binary, BinaryOperator, Expr } from "./ast.js";

/**
 * Walking expressions without deep recursion. Nesting (brackets, calls, unary operators) is
 * bounded by the parser (`MAX_NESTING_DEPTH`), but a flat chain such as `a + b + ... + z` or
 * `x and y and ...` is as deep as it is long in a binary tree: walkers either use the
 * explicit-stack walks below or take a chain's operands in one loop (`chainOf`).
 */

/** The operators that chain to the left, by level: a chain is a left spine of one level. */
const CHAIN_LEVEL: Partial<Record<BinaryOperator, number>> = { or: 1, and: 2, "+": 3, "-": 3, "*": 4, "/": 4, "%": 4 };

export interface Chain {
  /** The operands, left to right. */
  operands: Expr[];
  /** `ops[i]` joins `operands[i]` and `operands[i + 1]`. */
  ops: BinaryOperator[];
}

/** The left spine of `expr`'s level as operands and operators; one operator for a lone binary. */
export function chainOf(expr: Binary): Chain {
  const level = CHAIN_LEVEL[expr.op];
  const rights: Expr[] = [];
  const ops: BinaryOperator[] = [];
  let node: Expr = expr;
  while (node.kind === "binary" && level !== undefined && CHAIN_LEVEL[node.op] === level) {
    rights.push(node.right);
    ops.push(node.op);
    node = node.left;
  }
  if (rights.length === 0) return { operands: [expr.left, expr.right], ops: [expr.op] };
  rights.push(node);
  return { operands: rights.reverse(), ops: ops.reverse() };
}

/** The operands of a top-level `and` chain (parenthesised `and`s inside it too). */
export function conjuncts(expr: Expr): Expr[] {
  const out: Expr[] = [];
  const stack: Expr[] = [expr];
  while (stack.length > 0) {
    const e = stack.pop() as Expr;
    if (e.kind !== "binary" || e.op !== "and") out.push(e);
    else for (const operand of chainOf(e).operands.reverse()) stack.push(operand);
  }
  return out;
}

/** The direct sub-expressions of `expr`. */
export function childrenOf(expr: Expr): Expr[] {
  switch (expr.kind) {
    case "list":
      return expr.items;
    case "call":
      return expr.args;
    case "unary":
      return [expr.operand];
    case "binary":
      return [expr.left, expr.right];
    case "access":
      return [expr.target];
    default:
      return [];
  }
}

/** Whether `test` holds for `expr` or any expression inside it (visited depth-first, left to right). */
export function someExpr(expr: Expr, test: (e: Expr) => boolean): boolean {
  const stack: Expr[] = [expr];
  while (stack.length > 0) {
    const e = stack.pop() as Expr;
    if (test(e)) return true;
    const children = childrenOf(e);
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]);
  }
  return false;
}

/** Every expression inside `expr`, `expr` included, depth-first, left to right. */
export function allExprs(expr: Expr): Expr[] {
  const out: Expr[] = [];
  someExpr(expr, (e) => (out.push(e), false));
  return out;
}

/**
 * Visits every object and array reachable from `root` (a command list, say), without
 * recursion; keys in `skip` are not entered.
 */
export function forEachNode(root: unknown, visit: (node: Record<string, unknown>) => void, skip: ReadonlySet<string> = new Set()): void {
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const node = stack.pop();
    if (typeof node !== "object" || node === null) continue;
    if (Array.isArray(node)) {
      for (let i = node.length - 1; i >= 0; i--) stack.push(node[i]);
      continue;
    }
    const record = node as Record<string, unknown>;
    visit(record);
    const keys = Object.keys(record);
    for (let i = keys.length - 1; i >= 0; i--) if (!skip.has(keys[i])) stack.push(record[keys[i]]);
  }
}
