import type { Span } from "../ast.js";
import type { Diagnostic, DiagnosticCode } from "../diagnostics.js";
import type { OperatorText, PunctText, Token } from "../tokens.js";
import { describeToken, plainWord } from "../tokens.js";

/**
 * How deeply an expression may nest: brackets, function calls, lists, unary operators (`not`,
 * `-`, `!`), `^` and postfix access each take a level. Real queries use a handful; the bound
 * keeps the parser, the compiler and the compiled query inside the call stack (600 nested
 * parentheses used to overflow it). Flat chains (`a and b and ...`, `a + b + ...`) are not
 * nesting and have no bound. Decision: DECISIONS.md, "Parser".
 */
export const MAX_NESTING_DEPTH = 100;

/**
 * The parser's position in the token list, plus the diagnostics found so far. Parse functions
 * never throw on bad input: they `report` and recover with `skipTo`, so that one run finds every
 * independent problem (angle-grinder's sync points, the TypeScript parser's one error per offset).
 */
export class Cursor {
  private pos = 0;
  readonly diagnostics: Diagnostic[] = [];
  /** Offsets at which a diagnostic was reported (one per offset: no cascades). */
  private readonly reported = new Set<number>();
  /** The nesting depth of the expression being parsed. */
  private depth = 0;
  /** After a too-deep expression was skipped: the region where later reports would only echo it. */
  private quiet: Span | undefined;

  constructor(
    readonly text: string,
    private readonly tokens: Token[],
    lexDiagnostics: Diagnostic[],
  ) {
    for (const d of lexDiagnostics) {
      this.diagnostics.push(d);
      this.reported.add(d.span.start);
    }
  }

  /**
   * Enters one level of nesting at the current token (or at `at`, the span to point at). Past
   * `MAX_NESTING_DEPTH`, reports TL208 there, skips the rest of the command (to the next `|`
   * outside brackets) and returns false: the caller then returns an error expression without
   * consuming more. Every `enter` that returned true is matched by a `leave`.
   */
  enter(at: Span = this.peek().span): boolean {
    if (this.depth < MAX_NESTING_DEPTH) {
      this.depth++;
      return true;
    }
    const start = at.start;
    this.report(
      "TL208",
      `expression nested more than ${MAX_NESTING_DEPTH} levels deep`,
      at,
      "write it with fewer brackets, calls or unary operators (a chain such as a and b and c needs none)",
    );
    this.skipTo();
    this.quiet = { start, end: this.peek().span.start };
    return false;
  }

  leave(): void {
    this.depth--;
  }

  peek(offset = 0): Token {
    const index = Math.max(0, Math.min(this.pos + offset, this.tokens.length - 1));
    return this.tokens[index];
  }

  next(): Token {
    const token = this.peek();
    if (token.kind !== "eof") this.pos++;
    return token;
  }

  /** End offset of the last consumed token: where the node being built ends. */
  get lastEnd(): number {
    return this.pos === 0 ? 0 : this.tokens[this.pos - 1].span.end;
  }

  spanFrom(start: number): Span {
    return { start, end: Math.max(start, this.lastEnd) };
  }

  atPunct(text: PunctText, offset = 0): boolean {
    const token = this.peek(offset);
    return token.kind === "punct" && token.text === text;
  }

  atOp(text: OperatorText, offset = 0): boolean {
    const token = this.peek(offset);
    return token.kind === "op" && token.text === text;
  }

  /** True when the token is the given keyword (case-insensitive, not backticked). */
  atWord(word: string, offset = 0): boolean {
    return plainWord(this.peek(offset)) === word;
  }

  atEnd(): boolean {
    const token = this.peek();
    return token.kind === "eof" || (token.kind === "punct" && token.text === "|");
  }

  eatPunct(text: PunctText): boolean {
    if (!this.atPunct(text)) return false;
    this.next();
    return true;
  }

  eatWord(word: string): boolean {
    if (!this.atWord(word)) return false;
    this.next();
    return true;
  }

  /** Consumes the punctuation or reports that it is missing (consuming nothing). */
  expectPunct(text: PunctText, help?: string): boolean {
    if (this.eatPunct(text)) return true;
    this.unexpected(`expected "${text}"`, help);
    return false;
  }

  /** Reports the current token as unexpected: "expected X, found Y". */
  unexpected(expected: string, help?: string, code: DiagnosticCode = "TL202"): void {
    const token = this.peek();
    // Something missing before a | or the end is shown where it should have been written.
    const missing = this.atEnd() && this.pos > 0;
    const span = missing ? { start: this.lastEnd, end: this.lastEnd } : token.span;
    this.report(code, `${expected}, found ${describeToken(token, this.text)}`, span, help);
  }

  /** Records a diagnostic, unless one already starts at the same offset (no cascades). */
  report(code: DiagnosticCode, message: string, span: Span, help?: string): void {
    if (this.reported.has(span.start)) return;
    if (this.quiet && span.start >= this.quiet.start && span.start <= this.quiet.end) return;
    this.reported.add(span.start);
    this.diagnostics.push({ code, message, span, ...(help === undefined ? {} : { help }) });
  }

  /**
   * Skips an opening bracket and everything up to its matching closer, `|` included (a
   * subquery in parentheses is one unit). Stops at the end of the query if it is unclosed.
   */
  skipBalanced(): void {
    let depth = 0;
    do {
      const token = this.next();
      if (token.kind === "eof") return;
      if (token.kind === "punct" && ["(", "[", "{"].includes(token.text)) depth++;
      if (token.kind === "punct" && [")", "]", "}"].includes(token.text)) depth--;
    } while (depth > 0);
  }

  /**
   * Skips tokens up to (not including) the first sync point at bracket depth zero: a `|`
   * always, plus any of `also`. Brackets opened while skipping are skipped whole.
   */
  skipTo(also: PunctText[] = []): void {
    let depth = 0;
    for (;;) {
      const token = this.peek();
      if (token.kind === "eof") return;
      if (token.kind === "punct") {
        if (depth === 0 && (token.text === "|" || also.includes(token.text))) return;
        if (token.text === "(" || token.text === "[" || token.text === "{") depth++;
        if (token.text === ")" || token.text === "]" || token.text === "}") {
          if (depth === 0) {
            // An unmatched closer ends the region only when the caller syncs on it.
            this.next();
            continue;
          }
          depth--;
        }
      }
      this.next();
    }
  }
}
