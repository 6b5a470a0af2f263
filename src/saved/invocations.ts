import { lex } from "../engine/lexer.js";
import type { Token } from "../engine/tokens.js";
import { similarChoices } from "../engine/suggest.js";
import { UserError } from "../shared/errors.js";
import type { SavedQuery } from "./saved-query.js";
import { substitute } from "./substitute.js";

/** Finds a saved query by name, and lists the names there are (for "did you mean"). */
export interface SavedQueryLookup {
  find(name: string): SavedQuery | undefined;
  names(): string[];
}

/**
 * Expands every `$Name(p = "v", ...)` (or ``$`Name with spaces`()``) in a query into the saved
 * query's text, its `{{p}}` placeholders given the arguments or their defaults, as CloudWatch
 * expands them before it parses (reference §2.17): a textual macro, so invocations can be piped
 * (`$A() | $B(count = 10)`). An invocation inside a saved query is refused, as CloudWatch
 * refuses nested ones. Text without `$` comes back as it is.
 */
export function expandInvocations(text: string, saved: SavedQueryLookup): string {
  if (!text.includes("$")) return text;
  const tokens = lex(text).tokens;
  let out = "";
  let at = 0;
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i];
    if (token.kind !== "macro") continue;
    const call = readArguments(text, tokens, i);
    const query = saved.find(token.name);
    if (query === undefined) {
      const suggestion = similarChoices(token.name, saved.names()).at(0);
      throw new UserError(`$${token.name}(...) invokes a saved query that does not exist.`, {
        hint: suggestion ? `Did you mean $${suggestion}(...)? \`tolog queries list\` shows them all.` : "Saved queries are <name>.insights files in queries/ or --queries-dir; `tolog queries list` shows them.",
      });
    }
    const body = substitute(query.body, bindArguments(query, call.args));
    if (lex(body).tokens.some((t) => t.kind === "macro")) {
      throw new UserError(`Saved query "${query.name}" invokes another saved query; invocations do not nest.`, {
        hint: `Write the inner query's text into ${query.path ?? query.name} instead of its $Name(...).`,
      });
    }
    // The body may end with a # comment: the rest of the line must not become part of it.
    out += `${text.slice(at, token.span.start)}${body}\n`;
    at = call.end;
    i = call.next - 1;
  }
  return out + text.slice(at);
}

interface Arguments {
  args: Map<string, string>;
  /** Text offset after the closing bracket, and the index of the token after it. */
  end: number;
  next: number;
}

/** `( name = literal, ... )` after the macro token at `i`; the brackets may be left out. */
function readArguments(text: string, tokens: Token[], i: number): Arguments {
  const macro = tokens[i];
  const name = macro.kind === "macro" ? macro.name : "";
  const args = new Map<string, string>();
  let j = i + 1;
  const isPunct = (t: Token, p: string): boolean => t.kind === "punct" && t.text === p;
  if (!isPunct(tokens[j], "(")) return { args, end: macro.span.end, next: j };
  j++;
  const bad = (): never => {
    throw new UserError(`$${name}(...) has arguments that are not name = value.`, {
      hint: `Write $${name}(param = "value", count = 10): each argument a parameter name, =, and a quoted text or a number.`,
    });
  };
  while (!isPunct(tokens[j], ")")) {
    const key = tokens[j];
    const eq = tokens[j + 1];
    const value = tokens[j + 2];
    if (key.kind !== "name" || eq.kind !== "op" || eq.text !== "=") return bad();
    const param = key.segments.map((s) => s.text).join(".");
    if (value.kind === "string") args.set(param, value.value);
    else if (value.kind === "number") args.set(param, text.slice(value.span.start, value.span.end));
    else return bad();
    j += 3;
    if (isPunct(tokens[j], ",")) j++;
    else if (!isPunct(tokens[j], ")")) return bad();
  }
  return { args, end: tokens[j].span.end, next: j + 1 };
}

function bindArguments(query: SavedQuery, given: Map<string, string>): Record<string, string> {
  const known = query.params.map((p) => p.name);
  for (const name of given.keys()) {
    if (!known.includes(name)) {
      throw new UserError(`$${query.name}(...) has no parameter "${name}".`, {
        hint: known.length > 0 ? `It takes: ${known.join(", ")}.` : `It takes none: write $${query.name}().`,
      });
    }
  }
  const values: Record<string, string> = {};
  for (const param of query.params) {
    const value = given.get(param.name) ?? param.default;
    if (value === undefined) {
      throw new UserError(`$${query.name}(...) needs parameter "${param.name}"${param.description ? ` (${param.description.replace(/\.$/, "")})` : ""}.`, {
        hint: `Write $${query.name}(${param.name} = "value").`,
      });
    }
    values[param.name] = value;
  }
  return values;
}
