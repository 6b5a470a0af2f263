import { describe, expect, test } from "vitest";
import type { Command, Expr } from "./ast.js";
import { parse } from "./parser.js";
import { didYouMean } from "./suggest.js";

/** Compact S-expression of an expression tree, so precedence tests read on one line. */
function sx(expr: Expr): string {
  switch (expr.kind) {
    case "field":
      return expr.name;
    case "string":
      return JSON.stringify(expr.value);
    case "number":
      return String(expr.value);
    case "regex":
      return `/${expr.source}/${expr.caseInsensitive ? "i" : ""}`;
    case "duration":
      return `${expr.amount}${expr.unit}`;
    case "list":
      return `[${expr.items.map(sx).join(" ")}]`;
    case "call":
      return `${expr.name}(${expr.star ? "*" : expr.args.map(sx).join(" ")})`;
    case "unary":
      return `(${expr.op} ${sx(expr.operand)})`;
    case "binary":
      return `(${expr.op} ${sx(expr.left)} ${sx(expr.right)})`;
    case "access":
      return `(. ${sx(expr.target)} ${JSON.stringify(expr.key)})`;
    case "subquery":
      return "<subquery>";
    case "error":
      return "<error>";
  }
}

function commands(text: string): Command[] {
  const result = parse(text);
  expect(result.diagnostics).toEqual([]);
  return result.query.commands;
}

function filterExpr(expression: string): string {
  const [command] = commands(`filter ${expression}`);
  if (command.kind !== "filter") throw new Error("not a filter");
  return sx(command.expr);
}

function codes(text: string): string[] {
  return parse(text).diagnostics.map((d) => d.code);
}

describe("expressions: precedence and associativity", () => {
  test.each([
    ["a or b and c", "(or a (and b c))"],
    ["a and b or c", "(or (and a b) c)"],
    ["not a = 1 and b", "(and (not (= a 1)) b)"],
    ["not not a", "(not (not a))"],
    ["a = 1 + 2 * 3", "(= a (+ 1 (* 2 3)))"],
    ["(a + b) * c", "(* (+ a b) c)"],
    ["a - b - c", "(- (- a b) c)"],
    ["a / b % c", "(% (/ a b) c)"],
    ["2 ^ 3 ^ 2", "(^ 2 (^ 3 2))"],
    ["-2 ^ 2", "(^ (- 2) 2)"],
    ["2 * -x", "(* 2 (- x))"],
    ["!ispresent(x) or y != 'a'", '(or (! ispresent(x)) (!= y "a"))'],
    ["a not like /x/", "(not like a /x/)"],
    ["a not in [1, 2]", "(not in a [1 2])"],
    ["a IN ['x'] AND b LIKE 'y' OR NOT c", '(or (and (in a ["x"]) (like b "y")) (not c))'],
    ["a =~ /^(?i)Exception$/", "(=~ a /^Exception$/i)"],
    ["toMillis(@timestamp) >= (now() * 1000 - 18000000)", "(>= toMillis(@timestamp) (- (* now() 1000) 18000000))"],
    ["jsonParse(x).a.b = 1", '(= (. (. jsonParse(x) "a") "b") 1)'],
    ["m.`a.b` = 1", '(= (. m "a.b") 1)'],
    ["l[0] = f(x)[1]", "(= (. l 0) (. f(x) 1))"],
    ["count (*) > 0 and count() > 0", "(and (> count(*) 0) (> count() 0))"],
    ["requestParameters.items.0.instanceId = 'i'", '(= requestParameters.items.0.instanceId "i")'],
    ["`foo-bar` = @`aws.tag.a:b`", "(= foo-bar @aws.tag.a:b)"],
    ["a.`b-c`.d = 1", "(= a.b-c.d 1)"],
    ["bin(5m) = datefloor(@timestamp, 1h)", "(= bin(5m) datefloor(@timestamp 1h))"],
  ])("%s", (expression, expected) => {
    expect(filterExpr(expression)).toBe(expected);
  });

  test("function and keyword case is kept as written; field names are case-sensitive", () => {
    const [command] = commands("FIELDS BIN(5m), Abs(X)");
    expect(command.kind === "fields" && command.items.map((i) => sx(i.expr))).toEqual(["BIN(5m)", "Abs(X)"]);
  });
});

