import { invalidParameter } from "./errors.js";
import { compileRegex, isRegexProblem } from "../engine/compile/regex.js";
import { parseJsonReviving } from "../engine/exact-number.js";
import { compareDecimalText, compareNumberWithText } from "../engine/decimal.js";

/**
 * CloudWatch metric-filter patterns, as FilterLogEvents takes them (not Insights QL):
 * - terms: `ERROR` (contains), `ERROR timeout` (all), `"two words"` (a phrase), `?ERROR ?WARN`
 *   (any), `-DEBUG` (none of); case-sensitive; an empty pattern matches everything;
 * - JSON: `{ $.level = "error" }`, `{ $.latency > 500 && $.path = "/api*" }`, `||`, brackets,
 *   `$.a.b[0]`, `IS NULL`, `IS TRUE`, `IS FALSE`, `NOT EXISTS`, `*` wildcards in string values;
 * - regex: `%ERROR|WARN%`.
 * Space-delimited patterns (`[ip, user, ...]`) are refused with InvalidParameterException
 * rather than matched wrongly.
 */
export type Matcher = (message: string) => boolean;

export function compileFilterPattern(pattern: string | undefined): Matcher {
  const text = (pattern ?? "").trim();
  if (text === "") return () => true;
  if (text.startsWith("{")) return compileJsonPattern(text);
  if (text.startsWith("[")) {
    throw invalidParameter("Space-delimited filter patterns ([...]) are not supported by tolog serve.");
  }
  if (text.length > 2 && text.startsWith("%") && text.endsWith("%")) return compileRegexPattern(text.slice(1, -1));
  return compileTermPattern(text);
}

/** `%regex%` runs on RE2, as CloudWatch's filter patterns do: linear time, whatever the pattern. */
function compileRegexPattern(source: string): Matcher {
  const regex = compileRegex(source, false);
  if (isRegexProblem(regex)) throw invalidParameter(`Invalid regex in filter pattern: ${regex.message}.`);
  return (message) => regex.test(message);
}

function compileTermPattern(text: string): Matcher {
  const all: string[] = [];
  const any: string[] = [];
  const none: string[] = [];
  const tokenRe = /\s*([?-]?)(?:"((?:[^"\\]|\\.)*)"|(\S+))/gy;
  let match: RegExpExecArray | null;
  while ((match = tokenRe.exec(text)) !== null) {
    const term = match[2] !== undefined ? match[2].replace(/\\(.)/g, "$1") : match[3];
    if (match[1] === "?") any.push(term);
    else if (match[1] === "-") none.push(term);
    else all.push(term);
    if (tokenRe.lastIndex >= text.length) break;
  }
  return (message) =>
    all.every((t) => message.includes(t)) &&
    (any.length === 0 || any.some((t) => message.includes(t))) &&
    !none.some((t) => message.includes(t));
}

// ---- JSON patterns -------------------------------------------------------------------------

type Path = (string | number)[];
type JsonTest = (value: unknown) => boolean;

interface Token {
  kind: "punct" | "string" | "word" | "selector";
  text: string;
}

function compileJsonPattern(text: string): Matcher {
  const tokens = tokenize(text);
  let pos = 0;
  const peek = () => tokens[pos];
  const take = () => tokens[pos++];
  const expectPunct = (p: string) => {
    const token = take();
    if (!token || token.kind !== "punct" || token.text !== p) fail(`expected "${p}"`);
  };

  const orExpr = (): JsonTest => {
    let left = andExpr();
    while (peek()?.kind === "punct" && peek().text === "||") {
      take();
      const l = left;
      const r = andExpr();
      left = (v) => l(v) || r(v);
    }
    return left;
  };
  const andExpr = (): JsonTest => {
    let left = unary();
    while (peek()?.kind === "punct" && peek().text === "&&") {
      take();
      const l = left;
      const r = unary();
      left = (v) => l(v) && r(v);
    }
    return left;
  };
  const unary = (): JsonTest => {
    if (peek()?.kind === "punct" && peek().text === "(") {
      take();
      const inner = orExpr();
      expectPunct(")");
      return inner;
    }
    return comparison();
  };
  const comparison = (): JsonTest => {
    const selector = take();
    if (!selector || selector.kind !== "selector") fail("expected a selector like $.field");
    const path = parsePath(selector.text);
    const next = take();
    if (!next) fail("expected an operator");
    if (next.kind === "word" && next.text.toUpperCase() === "IS") {
      const what = take();
      const word = what?.kind === "word" ? what.text.toUpperCase() : "";
      if (word === "NULL") return (v) => lookup(v, path).found && lookup(v, path).value === null;
      if (word === "TRUE") return (v) => lookup(v, path).value === true;
      if (word === "FALSE") return (v) => lookup(v, path).value === false;
      fail("expected NULL, TRUE or FALSE after IS");
    }
    if (next.kind === "word" && next.text.toUpperCase() === "NOT") {
      const what = take();
      if (what?.kind !== "word" || what.text.toUpperCase() !== "EXISTS") fail("expected EXISTS after NOT");
      return (v) => !lookup(v, path).found;
    }
    if (next.kind !== "punct" || !["=", "!=", "<", ">", "<=", ">="].includes(next.text)) fail("expected an operator");
    const literal = take();
    if (!literal || (literal.kind !== "string" && literal.kind !== "word")) fail("expected a value");
    return compare(path, next.text, literal);
  };

  expectPunct("{");
  const test = orExpr();
  expectPunct("}");
  if (pos !== tokens.length) fail("unexpected text after }");
  return (message) => {
    const trimmed = message.trim();
    if (!trimmed.startsWith("{") && !trimmed.startsWith("[")) return false;
    let value: unknown;
    try {
      value = parseJsonReviving(trimmed, (written) => new ExactNumber(written));
    } catch {
      return false;
    }
    return test(value);
  };
}

