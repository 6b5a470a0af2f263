import type { Expr, SourceCall, SourceCommand, TagFilter, UnsupportedCommand } from "../ast.js";
import { didYouMean } from "../suggest.js";
import type { NameToken } from "../tokens.js";
import type { Cursor } from "./cursor.js";
import { parseExpr } from "./expressions.js";

const SOURCE_FUNCTIONS = ["logGroups", "dataSource", "logGroupTags"];

const SOURCE_HELP = "write SOURCE logGroups(namePrefix: ['/aws/lambda']), dataSource(['x']) or logGroupTags([{\"key\": \"team\", \"values\": [\"a\"]}])";

/**
 * `SOURCE logGroups(namePrefix: [...], class: [...], accountIdentifier: [...])`, optionally with
 * `dataSource([...])` and `logGroupTags([...])`, or a quoted log group name. The logcompare form
 * `SOURCE lg start=-1d end=now` is recognised and reported as unsupported.
 */
export function parseSource(c: Cursor, start: number): SourceCommand | UnsupportedCommand {
  const calls: SourceCall[] = [];
  while (!c.atEnd()) {
    const token = c.peek();
    if (token.kind === "string") {
      c.next();
      calls.push({ name: token.value, named: {}, positional: [], quoted: true, span: token.span });
      continue;
    }
    if (token.kind === "name" && !c.atPunct("(", 1)) {
      const next = c.peek(1);
      if (next.kind === "eof" || (next.kind === "punct" && next.text === "|")) {
        // `SOURCE lg`: a bare log group name (the appendcols example), read as a quoted one.
        c.next();
        calls.push({ name: token.segments.map((s) => s.text).join("."), named: {}, positional: [], quoted: true, span: token.span });
        continue;
      }
      c.skipTo();
      const span = c.spanFrom(start);
      c.report("TL501", "SOURCE with a bare log group and options not supported offline", token.span, SOURCE_HELP);
      return { kind: "unsupported", name: "SOURCE", span };
    }
    if (token.kind !== "name") {
      c.unexpected("expected logGroups(...), dataSource(...) or logGroupTags(...)", SOURCE_HELP);
      c.skipTo();
      break;
    }
    calls.push(parseSourceCall(c, token));
  }
  if (calls.length === 0 && c.diagnostics.every((d) => d.span.start < start)) {
    c.unexpected("expected what to read after SOURCE", SOURCE_HELP);
  }
  return { kind: "source", calls, span: c.spanFrom(start) };
}

function parseSourceCall(c: Cursor, token: NameToken): SourceCall {
  c.next();
  const written = token.segments.map((s) => s.text).join(".");
  const name = SOURCE_FUNCTIONS.find((f) => f.toLowerCase() === written.toLowerCase());
  if (name === undefined) {
    const suggestion = didYouMean(written, SOURCE_FUNCTIONS);
    c.report(
      "TL202",
      `unknown SOURCE function "${written}"`,
      token.span,
      suggestion === undefined ? SOURCE_HELP : `did you mean "${suggestion}"?`,
    );
  }
  const call: SourceCall = { name: name ?? written, named: {}, positional: [], span: token.span };
  c.next();
  if (!c.atPunct(")")) {
    do {
      parseSourceArgument(c, call);
    } while (c.eatPunct(","));
  }
  if (!c.eatPunct(")")) {
    c.unexpected(`expected "," or ")" in the arguments of ${call.name}`);
    c.skipTo([")"]);
    c.eatPunct(")");
  }
  call.span = c.spanFrom(token.span.start);
  return call;
}

function parseSourceArgument(c: Cursor, call: SourceCall): void {
  const token = c.peek();
  if (token.kind === "name" && c.atPunct(":", 1)) {
    c.next();
    c.next();
    call.named[token.segments.map((s) => s.text).join(".")] = parseArgumentExpr(c);
  } else if (c.atPunct("[") && c.atPunct("{", 1)) {
    call.tags = [...(call.tags ?? []), ...parseTagFilters(c)];
  } else {
    call.positional.push(parseArgumentExpr(c));
  }
}

function parseArgumentExpr(c: Cursor): Expr {
  const expr = parseExpr(c);
  if (expr.kind === "error") c.skipTo([",", ")"]);
  return expr;
}

/** `[{"key": "team", "values": ["a", "b"]}, ...]`: JSON-like objects, keys in any order. */
function parseTagFilters(c: Cursor): TagFilter[] {
  c.next();
  const filters: TagFilter[] = [];
  do {
    const filter = parseTagFilter(c);
    if (filter === undefined) {
      c.skipTo([",", "]"]);
    } else {
      filters.push(filter);
    }
  } while (c.eatPunct(","));
  if (!c.eatPunct("]")) {
    c.unexpected('expected "," or "]" after a tag filter');
    c.skipTo(["]"]);
    c.eatPunct("]");
  }
  return filters;
}

function parseTagFilter(c: Cursor): TagFilter | undefined {
  const start = c.peek().span.start;
  if (!c.expectPunct("{", 'a tag filter is {"key": "team", "values": ["a"]}')) return undefined;
  let key: string | undefined;
  let values: string[] | undefined;
  do {
    const field = c.peek();
    if (field.kind !== "string" || !c.atPunct(":", 1)) {
      c.unexpected('expected "key": or "values":');
      return undefined;
    }
    c.next();
    c.next();
    if (field.value === "key") {
      const value = c.peek();
      if (value.kind !== "string") {
        c.unexpected("expected the tag key as a string");
        return undefined;
      }
      c.next();
      key = value.value;
    } else if (field.value === "values") {
      const list = parseExpr(c);
      if (list.kind !== "list" || !list.items.every((item) => item.kind === "string")) {
        c.report("TL207", "tag values must be a list of strings", list.span, 'write "values": ["a", "b*"]');
        return undefined;
      }
      values = list.items.map((item) => (item.kind === "string" ? item.value : ""));
    } else {
      c.report("TL202", `unknown tag filter field "${field.value}"`, field.span, 'a tag filter has "key" and "values"');
      return undefined;
    }
  } while (c.eatPunct(","));
  if (!c.expectPunct("}")) return undefined;
  if (key === undefined || values === undefined) {
    c.report("TL202", 'a tag filter needs both "key" and "values"', c.spanFrom(start), 'write {"key": "team", "values": ["a"]}');
    return undefined;
  }
  return { key, values, span: c.spanFrom(start) };
}