describe("commands", () => {
  test("fields and display with aliases; the projection text is the source text", () => {
    const [fields, display] = commands("fields abs(f3-f4), a as `b c` | DISPLAY msg, type = 'ERROR' as isError");
    expect(fields).toMatchObject({
      kind: "fields",
      items: [{ text: "abs(f3-f4)" }, { text: "a", alias: { name: "b c" } }],
    });
    expect(display).toMatchObject({ kind: "display", items: [{ text: "msg" }, { text: "type = 'ERROR'", alias: { name: "isError" } }] });
  });

  test("filter and where", () => {
    expect(commands("where a = 1")[0]).toMatchObject({ kind: "filter", keyword: "where" });
    expect(commands("filter (range>3000)")[0]).toMatchObject({ kind: "filter", keyword: "filter" });
  });

  test("filterIndex", () => {
    const [command] = commands('filterIndex ip in ["a", "b"]');
    expect(command.kind === "filterIndex" && sx(command.expr)).toBe('(in ip ["a" "b"])');
  });

  test("stats with aliases, by with aliases, and offset", () => {
    const [command] = commands("stats sum(x) / count(*) as avg_x, count(*) by bin(5m) as @t, host offset 1h");
    expect(command.kind).toBe("stats");
    if (command.kind !== "stats") return;
    expect(command.items.map((i) => [i.text, i.alias?.name])).toEqual([
      ["sum(x) / count(*)", "avg_x"],
      ["count(*)", undefined],
    ]);
    expect(command.by.map((i) => [i.text, i.alias?.name])).toEqual([
      ["bin(5m)", "@t"],
      ["host", undefined],
    ]);
    expect(command.offset).toMatchObject({ amount: 1, unit: "h" });
  });

  test("stats across lines with a function name followed by a space", () => {
    const [command] = commands("stats avg (f1),\n  max(f2)\n  by f3");
    expect(command).toMatchObject({ kind: "stats", items: [{ text: "avg (f1)" }, { text: "max(f2)" }], by: [{ text: "f3" }] });
  });

  test("sort with several keys and directions", () => {
    const [command] = commands("sort a, b desc, c ASC");
    expect(command.kind === "sort" && command.keys.map((k) => [sx(k.expr), k.direction])).toEqual([
      ["a", undefined],
      ["b", "desc"],
      ["c", "asc"],
    ]);
  });

  test("limit and limit any", () => {
    expect(commands("limit 20")[0]).toMatchObject({ kind: "limit", any: false, count: 20, countSpan: { start: 6, end: 8 } });
    expect(commands("limit any 1")[0]).toMatchObject({ kind: "limit", any: true, count: 1 });
  });

  test("parse with a glob, with and without a source", () => {
    expect(commands("parse 'a=*, b=*' as a, @b")[0]).toMatchObject({
      kind: "parse",
      pattern: { kind: "glob", text: "a=*, b=*" },
      names: [{ name: "a" }, { name: "@b" }],
      multi: false,
    });
    const [withSource] = commands('parse @message "x *" as y');
    expect(withSource.kind === "parse" && withSource.source && sx(withSource.source)).toBe("@message");
  });

  test("parse with a regex, names and multi", () => {
    const [command] = commands(String.raw`parse requestUri /\/api\/(?<version>v\d+)/`);
    expect(command).toMatchObject({ kind: "parse", pattern: { kind: "regex", regex: { source: String.raw`/api/(?<version>v\d+)` } }, names: [] });
    expect(commands(String.raw`parse @message /(\d+)/ as ip multi`)[0]).toMatchObject({ names: [{ name: "ip" }], multi: true });
  });

  test("dedup, unnest, pattern", () => {
    const [dedup, unnest, pattern] = commands("dedup a, b.c | unnest js.events into event | pattern @message");
    expect(dedup.kind === "dedup" && dedup.fields.map(sx)).toEqual(["a", "b.c"]);
    expect(unnest).toMatchObject({ kind: "unnest", into: { name: "event" } });
    expect(pattern.kind === "pattern" && sx(pattern.expr)).toBe("@message");
  });

  test("SOURCE with logGroups, dataSource and logGroupTags", () => {
    const [command] = commands(
      `SOURCE dataSource(['amazon_vpc.flow']) logGroups(namePrefix: ['/a', '/b'], class: ['STANDARD'], accountIdentifier: ['1']) logGroupTags([{"key":"env", "values":["!prod", "x*"]}])`,
    );
    expect(command.kind).toBe("source");
    if (command.kind !== "source") return;
    expect(command.calls.map((call) => call.name)).toEqual(["dataSource", "logGroups", "logGroupTags"]);
    expect(command.calls[0].positional.map(sx)).toEqual(['["amazon_vpc.flow"]']);
    expect(Object.fromEntries(Object.entries(command.calls[1].named).map(([k, v]) => [k, sx(v)]))).toEqual({
      namePrefix: '["/a" "/b"]',
      class: '["STANDARD"]',
      accountIdentifier: '["1"]',
    });
    expect(command.calls[2].tags).toMatchObject([{ key: "env", values: ["!prod", "x*"] }]);
  });

  test("SOURCE with no arguments and with a quoted group name", () => {
    expect(commands("SOURCE logGroups()")[0]).toMatchObject({ kind: "source", calls: [{ name: "logGroups", named: {}, positional: [] }] });
    expect(commands("source '/aws/lambda/x'")[0]).toMatchObject({ calls: [{ name: "/aws/lambda/x", quoted: true }] });
  });

  test("several commands on one line, | at line ends or starts, comments between", () => {
    const all = commands("filter a = 1 |\n  # stats count(*)\n  fields b\n  | limit 2 # done");
    expect(all.map((c) => c.kind)).toEqual(["filter", "fields", "limit"]);
  });
});

