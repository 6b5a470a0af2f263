import { scanPlaceholders } from "./placeholders.js";

/** Values that read as numbers become number literals; anything else a string literal. */
const NUMBER = /^-?\d+(\.\d+)?$/;

/**
 * The literal a parameter value stands for. A placeholder is always a whole literal, so a value
 * can never add a pipe, a command or a condition: quotes and backslashes are escaped, and
 * newlines and tabs become `\n` and `\t` (the engine's escapes, see insights-ql.md decisions).
 */
export function toLiteral(value: string): string {
  if (NUMBER.test(value)) return value;
  const escaped = value
    .replace(/\\/g, "\\\\")
    .replace(/"/g, '\\"')
    .replace(/\n/g, "\\n")
    .replace(/\t/g, "\\t");
  return `"${escaped}"`;
}

/**
 * Replaces every `{{name}}` outside literals and comments with the literal of `values[name]`,
 * in one pass (a value that contains `{{x}}` is not expanded again). Placeholders without a
 * value, and those inside literals, are left as they are: parseSavedQuery reports them.
 */
export function substitute(text: string, values: Record<string, string>): string {
  let out = "";
  let at = 0;
  for (const placeholder of scanPlaceholders(text).placeholders) {
    const value = values[placeholder.name];
    if (placeholder.context !== "code" || value === undefined) continue;
    out += text.slice(at, placeholder.start) + toLiteral(value);
    at = placeholder.end;
  }
  return out + text.slice(at);
}
