/**
 * The syntax tree of a Logs Insights query. This file is the contract between the parser
 * (lexer.ts, parser.ts), the printer (format.ts) and the compiler (compile.ts): every node
 * carries the span of query text it came from, so that any later stage can point at it.
 */

/** Half-open range of character offsets into the query text: `text.slice(start, end)`. */
export interface Span {
  start: number;
  end: number;
}

export type BinaryOperator =
  | "or"
  | "and"
  | "="
  | "!="
  | "<"
  | "<="
  | ">"
  | ">="
  | "like"
  | "not like"
  | "=~"
  | "in"
  | "not in"
  | "+"
  | "-"
  | "*"
  | "/"
  | "%"
  | "^";

export type UnaryOperator = "not" | "!" | "-";

/** A field reference. `name` is the full dotted path with backticks removed (`a.b-c.0`). */
export interface FieldRef {
  kind: "field";
  name: string;
  span: Span;
}

export interface StringLiteral {
  kind: "string";
  value: string;
  span: Span;
}

export interface NumberLiteral {
  kind: "number";
  value: number;
  span: Span;
}

/**
 * `/.../` as written. `source` is the pattern between the slashes with `\/` unescaped and any
 * `(?i)` removed; `caseInsensitive` records that `(?i)` was present.
 */
export interface RegexLiteral {
  kind: "regex";
  source: string;
  caseInsensitive: boolean;
  span: Span;
}

/** A period such as `5m` or `1h`: `amount` and the unit exactly as written (`m`, `mins`, ...). */
export interface DurationLiteral {
  kind: "duration";
  amount: number;
  unit: string;
  span: Span;
}

export interface ListLiteral {
  kind: "list";
  items: Expr[];
  span: Span;
}

/**
 * A function or aggregate call. `name` is as written (case kept for column names);
 * compare with `name.toLowerCase()`. `count(*)` has `star: true` and no args.
 */
export interface Call {
  kind: "call";
  name: string;
  args: Expr[];
  star: boolean;
  span: Span;
}

export interface Unary {
  kind: "unary";
  op: UnaryOperator;
  operand: Expr;
  span: Span;
}

export interface Binary {
  kind: "binary";
  op: BinaryOperator;
  left: Expr;
  right: Expr;
  span: Span;
}

/** Postfix access on a map or list value: `jsonParse(x).a`, ``m.`a.b` ``, `list[0]`. */
export interface Access {
  kind: "access";
  target: Expr;
  key: string | number;
  span: Span;
}

/**
 * `in ( SOURCE 'group' | ... )`: a subquery whose rows are read before the query runs; its first
 * output column is the list the membership tests against.
 */
export interface SubqueryExpr {
  kind: "subquery";
  query: Query;
  span: Span;
}

/** Placeholder left by error recovery so the tree stays well formed. Never compiled. */
export interface ErrorExpr {
  kind: "error";
  span: Span;
}

export type Expr =
  | FieldRef
  | StringLiteral
  | NumberLiteral
  | RegexLiteral
  | DurationLiteral
  | ListLiteral
  | Call
  | Unary
  | Binary
  | Access
  | SubqueryExpr
  | ErrorExpr;

export interface Name {
  name: string;
  span: Span;
}

/**
 * `expr [as alias]` in fields, display, stats and stats-by. `text` is the expression's source
 * text, which names the output column when there is no alias (`count(*)`, `bin(5m)`).
 */
export interface Projection {
  expr: Expr;
  alias?: Name;
  text: string;
  span: Span;
}

export interface SortKey {
  expr: Expr;
  direction?: "asc" | "desc";
  span: Span;
}

export interface FieldsCommand {
  kind: "fields";
  items: Projection[];
  span: Span;
}

export interface DisplayCommand {
  kind: "display";
  items: Projection[];
  span: Span;
}

export interface FilterCommand {
  kind: "filter";
  keyword: "filter" | "where";
  expr: Expr;
  span: Span;
}

