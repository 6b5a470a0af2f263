import type { Span } from "../ast.js";
import type { Diagnostic, DiagnosticCode } from "../diagnostics.js";
import type { OperatorText, PunctText, Token } from "../tokens.js";
import { describeToken, plainWord } from "../tokens.js";

/**
 * The parser's position in the token list, plus the diagnostics found so far. Parse functions
 * never throw on bad input: they `report` and recover with `skipTo`, so that one run finds every
 * independent problem (angle-grinder's sync points, the TypeScript parser's one error per offset).
 */
export class Cursor {
  private pos = 0;
  readonly diagnostics: Diagnostic[] = [];

  constructor(
    readonly text: string,
    private readonly tokens: Token[],
    lexDiagnostics: Diagnostic[],
  ) {
    this.diagnostics.push(...lexDiagnostics);
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
    if (this.diagnostics.some((d) => d.span.start === span.start)) return;
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
