import type {
  Command,
  DurationLiteral,
  Expr,
  LimitCommand,
  Name,
  ParseCommand,
  ParsePattern,
  Projection,
  SortKey,
  StatsCommand,
  UnsupportedCommand,
} from "../ast.js";
import {
  PARSE_MODES,
  SUPPORTED_COMMANDS,
  SUPPORTED_COMMANDS_HELP,
  UNSUPPORTED_COMMAND_REASONS,
  UNSUPPORTED_COMMANDS,
  supportedCommand,
  unsupportedCommand,
} from "../keywords.js";
import { didYouMean } from "../suggest.js";
import { plainWord } from "../tokens.js";
import type { Cursor } from "./cursor.js";
import { parseExpr } from "./expressions.js";
import { nameOf } from "./names.js";
import { parseSource } from "./source.js";
import { parseCidrLookup, parseJson, parseLookup } from "./enrich.js";
import { parseAppendcols, parseJoin } from "./subquery.js";
import {
  parseAccum,
  parseAddtotals,
  parseAutoregress,
  parseCountFrequent,
  parseExpand,
  parseFilldown,
  parseFillmissing,
  parseOutlier,
  parseSessionize,
} from "./rows.js";

/**
 * One command of the pipeline, starting at the command word. Returns undefined when the word is
 * not a command (after reporting it); the caller then skips to the next `|`.
 */
export function parseCommand(c: Cursor): Command | undefined {
  const token = c.peek();
  const start = token.span.start;
  if (token.kind === "macro") {
    c.next();
    c.skipTo();
    const span = c.spanFrom(start);
    c.report(
      "TL501",
      `saved-query invocation $${token.name} was not expanded`,
      span,
      "tolog expands $Name(...) from its saved queries (queries/ or --queries-dir) before it runs a query; run it with tolog query, or paste the saved query's text",
    );
    return { kind: "unsupported", name: `$${token.name}`, span };
  }
  const word = plainWord(token);
  if (word === undefined) {
    c.unexpected("expected a command", `a query is commands joined by |, e.g. ${SUPPORTED_COMMANDS.slice(0, 4).join(", ")}`);
    return undefined;
  }
  const command = supportedCommand(word);
  if (command === undefined) return unknownCommand(c, word);
  c.next();
  switch (command) {
    case "fields":
    case "display":
      return { kind: command, items: parseProjections(c), span: c.spanFrom(start) };
    case "filter":
    case "where":
      return { kind: "filter", keyword: command, expr: parseExpr(c), span: c.spanFrom(start) };
    case "filterIndex":
      return { kind: "filterIndex", expr: parseExpr(c), span: c.spanFrom(start) };
    case "stats":
      return parseStats(c, start);
    case "sort":
      return { kind: "sort", keys: parseSortKeys(c), span: c.spanFrom(start) };
    case "limit":
      return parseLimit(c, start);
    case "parse":
      return parseParse(c, start);
    case "dedup":
      return { kind: "dedup", fields: parseExprList(c), span: c.spanFrom(start) };
    case "unnest":
      return parseUnnest(c, start);
    case "SOURCE":
      return parseSource(c, start);
    case "pattern":
      return { kind: "pattern", expr: parseExpr(c), span: c.spanFrom(start) };
    case "json":
      return parseJson(c, start);
    case "lookup":
      return parseLookup(c, start);
    case "cidrlookup":
      return parseCidrLookup(c, start);
    case "join":
      return parseJoin(c, start);
    case "appendcols":
      return parseAppendcols(c, start);
    case "fillmissing":
      return parseFillmissing(c, start);
    case "filldown":
      return parseFilldown(c, start);
    case "accum":
      return parseAccum(c, start);
    case "addtotals":
      return parseAddtotals(c, start);
    case "expand":
      return parseExpand(c, start);
    case "sessionize":
      return parseSessionize(c, start);
    case "countFrequent":
    case "count_frequent":
      return parseCountFrequent(c, start);
    case "autoregress":
      return parseAutoregress(c, start);
    case "outlier":
      return parseOutlier(c, start);
  }
}

function unknownCommand(c: Cursor, word: string): Command | undefined {
  const token = c.next();
  const known = unsupportedCommand(word);
  if (known !== undefined) {
    c.skipTo();
    const span = c.spanFrom(token.span.start);
    c.report("TL501", `command not supported offline: ${known}`, token.span, UNSUPPORTED_COMMAND_REASONS[known]);
    return { kind: "unsupported", name: known, span } satisfies UnsupportedCommand;
  }
  const suggestion = didYouMean(word, [...SUPPORTED_COMMANDS, ...UNSUPPORTED_COMMANDS]);
  const written = c.text.slice(token.span.start, token.span.end);
  c.report(
    "TL201",
    `unknown command "${written}"`,
    token.span,
    suggestion === undefined ? SUPPORTED_COMMANDS_HELP.replace("tolog runs these commands offline", "known commands") : `did you mean "${suggestion}"?`,
  );
  return undefined;
}

/** `expr [as alias]`, comma-separated; used by fields, display, stats and stats-by. */
function parseProjections(c: Cursor): Projection[] {
  const items: Projection[] = [];
  do {
    const start = c.peek().span.start;
    const expr = parseExpr(c);
    if (expr.kind === "error") {
      c.skipTo([","]);
      items.push({ expr, text: "", span: c.spanFrom(start) });
      continue;
    }
    const text = c.text.slice(start, c.lastEnd);
    const alias = c.atWord("as") ? parseAlias(c) : undefined;
    items.push({ expr, text, span: c.spanFrom(start), ...(alias === undefined ? {} : { alias }) });
  } while (c.eatPunct(","));
  return items;
}