describe("unsupported commands (TL501)", () => {
  test.each([
    ["fields a | diff previousDay", "diff", /pattern @message/],
    ["pattern @message | anomaly", "anomaly", /model/],
    ["fields a | estimate", "estimate", /bytesScanned/],
    ["relevantfields where Duration > 5000", "relevantfields", /model/],
    ["fields a | logcompare timeshift 7d", "logcompare", /--start/],
    ["fields a | head 5", "head", /limit N/],
    ["$Errors(level = 'WARN') | limit 5", "$Errors", /saved queries/],
  ])("%s", (text, name, why) => {
    const { query, diagnostics } = parse(text);
    expect(diagnostics.map((d) => d.code)).toEqual(["TL501"]);
    expect(diagnostics[0].help).toMatch(why);
    expect(query.commands.find((c) => c.kind === "unsupported")).toMatchObject({ name });
  });

  test("the command after an unsupported one is still parsed", () => {
    const { query } = parse("fields a | estimate | sort a");
    expect(query.commands.map((c) => c.kind)).toEqual(["fields", "unsupported", "sort"]);
  });
});

describe("the 2026 commands", () => {
  test("lookup: keys with and without as, OUTPUT and OUTPUTNEW, a table name with dashes", () => {
    expect(commands("lookup network-services ip_address as srcAddr, port as dstPort OUTPUT service_name, owner AS who")[0]).toMatchObject({
      kind: "lookup",
      table: { name: "network-services" },
      keys: [{ table: { name: "ip_address" }, event: { name: "srcAddr" } }, { table: { name: "port" }, event: { name: "dstPort" } }],
      mode: "OUTPUT",
      outputs: [{ table: { name: "service_name" }, event: { name: "service_name" } }, { table: { name: "owner" }, event: { name: "who" } }],
    });
    expect(commands("lookup t id OUTPUTNEW name")[0]).toMatchObject({ mode: "OUTPUTNEW" });
  });

  test("cidrlookup with and without the CIDR column", () => {
    expect(commands("cidrlookup net srcAddr AS range OUTPUTNEW region")[0]).toMatchObject({ kind: "cidrlookup", ipField: { name: "srcAddr" }, cidrColumn: { name: "range" }, mode: "OUTPUTNEW" });
    expect(commands("cidrlookup net srcAddr OUTPUT region")[0]).not.toHaveProperty("cidrColumn");
  });

  test("join: options, keys in either order, the subquery's spans are in the whole text", () => {
    const text = "filter s >= 500 | join type=left left=api right=fn where fn.id = api.rid (SOURCE '/aws/x' | filter x = 1)";
    const [, join] = commands(text);
    expect(join).toMatchObject({ kind: "join", type: "left", left: { name: "api" }, right: { name: "fn" }, leftKey: { name: "rid" }, rightKey: { name: "id" } });
    const filter = (join as Extract<Command, { kind: "join" }>).query.commands[1];
    expect(text.slice(filter.span.start, filter.span.end)).toBe("filter x = 1");
  });

  test("a subquery in `in`, and one left open", () => {
    const [filter] = commands("filter id in (SOURCE 'lg' | filter s = 'F' | fields id) | limit 5");
    expect(filter).toMatchObject({ expr: { op: "in", right: { kind: "subquery", query: { commands: [{ kind: "source" }, { kind: "filter" }, { kind: "fields" }] } } } });
    expect(parse("filter id in (SOURCE 'lg' | fields id").diagnostics.map((d) => d.code)).toEqual(["TL202"]);
  });

  test("appendcols with options and a bare SOURCE name", () => {
    expect(commands("stats count(*) by svc | appendcols override=true max=5 ( SOURCE lg | stats avg(x) by svc )")[1]).toMatchObject({
      kind: "appendcols",
      override: true,
      max: 5,
      query: { commands: [{ kind: "source", calls: [{ name: "lg", quoted: true }] }, { kind: "stats" }] },
    });
    expect(parse("fields a | appendcols max=0 (fields b)").diagnostics.map((d) => d.code)).toEqual(["TL305"]);
  });

  test("row commands and their options", () => {
    expect(commands("filldown host cpu*")[0]).toMatchObject({ fields: [{ name: "host" }, { name: "cpu*" }] });
    expect(commands("fillmissing with 0 for a, 'n/a' for b")[0]).toMatchObject({ fills: [{ value: { value: 0 }, field: { name: "a" } }, { value: { value: "n/a" } }] });
    expect(commands("accum bytes AS total")[0]).toMatchObject({ kind: "accum", field: { name: "bytes" }, alias: { name: "total" } });
    expect(commands("addtotals fieldname=RowSum col=true price, tax")[0]).toMatchObject({ fieldname: "RowSum", row: true, col: true, fields: [{ name: "price" }, { name: "tax" }] });
    expect(commands("sessionize userId, deviceId maxspan 1h as s")[0]).toMatchObject({ fields: [{}, {}], maxspan: { amount: 1, unit: "h" }, alias: { name: "s" } });
    expect(commands("COUNT_FREQUENT a, b")[0]).toMatchObject({ kind: "countFrequent", fields: [{ name: "a" }, { name: "b" }] });
    expect(commands("autoregress bytes p=2-4")[0]).toMatchObject({ from: 2, to: 4 });
    expect(commands("outlier action=remove param=3.0 uselower=true mark=true cpu memory")[0]).toMatchObject({ action: "remove", param: 3, uselower: true, mark: true, fields: [{}, {}] });
    expect(commands('json field=payload "user.name" as username')[0]).toMatchObject({ field: { name: "payload" }, paths: [{ path: "user.name", alias: { name: "username" } }] });
    expect(commands("parse @message logfmt as lf")[0]).toMatchObject({ pattern: { kind: "logfmt" }, names: [{ name: "lf" }] });
    expect(commands("parse csv as a, b")[0]).toMatchObject({ pattern: { kind: "csv" }, names: [{}, {}] });
  });

  test("bad options are positioned errors", () => {
    expect(parse("join type=outer left=a right=b where a.k = b.k (fields k)").diagnostics).toMatchObject([{ code: "TL305", span: { start: 10, end: 15 } }]);
    expect(parse("addtotals col=maybe").diagnostics).toMatchObject([{ code: "TL305", span: { start: 14, end: 19 } }]);
    expect(parse("autoregress x as y p=1-3").diagnostics.map((d) => d.code)).toEqual(["TL305"]);
    expect(parse("lookup t id name").diagnostics.map((d) => d.code)).toEqual(["TL202"]);
  });
});

