import { describe, expect, test } from "vitest";
import { lex } from "./lexer.js";
import type { Token } from "./tokens.js";

/** One short string per token, so a whole token stream fits on a line. */
function show(token: Token): string {
  switch (token.kind) {
    case "name":
      return `name(${token.segments.map((s) => (s.quoted ? `\`${s.text}\`` : s.text)).join("|")})`;
    case "string":
      return `str(${token.value})`;
    case "regex":
      return `re(${token.source}${token.caseInsensitive ? ",i" : ""})`;
    case "number":
      return `num(${token.value})`;
    case "duration":
      return `dur(${token.amount},${token.unit})`;
    case "op":
    case "punct":
      return token.text;
    case "macro":
      return `$${token.name}`;
    case "eof":
      return "eof";
  }
}

function tokens(text: string): string[] {
  const result = lex(text);
  expect(result.diagnostics).toEqual([]);
  return result.tokens.map(show).slice(0, -1);
}

describe("lexer", () => {
  test("names: @, dots, array indexes, keywords are names", () => {
    expect(tokens("fields @timestamp, a.b.0.c, _x")).toEqual([
      "name(fields)",
      "name(@timestamp)",
      ",",
      "name(a|b|0|c)",
      ",",
      "name(_x)",
    ]);
  });

  test("backtick names, @ outside backticks, quoted map keys", () => {
    expect(tokens("`foo-bar` @`aws.tag.aws:cloudformation:stack-name` m.`a.b`")).toEqual([
      "name(`foo-bar`)",
      "name(`@aws.tag.aws:cloudformation:stack-name`)",
      "name(m|`a.b`)",
    ]);
  });

  test("a dash without backticks is subtraction", () => {
    expect(tokens("event-name")).toEqual(["name(event)", "-", "name(name)"]);
  });

  test("strings in both quote styles with escapes", () => {
    expect(tokens(String.raw`"a\"b" 'c\'d' "e\\f" "g\nh\ti" "\d"`)).toEqual([
      'str(a"b)',
      "str(c'd)",
      "str(e\\f)",
      "str(g\nh\ti)",
      "str(\\d)",
    ]);
  });

  test("comments run to end of line, but not inside strings, regexes or backticks", () => {
    expect(tokens('fields a # trailing\n# whole line | filter x\n| filter b = "#x" and c like /#y/ and `#z` = 1')).toEqual([
      "name(fields)",
      "name(a)",
      "|",
      "name(filter)",
      "name(b)",
      "=",
      "str(#x)",
      "name(and)",
      "name(c)",
      "name(like)",
      "re(#y)",
      "name(and)",
      "name(`#z`)",
      "=",
      "num(1)",
    ]);
  });

  test("regex after like, =~, parse and parse's source field; \\/ unescaped", () => {
    expect(tokens(String.raw`filter a like /x\/y/ | filter b =~ /\d+/`)).toContain("re(x/y)");
    expect(tokens(String.raw`filter b =~ /\d+/`)).toContain("re(\\d+)");
    expect(tokens("parse /a(?<b>c)/")).toEqual(["name(parse)", "re(a(?<b>c))"]);
    expect(tokens("parse @message /x/")).toEqual(["name(parse)", "name(@message)", "re(x)"]);
    expect(tokens("filter regexReplace(a, /b/, 'c')")).toContain("re(b)");
  });

  test("slash after an operand is division", () => {
    expect(tokens("fields a / 2, f(x) / b, 4/2")).toEqual([
      "name(fields)",
      "name(a)",
      "/",
      "num(2)",
      ",",
      "name(f)",
      "(",
      "name(x)",
      ")",
      "/",
      "name(b)",
      ",",
      "num(4)",
      "/",
      "num(2)",
    ]);
  });

  test("(?i) anywhere turns on case-insensitivity and is removed", () => {
    expect(tokens("filter a like /(?i)Exception/")).toContain("re(Exception,i)");
    expect(tokens("filter a =~ /^(?i)Exception$/")).toContain("re(^Exception$,i)");
  });

  test("numbers and durations", () => {
    expect(tokens("1 2.5 5m 1h 30s 100ms 2mins 1qtr")).toEqual([
      "num(1)",
      "num(2.5)",
      "dur(5,m)",
      "dur(1,h)",
      "dur(30,s)",
      "dur(100,ms)",
      "dur(2,mins)",
      "dur(1,qtr)",
    ]);
  });

  test("operators, longest match first", () => {
    const ops = tokens("a=a!=a<a<=a>a>=a=~a+a-a*a/a%a^!a").filter((t) => t !== "name(a)");
    expect(ops).toEqual(["=", "!=", "<", "<=", ">", ">=", "=~", "+", "-", "*", "/", "%", "^", "!"]);
  });

  test("lists and saved-query invocations", () => {
    expect(tokens('in [ "a", 1 ]')).toEqual(["name(in)", "[", "str(a)", ",", "num(1)", "]"]);
    expect(tokens("$Errors(level = 'x') | $`Errors By Level`()")).toEqual([
      "$Errors",
      "(",
      "name(level)",
      "=",
      "str(x)",
      ")",
      "|",
      "$Errors By Level",
      "(",
      ")",
    ]);
  });

  test("spans are offsets into the text", () => {
    const [, second] = lex("fields  `a b`").tokens;
    expect(second.span).toEqual({ start: 8, end: 13 });
  });
});

describe("lexer errors", () => {
  test.each([
    ['filter a = "abc', "TL101", 11, 15],
    ["filter a like /abc", "TL102", 14, 18],
    ["fields `abc", "TL103", 7, 11],
    ["fields a ; b", "TL104", 9, 10],
    ["fields 12ab_c", "TL105", 7, 13],
  ])("%s -> %s", (text, code, start, end) => {
    const { diagnostics } = lex(text);
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]).toMatchObject({ code, span: { start, end } });
  });

  test("an unterminated string stops at the end of its line, so later lines still lex", () => {
    const { tokens: all, diagnostics } = lex('filter a = "x\n| limit 5');
    expect(diagnostics.map((d) => d.code)).toEqual(["TL101"]);
    expect(all.map(show).slice(-3)).toEqual(["name(limit)", "num(5)", "eof"]);
  });
});
