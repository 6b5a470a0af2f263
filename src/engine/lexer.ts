import type { Diagnostic, DiagnosticCode } from "./diagnostics.js";
import type { NameSegment, OperatorText, PunctText, Token } from "./tokens.js";
import { plainWord } from "./tokens.js";
import { numberValue } from "./exact-number.js";
import { isNameChar, isNameStart } from "./name-chars.js";

export interface LexResult {
  tokens: Token[];
  diagnostics: Diagnostic[];
}

const DIGIT = /[0-9]/;
const LETTER = /[A-Za-z]/;

const STRING_ESCAPES: Record<string, string> = { '"': '"', "'": "'", "\\": "\\", n: "\n", t: "\t" };

const TWO_CHAR_OPERATORS: OperatorText[] = ["!=", "<=", ">=", "=~"];
const ONE_CHAR_OPERATORS = new Set<string>(["=", "<", ">", "+", "-", "*", "/", "%", "^", "!"]);
const PUNCTUATION = new Set<string>(["(", ")", "[", "]", "{", "}", ",", "|", ":", "."]);

/** After these words a `/` opens a regex; elsewhere after a name it divides. */
const WORDS_BEFORE_REGEX = new Set(["like", "not", "and", "or", "in", "by", "as", "parse"]);

/**
 * Splits a query into tokens. Never throws: a malformed token becomes a diagnostic plus the
 * best token that can stand in for it, so the parser can go on and report later problems too.
 * `#` starts a comment to the end of the line unless it is inside a string, regex or backticks.
 */
export function lex(text: string): LexResult {
  return new Lexer(text).run();
}

class Lexer {
  private pos = 0;
  private readonly tokens: Token[] = [];
  private readonly diagnostics: Diagnostic[] = [];

  constructor(private readonly text: string) {}

  run(): LexResult {
    for (;;) {
      this.skipTrivia();
      if (this.pos >= this.text.length) break;
      this.lexToken();
    }
    this.tokens.push({ kind: "eof", span: { start: this.text.length, end: this.text.length } });
    return { tokens: this.tokens, diagnostics: this.diagnostics };
  }

  private skipTrivia(): void {
    while (this.pos < this.text.length) {
      const c = this.text[this.pos];
      if (c === "#") {
        while (this.pos < this.text.length && this.text[this.pos] !== "\n") this.pos++;
      } else if (/\s/.test(c)) {
        this.pos++;
      } else {
        return;
      }
    }
  }

  private lexToken(): void {
    const start = this.pos;
    const c = this.text[start];
    if (c === '"' || c === "'") return this.lexString(c);
    if (c === "/" && this.regexMayStart()) return this.lexRegex();
    if (DIGIT.test(c)) return this.lexNumber();
    if (c === "`" || isNameStart(c)) return this.lexName();
    if (c === "$") return this.lexMacro();
    const two = this.text.slice(start, start + 2) as OperatorText;
    if (TWO_CHAR_OPERATORS.includes(two)) {
      this.pos += 2;
      this.tokens.push({ kind: "op", text: two, span: { start, end: this.pos } });
      return;
    }
    this.pos++;
    if (ONE_CHAR_OPERATORS.has(c)) {
      this.tokens.push({ kind: "op", text: c as OperatorText, span: { start, end: this.pos } });
    } else if (PUNCTUATION.has(c)) {
      this.tokens.push({ kind: "punct", text: c as PunctText, span: { start, end: this.pos } });
    } else {
      this.report("TL104", `unexpected character "${c}"`, start, this.pos, unexpectedCharHelp(c));
    }
  }

  /**
   * `/` is a regex after an operator, an opening bracket, a comma, a `|`, a command word, a
   * keyword such as `like`, or the source field of `parse` (`parse @message /re/`); after an
   * operand (a name, number, `)`, `]`) it is division.
   */
  private regexMayStart(): boolean {
    const n = this.tokens.length;
    const last = this.tokens[n - 1];
    if (last === undefined) return true;
    if (last.kind === "op") return true;
    if (last.kind === "punct") return ["(", ",", "[", "|", ":", "{"].includes(last.text);
    if (last.kind !== "name") return false;
    const word = plainWord(last);
    if (word !== undefined && WORDS_BEFORE_REGEX.has(word)) return true;
    if (this.atCommandPosition(n - 1)) return true;
    const before = this.tokens[n - 2];
    return before !== undefined && plainWord(before) === "parse" && this.atCommandPosition(n - 2);
  }

  private atCommandPosition(index: number): boolean {
    const before = this.tokens[index - 1];
    return before === undefined || (before.kind === "punct" && before.text === "|");
  }

  private lexString(quote: string): void {
    const start = this.pos++;
    let value = "";
    while (this.pos < this.text.length) {
      const c = this.text[this.pos];
      if (c === quote) {
        this.pos++;
        this.tokens.push({ kind: "string", value, span: { start, end: this.pos } });
        return;
      }
      if (c === "\n") break;
      if (c === "\\" && this.pos + 1 < this.text.length) {
        const next = this.text[this.pos + 1];
        // Unknown escapes stay as written, so "\d" reaches a regex function intact.
        value += STRING_ESCAPES[next] ?? `\\${next}`;
        this.pos += 2;
        continue;
      }
      value += c;
      this.pos++;
    }
    this.report("TL101", "unterminated string", start, this.pos, `close the string with ${quote}`);
    this.tokens.push({ kind: "string", value, span: { start, end: this.pos } });
  }