describe("errors and recovery", () => {
  test("unknown command with a suggestion", () => {
    const { diagnostics } = parse("filtr a = 1");
    expect(diagnostics).toEqual([
      { code: "TL201", message: 'unknown command "filtr"', span: { start: 0, end: 5 }, help: 'did you mean "filter"?' },
    ]);
  });

  test("several independent errors in one query, each with its own span", () => {
    const text = 'fields a,, b | sortt a | filter x = | limit x | stats count(*) as | parse @message "a=*"';
    const { query, diagnostics } = parse(text);
    // A missing token is an empty span right after the token it should follow.
    const where = (start: number, end: number) => (start === end ? `after ${text.slice(start - 2, start)}` : text.slice(start, end));
    expect(diagnostics.map((d) => [d.code, where(d.span.start, d.span.end)])).toEqual([
      ["TL203", ","],
      ["TL201", "sortt"],
      ["TL203", "after  ="],
      ["TL205", "x"],
      ["TL204", "after as"],
      ["TL206", 'after *"'],
    ]);
    // A limit without a count is left out; the other commands stay, with error placeholders.
    expect(query.commands.map((c) => c.kind)).toEqual(["fields", "filter", "stats", "parse"]);
    const [fields] = query.commands;
    expect(fields.kind === "fields" && fields.items.map((i) => i.expr.kind)).toEqual(["field", "error", "field"]);
  });

  test("missing closing parenthesis and bracket", () => {
    expect(codes("filter (a = 1 | limit 5")).toEqual(["TL202"]);
    expect(codes("filter a in [1, 2 | limit 5")).toEqual(["TL202"]);
    expect(codes("fields f(a, b | limit 5")).toEqual(["TL202"]);
  });

  test("an error inside arguments resumes at the next argument", () => {
    const { query, diagnostics } = parse("fields f(a, =, b), c");
    expect(diagnostics.map((d) => d.code)).toEqual(["TL203"]);
    const [fields] = query.commands;
    expect(fields.kind === "fields" && fields.items.map((i) => sx(i.expr))).toEqual(["f(a <error> b)", "c"]);
  });

  test("chained comparisons, in with parentheses, == and empty queries", () => {
    expect(codes("filter 1 < a < 3")).toEqual(["TL202"]);
    expect(codes("filter a in (1, 2)")).toContain("TL207");
    expect(parse("filter a == 1").diagnostics).toMatchObject([{ code: "TL203", help: "compare with a single =" }]);
    expect(codes("")).toEqual(["TL202"]);
    expect(codes("# only a comment")).toEqual(["TL202"]);
    expect(codes("fields a |")).toEqual(["TL202"]);
  });

  test("an unquoted URL gets a clear message at the colon", () => {
    const text = 'filter status="200" and referrer= http://34.250.27.141/ and method= "GET"';
    const { diagnostics } = parse(text);
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]).toMatchObject({ code: "TL202", span: { start: 38, end: 39 } });
    expect(diagnostics[0].help).toMatch(/quotes/);
  });

  test("a keyword where a field is expected asks for backticks", () => {
    const { diagnostics } = parse("fields by");
    expect(diagnostics[0]).toMatchObject({ code: "TL203" });
    expect(diagnostics[0].help).toContain("`by`");
  });

  test("lexer errors are reported together with parser errors", () => {
    expect(codes('filter a = "x\n| filtr b')).toEqual(["TL101", "TL201"]);
  });

  test("limit needs a whole number; offset needs a duration", () => {
    expect(codes("limit 2.5")).toEqual(["TL205"]);
    expect(codes("limit")).toEqual(["TL205"]);
    expect(codes("stats count(*) by bin(5m) offset 5")).toEqual(["TL202"]);
  });

  test("unnest needs into; SOURCE needs a known function", () => {
    expect(codes("unnest a")).toEqual(["TL202"]);
    const { diagnostics } = parse("SOURCE logGroup(namePrefix: ['a'])");
    expect(diagnostics).toMatchObject([{ code: "TL202", help: 'did you mean "logGroups"?' }]);
  });
});

describe("didYouMean", () => {
  test("normalised edit distance of at least 0.6, case-insensitive", () => {
    expect(didYouMean("filtr", ["fields", "filter"])).toBe("filter");
    expect(didYouMean("STAT", ["stats", "sort"])).toBe("stats");
    expect(didYouMean("xyz", ["stats", "sort"])).toBeUndefined();
    expect(didYouMean("limt", ["limit"])).toBe("limit");
  });

  test("a misspelt clause keyword after an expression", () => {
    expect(parse("stats count(*) byy host").diagnostics).toMatchObject([{ code: "TL202", help: 'did you mean "by"?' }]);
  });
});
