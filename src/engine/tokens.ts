import type { Span } from "./ast.js";

/**
 * One part of a name between dots. `quoted` marks a backtick segment (`` `a.b` ``), whose text
 * may hold dots and other characters that a plain segment cannot.
 */
export interface NameSegment {
  text: string;
  quoted: boolean;
}

/**
 * A field name, keyword, command or function name: `fields`, `@message`, `a.b.0`,
 * `` `detail-type` ``, ``@`aws.tag.a:b` ``, ``m.`a.b` ``. Keywords are names too; the parser
 * decides by position (see `plainWord`).
 */
export interface NameToken {
  kind: "name";
  /** A leading `@` written outside backticks (``@`a:b` ``) is folded into the first segment. */
  segments: NameSegment[];
  span: Span;
}

export interface StringToken {
  kind: "string";
  value: string;
  span: Span;
}

export interface RegexToken {
  kind: "regex";
  /** Pattern between the slashes, `\/` unescaped, `(?i)` removed. */
  source: string;
  caseInsensitive: boolean;
  span: Span;
}

export interface NumberToken {
  kind: "number";
  value: number;
  /** The digits as written, when the double does not print back as them (`numberValue`). */
  exact?: string;
  span: Span;
}

export interface DurationToken {
  kind: "duration";
  amount: number;
  unit: string;
  span: Span;
}

export type OperatorText =
  | "="
  | "!="
  | "<"
  | "<="
  | ">"
  | ">="
  | "=~"
  | "+"
  | "-"
  | "*"
  | "/"
  | "%"
  | "^"
  | "!";

export interface OperatorToken {
  kind: "op";
  text: OperatorText;
  span: Span;
}

export type PunctText = "(" | ")" | "[" | "]" | "{" | "}" | "," | "|" | ":" | ".";

export interface PunctToken {
  kind: "punct";
  text: PunctText;
  span: Span;
}

/** `$QueryName` or ``$`Query Name` ``: a saved-query invocation (a server-side macro). */
export interface MacroToken {
  kind: "macro";
  name: string;
  span: Span;
}

export interface EofToken {
  kind: "eof";
  span: Span;
}

export type Token =
  | NameToken
  | StringToken
  | RegexToken
  | NumberToken
  | DurationToken
  | OperatorToken
  | PunctToken
  | MacroToken
  | EofToken;

/** The lower-cased word when the token is one plain name segment (a keyword candidate). */
export function plainWord(token: Token): string | undefined {
  if (token.kind !== "name" || token.segments.length !== 1) return undefined;
  const [segment] = token.segments;
  return segment.quoted ? undefined : segment.text.toLowerCase();
}

/** How a token is shown in a message: its source text, or "end of query". */
export function describeToken(token: Token, text: string): string {
  if (token.kind === "eof") return "end of query";
  const source = text.slice(token.span.start, token.span.end);
  // A string's text has its own quotes: wrapped in ours it read ""abc"".
  if (token.kind === "string") return `the string ${source.length > 30 ? `${source.slice(0, 26)}...${source[0]}` : source}`;
  return `"${source.length > 30 ? `${source.slice(0, 27)}...` : source}"`;
}
