import { describe, expect, test } from "vitest";
import type { Query } from "./ast.js";
import { formatQuery, stripSpans } from "./format.js";
import { parse } from "./parser.js";

function parsed(text: string): Query {
  const result = parse(text);
  expect(result.diagnostics).toEqual([]);
  return result.query;
}

/** Prints the query, parses the print, and checks both trees agree; returns the print. */
function roundTrip(text: string): string {
  const query = parsed(text);
  const printed = formatQuery(query);
  const again = parse(printed);
  expect(again.diagnostics, printed).toEqual([]);
  expect(stripSpans(again.query), printed).toEqual(stripSpans(query));
  return printed;
}

describe("formatQuery: canonical text", () => {
  test.each([
    ["FIELDS @timestamp,@message|SORT @timestamp DESC|LIMIT 25", "fields @timestamp, @message | sort @timestamp desc | limit 25"],
    ["filter (a = 1) and ((b or c))", "filter a = 1 and (b or c)"],
    ["filter a or (b and c)", "filter a or b and c"],
    ["filter (a or b) or c", "filter a or b or c"],
    ["filter a or (b or c)", "filter a or (b or c)"],
    ["fields (a - b) - c, a - (b - c), (2 ^ 3) ^ 2, 2 ^ (3 ^ 2)", "fields a - b - c, a - (b - c), (2 ^ 3) ^ 2, 2 ^ 3 ^ 2"],
    ["fields -(a + b), -a * b, (-2) ^ 2, -(2 ^ 2)", "fields -(a + b), -a * b, -2 ^ 2, -(2 ^ 2)"],
    ["filter not (a = 1) and !(b)", "filter not a = 1 and !b"],
    ["filter (not a) = b", "filter (not a) = b"],
    ["filter x = 'say \"hi\"\\n'", 'filter x = "say \\"hi\\"\\n"'],
    ["filter x like /(?i)a\\/b/", "filter x like /(?i)a\\/b/"],
    ["fields `foo-bar`, @`aws.tag.a:b`, `by`, items.0.id", "fields `foo-bar`, @`aws.tag.a:b`, `by`, items.0.id"],
    ["fields m.`a.b`, jsonParse(x).c, (m).d, l[0]", "fields m.`a.b`, jsonParse(x).c, (m).d, l[0]"],
    ["stats count (*) as n by bin(5m) as t offset 1h", "stats count(*) as n by bin(5m) as t offset 1h"],
    ["limit any 3", "limit any 3"],
    ["parse @message 'a=*' as a", 'parse @message "a=*" as a'],
    ["parse /x(?<y>\\d)/ as y multi", "parse /x(?<y>\\d)/ as y multi"],
    ["unnest js.events into event", "unnest js.events into event"],
    ["where a not in [1, 2] and b not like 'x'", 'where a not in [1, 2] and b not like "x"'],
    [
      `SOURCE logGroups(namePrefix: ['/a']) logGroupTags([{"values": ["x"], "key": "k"}])`,
      `source logGroups(namePrefix: ["/a"]) logGroupTags([{"key": "k", "values": ["x"]}])`,
    ],
    ["source '/aws/x' | filterIndex a = 'b'", 'source "/aws/x" | filterIndex a = "b"'],
    ["# comment\nfields a # trailing\n| pattern @message", "fields a | pattern @message"],
  ])("%s", (text, expected) => {
    expect(formatQuery(parsed(text))).toBe(expected);
  });

  test("numbers print without exponents, so the lexer can read them back", () => {
    const query = parsed("filter a = 1");
    const [filter] = query.commands;
    if (filter.kind !== "filter" || filter.expr.kind !== "binary") throw new Error("unexpected tree");
    filter.expr.right = { kind: "number", value: 1e21, span: filter.expr.right.span };
    expect(formatQuery(query)).toBe("filter a = 1000000000000000000000");
    filter.expr.right = { kind: "number", value: 1e-7, span: filter.expr.right.span };
    expect(formatQuery(query)).toBe("filter a = 0.0000001");
  });

  test("an integer a double cannot hold prints as written, so that it keeps its meaning", () => {
    const text = "filter id = 1234567890123456787 or id in [-9007199254740993, 9007199254740991, 12.5]";
    expect(formatQuery(parsed(text))).toBe(text);
  });

  test("unsupported commands keep their source text", () => {
    const { query } = parse("fields a | lookup t id OUTPUT name | limit 5");
    expect(formatQuery(query)).toBe("fields a | lookup t id OUTPUT name | limit 5");
  });
});

describe("formatQuery: round trip parse(format(parse(q))) = parse(q)", () => {
  test.each([
    "fields @timestamp, @message | sort @timestamp desc | limit 25",
    "filter a or b and not c = 1 + 2 * 3 ^ -4 ^ 5 % 6 / 7 - 8",
    "filter ((a or b) and c) or not (d and e)",
    "filter not not a and !!b",
    "fields (a + b) * (c - d), a - (b + c), a / (b * c), (a ^ b) ^ c, -(-a)",
    "filter (a = b) = c",
    "filter a = (b = c)",
    "filter a in [1, 'x', 2.5] and b not in [] and c like /\\/x\\/(?<n>\\d+)/ and d =~ /^(?i)E$/",
    "filter s = 'tab\\there \\\\ back \"q\" \\'s\\''",
    "fields m.`a.b`.c, m.`a.b`.0, m.`a.b`[1], jsonParse(x).a.b, jsonParse(x)['0'], (m).`d-e`, `a.b-c`, a.`b-c`.d",
    "fields @`aws.tag.aws:cloudformation:stack-name`, `@x y`, `and`, `In`",
    "stats count(*), count(), sum(x) / 1024 as kb, pct(d, 99) by bin(5m) as @t, datefloor(@timestamp, 1h) offset 30m",
    "sort a, b asc, c desc | limit any 10",
    "parse 'x=*' as x | parse url \"/api/*/u/*\" as v, u | parse @message /(?<a>\\S+)/ | parse @message /(\\d+)/ as ip multi",
    "dedup a, b.c | unnest jsonParse(@message).events into e | pattern tolower(@message)",
    "SOURCE logGroups() | filterIndex a in ['x', 'y']",
    "SOURCE dataSource(['amazon_vpc.flow']) logGroups(namePrefix: ['/a'], class: ['STANDARD'], accountIdentifier: ['1'])",
    'SOURCE logGroupTags([{"key": "k", "values": ["a*", "!b"]}, {"key": "j", "values": []}])',
    "display a, b = 'x' as isB | where @message like 'y'",
    "fields 1h, 100ms, 2mins, 1.5d",
  ])("%s", (text) => {
    roundTrip(text);
  });
});
