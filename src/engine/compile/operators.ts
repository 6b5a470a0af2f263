import type { BinaryOperator } from "../ast.js";
import type { Value } from "../values.js";
import { compareLoose, equalsLoose } from "../compare.js";
import { isTruthy, toNumber, toText } from "../functions/coerce.js";
import type { Evaluator } from "./types.js";
import type { QueryRegex } from "./regex.js";

/**
 * Operators over compiled operands (reference §3). A missing operand makes every comparison,
 * `like` and `in` false (decision: "missing field in a comparison"), and arithmetic missing.
 */
type Arithmetic = "+" | "-" | "*" | "/" | "%" | "^";

const ARITHMETIC: Record<Arithmetic, (x: number, y: number) => number> = {
  "+": (x, y) => x + y,
  "-": (x, y) => x - y,
  "*": (x, y) => x * y,
  "/": (x, y) => x / y,
  "%": (x, y) => x % y,
  "^": (x, y) => x ** y,
};

export function isArithmetic(op: BinaryOperator): op is Arithmetic {
  return op in ARITHMETIC;
}

export function arithmetic(op: Arithmetic, l: Evaluator, r: Evaluator): Evaluator {
  const f = ARITHMETIC[op];
  return (row) => {
    const x = toNumber(l(row));
    if (x === null) return null;
    const y = toNumber(r(row));
    if (y === null) return null;
    const z = f(x, y);
    // Division by zero and overflow have no value to print.
    return Number.isFinite(z) ? z : null;
  };
}

/** `a + b - c ...` left to right in one loop: what the nested binary evaluators give. */
export function arithmeticChain(ops: Arithmetic[], operands: Evaluator[]): Evaluator {
  const fs = ops.map((op) => ARITHMETIC[op]);
  const [first, ...rest] = operands;
  return (row) => {
    let x = toNumber(first(row));
    if (x === null) return null;
    for (let i = 0; i < rest.length; i++) {
      const y = toNumber(rest[i](row));
      if (y === null) return null;
      x = fs[i](x, y);
      if (!Number.isFinite(x)) return null;
    }
    return x;
  };
}

const ORDERING: Record<"<" | "<=" | ">" | ">=", (c: number) => boolean> = {
  "<": (c) => c < 0,
  "<=": (c) => c <= 0,
  ">": (c) => c > 0,
  ">=": (c) => c >= 0,
};

export function comparison(op: "=" | "!=" | "<" | "<=" | ">" | ">=", l: Evaluator, r: Evaluator): Evaluator {
  if (op === "=" || op === "!=") {
    const want = op === "=";
    return (row) => {
      const c = compareLoose(l(row), r(row));
      return c !== null && (c === 0) === want;
    };
  }
  const test = ORDERING[op];
  return (row) => {
    const c = compareLoose(l(row), r(row));
    return c !== null && test(c);
  };
}

/**
 * `field = "text"` with a non-numeric literal: the common filter, kept cheap (a string field
 * compares with ===; other types fall back to the general rule).
 */
export function equalsText(l: Evaluator, text: string, want: boolean): Evaluator {
  return (row) => {
    const v = l(row);
    if (typeof v === "string") return (v === text) === want;
    const c = compareLoose(v, text);
    return c !== null && (c === 0) === want;
  };
}

export function logical(op: "and" | "or", l: Evaluator, r: Evaluator): Evaluator {
  return op === "and"
    ? (row) => isTruthy(l(row)) && isTruthy(r(row))
    : (row) => isTruthy(l(row)) || isTruthy(r(row));
}

/** `a and b and ...` (or `or`) in one loop, stopping at the first operand that decides. */
export function logicalChain(op: "and" | "or", operands: Evaluator[]): Evaluator {
  const decides = op === "or";
  return (row) => {
    for (let i = 0; i < operands.length; i++) if (isTruthy(operands[i](row)) === decides) return decides;
    return !decides;
  };
}

/** `like "text"`: case-sensitive substring. `negate` gives `not like`, still false when missing. */
export function likeText(l: Evaluator, text: string, negate: boolean): Evaluator {
  return (row) => {
    const s = toText(l(row));
    return s !== null && s.includes(text) !== negate;
  };
}

/** `like /re/`, `=~ /re/`: unanchored search. */
export function likeRegex(l: Evaluator, re: QueryRegex, negate: boolean): Evaluator {
  return (row) => {
    const s = toText(l(row));
    return s !== null && re.test(s) !== negate;
  };
}

/** `like <expr>` whose pattern is computed: substring of its text. */
export function likeDynamic(l: Evaluator, r: Evaluator, negate: boolean): Evaluator {
  return (row) => {
    const s = toText(l(row));
    const t = toText(r(row));
    return s !== null && t !== null && s.includes(t) !== negate;
  };
}

/** `in [...]` / `not in [...]`: exact membership with the comparison rule. */
export function membership(l: Evaluator, list: Evaluator, negate: boolean): Evaluator {
  return (row) => {
    const v = l(row);
    const items = list(row);
    if (v === null || !Array.isArray(items)) return false;
    return items.some((item: Value) => equalsLoose(v, item)) !== negate;
  };
}

/** Membership in a list of literal strings: a Set lookup for string values. */
export function membershipText(l: Evaluator, items: string[], negate: boolean): Evaluator {
  const set = new Set(items);
  return (row) => {
    const v = l(row);
    if (v === null) return false;
    if (typeof v === "string") return set.has(v) !== negate;
    return items.some((item) => equalsLoose(v, item)) !== negate;
  };
}