/**
 * A JSON number a double cannot hold (an id beyond 2^53), kept as written so that it equals only
 * the number written (engine/exact-number.ts).
 */
class ExactNumber {
  constructor(readonly text: string) {}
}

function compare(path: Path, op: string, literal: Token): JsonTest {
  const isNumber = literal.kind === "word" && literal.text !== "" && Number.isFinite(Number(literal.text));
  // A JSON number against the literal, by exact decimal value (two different ids beyond 2^53
  // read as one double); null for a value that is no number.
  const order = (value: unknown): number | null =>
    typeof value === "number" ? compareNumberWithText(value, literal.text) : value instanceof ExactNumber ? compareDecimalText(value.text, literal.text) : null;
  if (op !== "=" && op !== "!=") {
    if (!isNumber) fail(`${op} needs a number`);
    return (v) => {
      const c = order(lookup(v, path).value);
      if (c === null) return false;
      switch (op) {
        case "<":
          return c < 0;
        case ">":
          return c > 0;
        case "<=":
          return c <= 0;
        default:
          return c >= 0;
      }
    };
  }
  const glob = wildcard(literal.text);
  const equals = (value: unknown): boolean => {
    if (value instanceof ExactNumber) return isNumber ? order(value) === 0 : glob(value.text);
    if (typeof value === "number") return isNumber ? order(value) === 0 : glob(String(value));
    if (typeof value === "string") return glob(value);
    if (typeof value === "boolean") return glob(String(value));
    return false;
  };
  // `!=` matches only an existing value that differs, as CloudWatch does.
  return op === "="
    ? (v) => equals(lookup(v, path).value)
    : (v) => {
        const found = lookup(v, path);
        return found.found && found.value !== null && (typeof found.value !== "object" || found.value instanceof ExactNumber) && !equals(found.value);
      };
}

/**
 * A whole-value match where each `*` stands for any text, by string searches (a backtracking
 * regex takes polynomial time on many stars): the first piece starts the value, the last ends
 * it, and each middle piece is taken at its first place after the previous one, which leaves
 * the most room for the rest.
 */
function wildcard(text: string): (value: string) => boolean {
  const pieces = text.split("*");
  if (pieces.length === 1) return (value) => value === text;
  const head = pieces[0];
  const tail = pieces[pieces.length - 1];
  const middle = pieces.slice(1, -1);
  return (value) => {
    if (value.length < head.length + tail.length || !value.startsWith(head) || !value.endsWith(tail)) return false;
    let at = head.length;
    const stop = value.length - tail.length;
    for (const piece of middle) {
      const found = value.indexOf(piece, at);
      if (found < 0 || found + piece.length > stop) return false;
      at = found + piece.length;
    }
    return true;
  };
}

function lookup(root: unknown, path: Path): { found: boolean; value: unknown } {
  let value: unknown = root;
  for (const key of path) {
    if (typeof key === "number") {
      if (!Array.isArray(value) || key >= value.length) return { found: false, value: undefined };
      value = value[key];
    } else {
      if (typeof value !== "object" || value === null || Array.isArray(value) || !Object.hasOwn(value, key)) {
        return { found: false, value: undefined };
      }
      value = (value as Record<string, unknown>)[key];
    }
  }
  return { found: true, value };
}

function parsePath(selector: string): Path {
  const path: Path = [];
  const re = /\.([^.[\]\s]+)|\[(\d+)\]/gy;
  re.lastIndex = 1; // after `$`
  while (re.lastIndex < selector.length) {
    const match = re.exec(selector);
    if (!match) fail(`bad selector ${selector}`);
    path.push(match[1] !== undefined ? match[1] : Number(match[2]));
  }
  if (path.length === 0) fail(`bad selector ${selector}`);
  return path;
}

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  const re = /\s*(?:(\|\||&&|!=|<=|>=|[{}()=<>])|"((?:[^"\\]|\\.)*)"|(\$[^\s=!<>(){}&|]*)|([^\s=!<>(){}&|"]+))/y;
  while (re.lastIndex < text.length) {
    const start = re.lastIndex;
    if (/^\s*$/.test(text.slice(start))) break;
    const match = re.exec(text);
    if (!match) fail(`unexpected character at ${start}`);
    if (match[1] !== undefined) tokens.push({ kind: "punct", text: match[1] });
    else if (match[2] !== undefined) tokens.push({ kind: "string", text: match[2].replace(/\\(.)/g, "$1") });
    else if (match[3] !== undefined) tokens.push({ kind: "selector", text: match[3] });
    else tokens.push({ kind: "word", text: match[4] });
  }
  return tokens;
}

function fail(why: string): never {
  throw invalidParameter(`Invalid filter pattern: ${why}.`);
}