/** `filterIndex f = "v"` or `filterIndex f in [...]`; offline it filters like `filter`. */
export interface FilterIndexCommand {
  kind: "filterIndex";
  expr: Expr;
  span: Span;
}

export interface StatsCommand {
  kind: "stats";
  items: Projection[];
  by: Projection[];
  offset?: DurationLiteral;
  span: Span;
}

export interface SortCommand {
  kind: "sort";
  keys: SortKey[];
  span: Span;
}

export interface LimitCommand {
  kind: "limit";
  any: boolean;
  count: number;
  countSpan: Span;
  span: Span;
}

export type ParsePattern =
  | { kind: "glob"; text: string; span: Span }
  | { kind: "regex"; regex: RegexLiteral }
  /** `parse f logfmt as m`: the key=value pairs as a map in `m`. */
  | { kind: "logfmt"; span: Span }
  /** `parse f csv as a, b, c`: the comma-separated values in order. */
  | { kind: "csv"; span: Span };

export interface ParseCommand {
  kind: "parse";
  /** The field or expression parsed; absent means `@message`. */
  source?: Expr;
  pattern: ParsePattern;
  names: Name[];
  multi: boolean;
  span: Span;
}

export interface DedupCommand {
  kind: "dedup";
  fields: Expr[];
  span: Span;
}

export interface UnnestCommand {
  kind: "unnest";
  expr: Expr;
  into: Name;
  span: Span;
}

/** `SOURCE logGroups(namePrefix: [...], class: [...], ...)` and friends. */
export interface SourceCommand {
  kind: "source";
  calls: SourceCall[];
  span: Span;
}

export interface SourceCall {
  /** `logGroups`, `dataSource`, `logGroupTags`, or a quoted group name. */
  name: string;
  /** Named arguments (`namePrefix: [...]`), keyed by the argument name as written. */
  named: Record<string, Expr>;
  /** Positional arguments (`dataSource(['x'])`). */
  positional: Expr[];
  /** `logGroupTags([{"key": "team", "values": ["a", "b*"]}])`: the tag filters, in order. */
  tags?: TagFilter[];
  /** True for a quoted log group name (`SOURCE '/aws/lambda/x'`), which has no arguments. */
  quoted?: boolean;
  span: Span;
}

/** One `{"key": ..., "values": [...]}` filter of `logGroupTags`; values may hold `*` and `!`. */
export interface TagFilter {
  key: string;
  values: string[];
  span: Span;
}

export interface PatternCommand {
  kind: "pattern";
  expr: Expr;
  span: Span;
}

/** `json field=payload "user.name" as username[, "a.b" as c ...]`. */
export interface JsonCommand {
  kind: "json";
  field: Name;
  paths: Array<{ path: string; alias: Name; span: Span }>;
  span: Span;
}

/** `table-field [as event-field]`, or an output `table-field [AS event-field]`. */
export interface FieldPair {
  table: Name;
  event: Name;
}

/** `lookup table key [as field], ... OUTPUT|OUTPUTNEW out [AS field], ...` */
export interface LookupCommand {
  kind: "lookup";
  table: Name;
  keys: FieldPair[];
  mode: "OUTPUT" | "OUTPUTNEW";
  outputs: FieldPair[];
  span: Span;
}

/** `cidrlookup table ipField [AS cidrColumn] OUTPUT|OUTPUTNEW out [AS field], ...` */
export interface CidrLookupCommand {
  kind: "cidrlookup";
  table: Name;
  ipField: Name;
  cidrColumn?: Name;
  mode: "OUTPUT" | "OUTPUTNEW";
  outputs: FieldPair[];
  span: Span;
}

/** `join [type=inner|left] left=a right=b where a.k = b.k ( subquery )` */
export interface JoinCommand {
  kind: "join";
  type: "inner" | "left";
  left: Name;
  right: Name;
  /** The key field of each side, without its alias. */
  leftKey: Name;
  rightKey: Name;
  query: Query;
  span: Span;
}

