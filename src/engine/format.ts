import type { Command, Expr, Name, Projection, Query, SourceCall } from "./ast.js";
import { RESERVED_WORDS } from "./keywords.js";
import { chainOf } from "./walk.js";
import { isPlainFieldName } from "./name-chars.js";
import { formatExtendedCommand } from "./format-commands.js";

/**
 * Canonical query text: lower-case keywords, `| ` between commands, the fewest parentheses that
 * keep the tree, double-quoted strings, backticks only where a name needs them. Comments are
 * dropped. For a query that parses without errors, parsing the output gives the same tree
 * (spans and `Projection.text` aside): see `stripSpans`.
 */
export function formatQuery(query: Query): string {
  return query.commands.map((command) => formatCommand(command, query.text)).join(" | ");
}

function formatCommand(command: Command, text: string): string {
  switch (command.kind) {
    case "fields":
    case "display":
      return `${command.kind} ${command.items.map(formatProjection).join(", ")}`;
    case "filter":
      return `${command.keyword} ${formatExpr(command.expr)}`;
    case "filterIndex":
      return `filterIndex ${formatExpr(command.expr)}`;
    case "stats": {
      const by = command.by.length > 0 ? ` by ${command.by.map(formatProjection).join(", ")}` : "";
      const offset = command.offset === undefined ? "" : ` offset ${formatExpr(command.offset)}`;
      return `stats ${command.items.map(formatProjection).join(", ")}${by}${offset}`;
    }
    case "sort":
      return `sort ${command.keys.map((k) => formatExpr(k.expr) + (k.direction ? ` ${k.direction}` : "")).join(", ")}`;
    case "limit":
      return `limit ${command.any ? "any " : ""}${command.count}`;
    case "parse": {
      const source = command.source === undefined ? "" : ` ${formatExpr(command.source)}`;
      const p = command.pattern;
      const pattern = p.kind === "glob" ? formatString(p.text) : p.kind === "regex" ? formatExpr(p.regex) : p.kind;
      const names = command.names.length > 0 ? ` as ${command.names.map(formatName).join(", ")}` : "";
      return `parse${source} ${pattern}${names}${command.multi ? " multi" : ""}`;
    }
    case "dedup":
      return `dedup ${command.fields.map(formatExpr).join(", ")}`;
    case "unnest":
      return `unnest ${formatExpr(command.expr)} into ${formatName(command.into)}`;
    case "source":
      return `source ${command.calls.map(formatSourceCall).join(" ")}`;
    case "pattern":
      return `pattern ${formatExpr(command.expr)}`;
    case "unsupported":
      // The arguments were not parsed: keep them as written.
      return text.slice(command.span.start, command.span.end).trim();
    default:
      // Every other kind is one of the 2026 commands (the argument's type says so).
      return formatExtendedCommand(command);
  }
}

function formatProjection(item: Projection): string {
  return formatExpr(item.expr) + (item.alias === undefined ? "" : ` as ${formatName(item.alias)}`);
}

function formatSourceCall(call: SourceCall): string {
  if (call.quoted) return formatString(call.name);
  const args = [
    ...call.positional.map(formatExpr),
    ...(call.tags === undefined
      ? []
      : [`[${call.tags.map((t) => `{"key": ${formatString(t.key)}, "values": [${t.values.map(formatString).join(", ")}]}`).join(", ")}]`]),
    ...Object.entries(call.named).map(([key, value]) => `${key}: ${formatExpr(value)}`),
  ];
  return `${call.name}(${args.join(", ")})`;
}

/** Binding power of each expression form; higher binds tighter (see parse/expressions.ts). */
function precedence(expr: Expr): number {
  switch (expr.kind) {
    case "binary":
      switch (expr.op) {
        case "or":
          return 1;
        case "and":
          return 2;
        case "+":
        case "-":
          return 5;
        case "*":
        case "/":
        case "%":
          return 6;
        case "^":
          return 7;
        default:
          return 4;
      }
    case "unary":
      return expr.op === "not" ? 3 : 8;
    case "access":
      return 9;
    default:
      return 10;
  }
}

function wrap(expr: Expr, parenthesise: boolean): string {
  const text = formatExpr(expr);
  return parenthesise ? `(${text})` : text;
}