function parseAlias(c: Cursor): Name | undefined {
  c.next();
  const token = c.peek();
  if (token.kind !== "name") {
    c.unexpected("expected a name after as", "write expr as name (use backticks for names with spaces or dashes)", "TL204");
    return undefined;
  }
  c.next();
  return nameOf(token);
}

function parseNames(c: Cursor): Name[] {
  const names: Name[] = [];
  do {
    const token = c.peek();
    if (token.kind !== "name") {
      c.unexpected("expected a field name", undefined, "TL204");
      c.skipTo([","]);
      continue;
    }
    c.next();
    names.push(nameOf(token));
  } while (c.eatPunct(","));
  return names;
}

function parseExprList(c: Cursor): Expr[] {
  const exprs: Expr[] = [];
  do {
    const expr = parseExpr(c);
    if (expr.kind === "error") c.skipTo([","]);
    exprs.push(expr);
  } while (c.eatPunct(","));
  return exprs;
}

function parseStats(c: Cursor, start: number): StatsCommand {
  const items = parseProjections(c);
  const by = c.eatWord("by") ? parseProjections(c) : [];
  let offset: DurationLiteral | undefined;
  if (c.eatWord("offset")) {
    const token = c.peek();
    if (token.kind === "duration") {
      c.next();
      offset = { kind: "duration", amount: token.amount, unit: token.unit, span: token.span };
    } else {
      c.unexpected("expected a duration after offset", "write offset 1h (a number and a unit)");
    }
  }
  return { kind: "stats", items, by, ...(offset === undefined ? {} : { offset }), span: c.spanFrom(start) };
}

function parseSortKeys(c: Cursor): SortKey[] {
  const keys: SortKey[] = [];
  do {
    const start = c.peek().span.start;
    const expr = parseExpr(c);
    if (expr.kind === "error") c.skipTo([","]);
    const direction = c.eatWord("asc") ? "asc" : c.eatWord("desc") ? "desc" : undefined;
    keys.push({ expr, span: c.spanFrom(start), ...(direction === undefined ? {} : { direction }) });
  } while (c.eatPunct(","));
  return keys;
}

/** Undefined when there is no count: a made-up count would only cause later diagnostics. */
function parseLimit(c: Cursor, start: number): LimitCommand | undefined {
  // `any` is the keyword only when a count follows, so a field named any still reads as an error.
  const any = c.atWord("any") && c.peek(1).kind === "number" ? (c.next(), true) : false;
  const token = c.peek();
  if (token.kind === "number" && Number.isInteger(token.value)) {
    c.next();
    return { kind: "limit", any, count: token.value, countSpan: token.span, span: c.spanFrom(start) };
  }
  c.unexpected("expected a whole number of rows after limit", "write limit 20 or limit any 20", "TL205");
  return undefined;
}

/**
 * `parse [source] "glob" as a, b`, `parse [source] /regex/ [as a, ...] [multi]`, or the 2026
 * modes `parse [source] logfmt as m` and `parse [source] csv as a, b, c`.
 */
function parseParse(c: Cursor, start: number): ParseCommand {
  let source: Expr | undefined;
  const modeAhead = (offset: number): boolean => {
    const word = plainWord(c.peek(offset));
    return word !== undefined && PARSE_MODES.has(word) && c.atWord("as", offset + 1);
  };
  if (c.peek().kind !== "string" && c.peek().kind !== "regex" && !modeAhead(0)) {
    source = parseExpr(c);
  }
  const modeToken = c.peek();
  let pattern: ParsePattern;
  if (modeAhead(0)) {
    c.next();
    pattern = { kind: plainWord(modeToken) as "logfmt" | "csv", span: modeToken.span };
  } else if (modeToken.kind === "string") {
    c.next();
    pattern = { kind: "glob", text: modeToken.value, span: modeToken.span };
  } else if (modeToken.kind === "regex") {
    c.next();
    const { source: regexSource, caseInsensitive, span } = modeToken;
    pattern = { kind: "regex", regex: { kind: "regex", source: regexSource, caseInsensitive, span } };
  } else {
    c.unexpected("expected a glob string or a /regex/ to parse with", 'write parse @message "user=*" as user, or parse @message /user=(?<user>\\S+)/', "TL206");
    return { kind: "parse", ...(source === undefined ? {} : { source }), pattern: { kind: "glob", text: "", span: modeToken.span }, names: [], multi: false, span: c.spanFrom(start) };
  }
  let names: Name[] = [];
  if (c.eatWord("as")) {
    names = parseNames(c);
  } else if (pattern.kind !== "regex") {
    c.unexpected('expected "as" and a name for each * of the glob', 'write parse @message "user=*" as user', "TL206");
  }
  const multi = pattern.kind === "regex" && c.eatWord("multi");
  return { kind: "parse", ...(source === undefined ? {} : { source }), pattern, names, multi, span: c.spanFrom(start) };
}

function parseUnnest(c: Cursor, start: number): Command {
  const expr = parseExpr(c);
  if (!c.eatWord("into")) {
    c.unexpected('expected "into" and a name', "write unnest list into item");
    return { kind: "unnest", expr, into: { name: "", span: c.peek().span }, span: c.spanFrom(start) };
  }
  const token = c.peek();
  if (token.kind !== "name") {
    c.unexpected("expected a name after into", "write unnest list into item", "TL204");
    return { kind: "unnest", expr, into: { name: "", span: token.span }, span: c.spanFrom(start) };
  }
  c.next();
  return { kind: "unnest", expr, into: nameOf(token), span: c.spanFrom(start) };
}