/** `appendcols [override=bool] [max=n] ( subquery )` */
export interface AppendcolsCommand {
  kind: "appendcols";
  override: boolean;
  max: number;
  query: Query;
  span: Span;
}

/** `fillmissing [with value for field, ...]` */
export interface FillmissingCommand {
  kind: "fillmissing";
  fills: Array<{ value: StringLiteral | NumberLiteral; field: Name }>;
  span: Span;
}

/** `filldown [field ...]`: names may hold `*` wildcards. */
export interface FilldownCommand {
  kind: "filldown";
  fields: Name[];
  span: Span;
}

/** `accum field [AS out]` */
export interface AccumCommand {
  kind: "accum";
  field: Name;
  alias?: Name;
  span: Span;
}

/** `addtotals [fieldname=Name] [row=bool] [col=bool] [field, ...]` */
export interface AddtotalsCommand {
  kind: "addtotals";
  fieldname: string;
  row: boolean;
  col: boolean;
  fields: Name[];
  span: Span;
}

/** `expand field` */
export interface ExpandCommand {
  kind: "expand";
  field: Name;
  span: Span;
}

/** `sessionize field, ... [maxspan duration] [AS out]` */
export interface SessionizeCommand {
  kind: "sessionize";
  fields: Name[];
  maxspan?: DurationLiteral;
  alias?: Name;
  span: Span;
}

/** `countFrequent field, ...` (also `count_frequent`) */
export interface CountFrequentCommand {
  kind: "countFrequent";
  fields: Name[];
  span: Span;
}

/** `autoregress field [AS alias] [p=N[-M]]` */
export interface AutoregressCommand {
  kind: "autoregress";
  field: Name;
  alias?: Name;
  from: number;
  to: number;
  span: Span;
}

/** `outlier [action=remove|transform] [param=n] [uselower=bool] [mark=bool] field ...` */
export interface OutlierCommand {
  kind: "outlier";
  action: "remove" | "transform";
  param: number;
  uselower: boolean;
  mark: boolean;
  fields: Name[];
  span: Span;
}

/**
 * A command of the 2025-2026 language that tolog does not run offline (`diff`, `anomaly`,
 * `lookup`, `join`, ...). The parser skips its arguments to the next `|` and records it; the
 * compiler turns it into an "unsupported offline" diagnostic, never a silent skip.
 */
export interface UnsupportedCommand {
  kind: "unsupported";
  name: string;
  span: Span;
}

export type Command =
  | FieldsCommand
  | DisplayCommand
  | FilterCommand
  | FilterIndexCommand
  | StatsCommand
  | SortCommand
  | LimitCommand
  | ParseCommand
  | DedupCommand
  | UnnestCommand
  | SourceCommand
  | PatternCommand
  | JsonCommand
  | LookupCommand
  | CidrLookupCommand
  | JoinCommand
  | AppendcolsCommand
  | FillmissingCommand
  | FilldownCommand
  | AccumCommand
  | AddtotalsCommand
  | ExpandCommand
  | SessionizeCommand
  | CountFrequentCommand
  | AutoregressCommand
  | OutlierCommand
  | UnsupportedCommand;

/**
 * The commands AWS added in 2025-26. They read fields by name (`Name`), not through field
 * references, and compile through compile/extended.ts; one list so that the compiler, the
 * formatter and the field analysis agree on which they are.
 */
export const EXTENDED_COMMAND_KINDS = [
  "json", "lookup", "cidrlookup", "join", "appendcols", "fillmissing", "filldown", "accum", "addtotals", "expand", "sessionize", "countFrequent", "autoregress", "outlier",
] as const;

export type ExtendedCommand = Extract<Command, { kind: (typeof EXTENDED_COMMAND_KINDS)[number] }>;

export interface Query {
  text: string;
  commands: Command[];
}
