import type {
  AccumCommand,
  AddtotalsCommand,
  AutoregressCommand,
  CountFrequentCommand,
  DurationLiteral,
  ExpandCommand,
  FilldownCommand,
  FillmissingCommand,
  OutlierCommand,
  SessionizeCommand,
} from "../ast.js";
import type { Cursor } from "./cursor.js";
import { atOption, booleanOption, expectFieldName, parseFieldList, parseOption, parseOptionalAlias } from "./arguments.js";

/** `fillmissing [with value for field, ...]` */
export function parseFillmissing(c: Cursor, start: number): FillmissingCommand | undefined {
  const fills: FillmissingCommand["fills"] = [];
  if (c.eatWord("with")) {
    do {
      const token = c.peek();
      let value: FillmissingCommand["fills"][number]["value"] | undefined;
      if (token.kind === "number") value = { kind: "number", value: token.value, span: token.span };
      else if (token.kind === "string") value = { kind: "string", value: token.value, span: token.span };
      else {
        const number = c.peek(1);
        if (c.atOp("-") && number.kind === "number") {
          c.next();
          value = { kind: "number", value: -number.value, span: { start: token.span.start, end: number.span.end } };
        }
      }
      if (value === undefined) {
        c.unexpected("expected a number or a quoted value to fill with", "write fillmissing with 0 for avg_latency");
        return undefined;
      }
      c.next();
      if (!c.eatWord("for")) {
        c.unexpected('expected "for" and the field to fill', "write fillmissing with 0 for avg_latency");
        return undefined;
      }
      const field = expectFieldName(c, "write fillmissing with 0 for avg_latency");
      if (field === undefined) return undefined;
      fills.push({ value, field });
    } while (c.eatPunct(","));
  }
  return { kind: "fillmissing", fills, span: c.spanFrom(start) };
}

export function parseFilldown(c: Cursor, start: number): FilldownCommand {
  return { kind: "filldown", fields: parseFieldList(c, { wildcards: true }), span: c.spanFrom(start) };
}

export function parseAccum(c: Cursor, start: number): AccumCommand | undefined {
  const field = expectFieldName(c, "write accum bytes [AS total]");
  if (field === undefined) return undefined;
  const alias = parseOptionalAlias(c);
  return { kind: "accum", field, ...(alias ? { alias } : {}), span: c.spanFrom(start) };
}

/** The documented default name of the row-total column. */
export const DEFAULT_TOTAL_FIELD = "Total";

export function parseAddtotals(c: Cursor, start: number): AddtotalsCommand | undefined {
  let fieldname = DEFAULT_TOTAL_FIELD;
  let row = true;
  let col = false;
  while (atOption(c, ["fieldname", "row", "col"])) {
    const option = parseOption(c);
    if (option === undefined) return undefined;
    if (option.key === "fieldname") fieldname = String(option.value);
    else {
      const value = booleanOption(c, option);
      if (value === undefined) return undefined;
      if (option.key === "row") row = value;
      else col = value;
    }
  }
  return { kind: "addtotals", fieldname, row, col, fields: parseFieldList(c, { wildcards: true }), span: c.spanFrom(start) };
}

export function parseExpand(c: Cursor, start: number): ExpandCommand | undefined {
  const field = expectFieldName(c, "write expand items");
  return field === undefined ? undefined : { kind: "expand", field, span: c.spanFrom(start) };
}

export function parseSessionize(c: Cursor, start: number): SessionizeCommand | undefined {
  const fields = parseFieldList(c, { stop: ["maxspan", "as"] });
  if (fields.length === 0) {
    c.unexpected("expected the fields that identify a session", "write sessionize userId [maxspan 30m] [AS session]", "TL204");
    return undefined;
  }
  let maxspan: DurationLiteral | undefined;
  if (c.eatWord("maxspan")) {
    const token = c.peek();
    if (token.kind !== "duration") {
      c.unexpected("expected a duration after maxspan", "write maxspan 30m");
      return undefined;
    }
    c.next();
    maxspan = { kind: "duration", amount: token.amount, unit: token.unit, span: token.span };
  }
  const alias = parseOptionalAlias(c);
  return { kind: "sessionize", fields, ...(maxspan ? { maxspan } : {}), ...(alias ? { alias } : {}), span: c.spanFrom(start) };
}