  private lexRegex(): void {
    const start = this.pos++;
    let source = "";
    let closed = false;
    while (this.pos < this.text.length) {
      const c = this.text[this.pos];
      if (c === "/") {
        this.pos++;
        closed = true;
        break;
      }
      if (c === "\n") break;
      if (c === "\\" && this.pos + 1 < this.text.length && this.text[this.pos + 1] !== "\n") {
        const next = this.text[this.pos + 1];
        source += next === "/" ? "/" : `\\${next}`;
        this.pos += 2;
        continue;
      }
      source += c;
      this.pos++;
    }
    if (!closed) {
      this.report("TL102", "unterminated regex", start, this.pos, "close the regex with / (write a slash inside it as \\/)");
    }
    const caseInsensitive = source.includes("(?i)");
    this.tokens.push({
      kind: "regex",
      source: source.split("(?i)").join(""),
      caseInsensitive,
      span: { start, end: this.pos },
    });
  }

  /** `12`, `1.5`, and durations: a number immediately followed by a unit word (`5m`, `2mins`). */
  private lexNumber(): void {
    const start = this.pos;
    while (DIGIT.test(this.text[this.pos] ?? "")) this.pos++;
    if (this.text[this.pos] === "." && DIGIT.test(this.text[this.pos + 1] ?? "")) {
      this.pos++;
      while (DIGIT.test(this.text[this.pos] ?? "")) this.pos++;
    }
    const amount = Number(this.text.slice(start, this.pos));
    const unitStart = this.pos;
    while (LETTER.test(this.text[this.pos] ?? "")) this.pos++;
    const unit = this.text.slice(unitStart, this.pos);
    if (isNameChar(this.text[this.pos] ?? "")) {
      while (isNameChar(this.text[this.pos] ?? "")) this.pos++;
      this.report(
        "TL105",
        `bad number or duration "${this.text.slice(start, this.pos)}"`,
        start,
        this.pos,
        "a duration is a number followed by a unit (5m, 1h, 100ms); a name cannot start with a digit unless it is in backticks",
      );
      this.tokens.push({ kind: "number", value: amount, span: { start, end: this.pos } });
      return;
    }
    const span = { start, end: this.pos };
    if (unit !== "") this.tokens.push({ kind: "duration", amount, unit, span });
    else {
      const exact = numberValue(this.text.slice(start, unitStart));
      this.tokens.push(typeof exact === "string" ? { kind: "number", value: amount, exact, span } : { kind: "number", value: amount, span });
    }
  }

  /**
   * A name is dot-separated segments, each plain (`a`, `0`, `@x`) or backticked; a leading `@`
   * may sit outside backticks (``@`aws.tag.a:b` ``). A dot joins segments only when another
   * segment follows it directly; otherwise it is left as postfix-access punctuation.
   */
  private lexName(): void {
    const start = this.pos;
    const segments: NameSegment[] = [];
    let prefix = "";
    if (this.text[this.pos] === "@" && this.text[this.pos + 1] === "`") {
      prefix = "@";
      this.pos++;
    }
    for (;;) {
      const segment = this.lexSegment();
      if (segment === undefined) break;
      segments.push(segment);
      const next = this.text[this.pos + 1] ?? "";
      if (this.text[this.pos] === "." && (next === "`" || isNameChar(next))) {
        this.pos++;
        continue;
      }
      break;
    }
    if (prefix !== "" && segments.length > 0) segments[0] = { ...segments[0], text: prefix + segments[0].text };
    this.tokens.push({ kind: "name", segments, span: { start, end: this.pos } });
  }

  private lexSegment(): NameSegment | undefined {
    if (this.text[this.pos] === "`") return { text: this.lexBacktick(), quoted: true };
    const start = this.pos;
    while (isNameChar(this.text[this.pos] ?? "")) this.pos++;
    return this.pos > start ? { text: this.text.slice(start, this.pos), quoted: false } : undefined;
  }

  private lexBacktick(): string {
    const start = this.pos++;
    const end = this.text.indexOf("`", this.pos);
    const newline = this.text.indexOf("\n", this.pos);
    if (end === -1 || (newline !== -1 && newline < end)) {
      const stop = newline === -1 ? this.text.length : newline;
      const value = this.text.slice(this.pos, stop);
      this.pos = stop;
      this.report("TL103", "unterminated backtick name", start, stop, "close the name with `");
      return value;
    }
    this.pos = end + 1;
    return this.text.slice(start + 1, end);
  }

  private lexMacro(): void {
    const start = this.pos++;
    let name: string;
    if (this.text[this.pos] === "`") {
      name = this.lexBacktick();
    } else {
      const nameStart = this.pos;
      while (isNameChar(this.text[this.pos] ?? "")) this.pos++;
      name = this.text.slice(nameStart, this.pos);
    }
    if (name === "") {
      this.report("TL104", 'unexpected character "$"', start, start + 1, "a saved query is invoked as $QueryName(...)");
      return;
    }
    this.tokens.push({ kind: "macro", name, span: { start, end: this.pos } });
  }

  private report(code: DiagnosticCode, message: string, start: number, end: number, help?: string): void {
    this.diagnostics.push({ code, message, span: { start, end }, ...(help === undefined ? {} : { help }) });
  }
}

function unexpectedCharHelp(c: string): string | undefined {
  if (c === "&") return "write and instead of &&";
  if (c === ";") return "separate commands with |";
  return undefined;
}