export function formatExpr(expr: Expr): string {
  switch (expr.kind) {
    case "field":
      return formatFieldName(expr.name);
    case "string":
      return formatString(expr.value);
    case "number":
      return expr.exact ?? formatNumber(expr.value);
    case "regex":
      return `/${expr.caseInsensitive ? "(?i)" : ""}${escapeRegexSlashes(expr.source)}/`;
    case "duration":
      return `${expr.amount}${expr.unit}`;
    case "list":
      return `[${expr.items.map(formatExpr).join(", ")}]`;
    case "call":
      return `${expr.name}(${expr.star ? "*" : expr.args.map(formatExpr).join(", ")})`;
    case "unary": {
      const operand = wrap(expr.operand, precedence(expr.operand) < precedence(expr));
      return expr.op === "not" ? `not ${operand}` : `${expr.op}${operand}`;
    }
    case "binary": {
      const own = precedence(expr);
      const chain = chainOf(expr);
      if (chain.operands.length > 2) {
        // A left-grouped chain, in one loop: its first operand joins on the left, the rest on the right.
        let text = wrap(chain.operands[0], precedence(chain.operands[0]) < own);
        for (let i = 1; i < chain.operands.length; i++) {
          text += ` ${chain.ops[i - 1]} ${wrap(chain.operands[i], precedence(chain.operands[i]) <= own)}`;
        }
        return text;
      }
      const left = precedence(expr.left);
      const right = precedence(expr.right);
      // ^ groups to the right; comparisons do not chain; everything else groups to the left.
      const leftNeeds = left < own || (left === own && (own === 7 || own === 4));
      const rightNeeds = right < own || (right === own && own !== 7);
      return `${wrap(expr.left, leftNeeds)} ${expr.op} ${wrap(expr.right, rightNeeds)}`;
    }
    case "access":
      return formatAccess(expr.target, expr.key);
    case "subquery":
      return `(${formatQuery(expr.query)})`;
    case "error":
      return "<error>";
    default:
      return assertNever(expr);
  }
}

/**
 * `target.key`, ``target.`a.b` `` or `target[0]`. A plain key straight after a field name would
 * merge into the field's dotted name, so that target is parenthesised: `(m).a`.
 */
function formatAccess(target: Expr, key: string | number): string {
  if (typeof key === "number") return `${wrap(target, precedence(target) < 9)}[${key}]`;
  const plainKey = /^[\p{L}_@][\p{L}\p{N}_@]*$/u.test(key);
  const mergesIntoField = target.kind === "field" && !key.includes(".");
  const targetText = wrap(target, precedence(target) < 9 || mergesIntoField);
  if (plainKey) return `${targetText}.${key}`;
  if (/^[0-9]+$/.test(key)) return `${targetText}[${formatString(key)}]`;
  return `${targetText}.\`${key}\``;
}

/** A field or alias name, in backticks when it holds other characters or is a keyword. */
export function formatFieldName(name: string): string {
  if (isPlainFieldName(name) && !RESERVED_WORDS.has(name.toLowerCase())) return name;
  if (name.startsWith("@") && name.length > 1) return `@\`${name.slice(1)}\``;
  return `\`${name}\``;
}

function formatName(name: Name): string {
  return formatFieldName(name.name);
}

/** Plain decimal digits: the lexer reads no exponent notation (`1e21`, `1e-7`). */
function formatNumber(value: number): string {
  const text = String(value);
  if (!/e/i.test(text)) return text;
  if (Number.isInteger(value)) return BigInt(value).toString();
  return value.toFixed(20).replace(/0+$/, "");
}

export function formatString(value: string): string {
  const escaped = value.replace(/[\\"\n\t]/g, (c) => ({ "\\": "\\\\", '"': '\\"', "\n": "\\n", "\t": "\\t" })[c] ?? c);
  return `"${escaped}"`;
}

/** Inside `/.../` a slash is written `\/`; a backslash keeps the character after it as is. */
function escapeRegexSlashes(source: string): string {
  let out = "";
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (c === "\\" && i + 1 < source.length) {
      out += c + source[i + 1];
      i++;
    } else {
      out += c === "/" ? "\\/" : c;
    }
  }
  return out;
}

/**
 * A copy of the query without spans, `Projection.text` or the query text: what must survive a
 * print-and-parse round trip.
 */
export function stripSpans(query: Query): unknown {
  // Copied without recursion (a long chain is a deep tree): each copy is made empty on the way
  // down and filled in as its parts are visited.
  const result: { value?: unknown } = {};
  const stack: Array<[unknown, (copy: unknown) => void]> = [[query.commands, (copy) => (result.value = copy)]];
  while (stack.length > 0) {
    const [value, put] = stack.pop() as [unknown, (copy: unknown) => void];
    if (Array.isArray(value)) {
      const copy: unknown[] = new Array<unknown>(value.length);
      put(copy);
      value.forEach((inner, i) => stack.push([inner, (c) => (copy[i] = c)]));
    } else if (value !== null && typeof value === "object") {
      const copy: Record<string, unknown> = {};
      put(copy);
      for (const [key, inner] of Object.entries(value)) {
        if (key === "span" || key === "countSpan") continue;
        // A projection's text is how it was written; a glob's text is its meaning and stays.
        if (key === "text" && ("expr" in value || "commands" in value)) continue;
        copy[key] = undefined;
        stack.push([inner, (c) => (copy[key] = c)]);
      }
    } else {
      put(value);
    }
  }
  return result.value;
}

function assertNever(value: never): never {
  throw new Error(`unhandled node: ${JSON.stringify(value)}`);
}
