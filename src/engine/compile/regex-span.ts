import type { Expr, Span } from "../ast.js";
import type { ReportError } from "./types.js";
import type { RegexProblem } from "./regex.js";

const STRING_ESCAPES = new Set(['"', "'", "\\", "n", "t"]);

/**
 * Reports a regex problem where it is: at the construct inside the literal when the problem
 * knows its place in the pattern and the query text is at hand, else at the whole literal.
 */
export function reportRegexProblem(error: ReportError, problem: RegexProblem, literal: Expr, text: string | undefined): void {
  const span = (problem.at && text !== undefined && spanInLiteral(literal, problem.at, text)) || literal.span;
  const help = problem.code === "TL308" ? "rewrite the pattern without look-around or back-references" : "fix the regex (RE2 syntax)";
  error(problem.code, span, problem.message, help);
}

/** The query span of `at` (offsets in the literal's pattern), found by re-reading the literal as the lexer does. */
function spanInLiteral(literal: Expr, at: { offset: number; length: number }, text: string): Span | undefined {
  const raw = text.slice(literal.span.start, literal.span.end);
  const positions = literal.kind === "regex" ? regexPositions(raw) : literal.kind === "string" ? stringPositions(raw) : undefined;
  if (positions === undefined) return undefined;
  const first = positions[at.offset];
  const last = positions[at.offset + at.length - 1];
  if (first === undefined || last === undefined) return undefined;
  return { start: literal.span.start + first, end: literal.span.start + last + 1 };
}

/** For each character of a `/.../` literal's pattern (`\/` unescaped, `(?i)` removed), its offset in the literal. */
function regexPositions(raw: string): number[] {
  let chars = "";
  const at: number[] = [];
  for (let i = 1; i < raw.length; i++) {
    const c = raw[i];
    if (c === "/" || c === "\n") break;
    if (c === "\\" && i + 1 < raw.length && raw[i + 1] !== "\n") {
      if (raw[i + 1] === "/") {
        chars += "/";
        at.push(i);
      } else {
        chars += c + raw[i + 1];
        at.push(i, i + 1);
      }
      i++;
      continue;
    }
    chars += c;
    at.push(i);
  }
  // The lexer drops every `(?i)` (split and join): drop their positions alike.
  const kept: number[] = [];
  let from = 0;
  for (let found = chars.indexOf("(?i)"); ; found = chars.indexOf("(?i)", from)) {
    const to = found < 0 ? at.length : found;
    for (let i = from; i < to; i++) kept.push(at[i]);
    if (found < 0) return kept;
    from = found + 4;
  }
}

/** For each character of a quoted string's value, its offset in the literal. */
function stringPositions(raw: string): number[] {
  const quote = raw[0];
  const at: number[] = [];
  for (let i = 1; i < raw.length; i++) {
    const c = raw[i];
    if (c === quote || c === "\n") break;
    if (c === "\\" && i + 1 < raw.length) {
      if (STRING_ESCAPES.has(raw[i + 1])) at.push(i);
      else at.push(i, i + 1);
      i++;
      continue;
    }
    at.push(i);
  }
  return at;
}