export function parseCountFrequent(c: Cursor, start: number): CountFrequentCommand | undefined {
  const fields = parseFieldList(c);
  if (fields.length === 0) {
    c.unexpected("expected the fields to count", "write countFrequent method, status", "TL204");
    return undefined;
  }
  return { kind: "countFrequent", fields, span: c.spanFrom(start) };
}

const AUTOREGRESS_HELP = "write autoregress bytes [AS prev] [p=1] or p=1-4";

/** `autoregress field [AS alias] [p=N[-M]]`: the lexer reads `p=1-4` as p, =, 1, -, 4. */
export function parseAutoregress(c: Cursor, start: number): AutoregressCommand | undefined {
  const field = expectFieldName(c, AUTOREGRESS_HELP);
  if (field === undefined) return undefined;
  const alias = parseOptionalAlias(c);
  let from = 1;
  let to = 1;
  if (c.atWord("p") && c.atOp("=", 1)) {
    c.next();
    c.next();
    const first = c.peek();
    if (first.kind !== "number" || !Number.isInteger(first.value) || first.value < 1) {
      c.unexpected("expected a whole number of rows back after p=", AUTOREGRESS_HELP, "TL305");
      return undefined;
    }
    c.next();
    from = to = first.value;
    if (c.atOp("-")) {
      c.next();
      const last = c.peek();
      if (last.kind !== "number" || !Number.isInteger(last.value) || last.value < from) {
        c.unexpected(`expected a whole number of at least ${from} after p=${from}-`, AUTOREGRESS_HELP, "TL305");
        return undefined;
      }
      c.next();
      to = last.value;
    }
  }
  if (alias !== undefined && to > from) {
    c.report("TL305", "AS names one lag column; p=N-M makes several", alias.span, "remove AS (the columns are named field_pN), or give one p=N");
    return undefined;
  }
  return { kind: "autoregress", field, ...(alias ? { alias } : {}), from, to, span: c.spanFrom(start) };
}

/** The documented defaults of `outlier`. */
export const OUTLIER_DEFAULT_PARAM = 2.5;

export function parseOutlier(c: Cursor, start: number): OutlierCommand | undefined {
  const command: OutlierCommand = { kind: "outlier", action: "transform", param: OUTLIER_DEFAULT_PARAM, uselower: false, mark: false, fields: [], span: { start, end: start } };
  while (atOption(c, ["action", "param", "uselower", "mark"])) {
    const option = parseOption(c);
    if (option === undefined) return undefined;
    if (option.key === "action") {
      if (option.value !== "remove" && option.value !== "transform") {
        c.report("TL305", `outlier action=${option.value} is not an action`, option.valueSpan, "write action=remove or action=transform");
        return undefined;
      }
      command.action = option.value;
    } else if (option.key === "param") {
      if (typeof option.value !== "number" || option.value <= 0) {
        c.report("TL305", "outlier param is the IQR multiplier, a positive number", option.valueSpan, "write param=2.5");
        return undefined;
      }
      command.param = option.value;
    } else {
      const value = booleanOption(c, option);
      if (value === undefined) return undefined;
      if (option.key === "uselower") command.uselower = value;
      else command.mark = value;
    }
  }
  command.fields = parseFieldList(c);
  if (command.fields.length === 0) {
    c.unexpected("expected the numeric fields to check", "write outlier cpu memory", "TL204");
    return undefined;
  }
  command.span = c.spanFrom(start);
  return command;
}
