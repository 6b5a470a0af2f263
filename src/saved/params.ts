import { UsageError, UserError } from "../shared/errors.js";
import { similarChoices } from "../engine/suggest.js";
import type { SavedQuery } from "./saved-query.js";

/**
 * `["request_id=abc", "min_ms=100"]` (from repeated `--param`) -> name -> value. An argument
 * that is not name=value, or a name given twice, is a command line that cannot be read: a
 * usage error (exit 2), as README's exit codes have it.
 */
export function parseParamArgs(args: readonly string[]): Map<string, string> {
  const values = new Map<string, string>();
  for (const arg of args) {
    const eq = arg.indexOf("=");
    const name = eq < 0 ? arg : arg.slice(0, eq);
    if (eq <= 0 || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) {
      throw new UsageError(`--param "${arg}" is not name=value.`, {
        hint: "Write it as --param NAME=VALUE, e.g. --param request_id=3f9c2a; quote the whole argument if the value has spaces.",
      });
    }
    if (values.has(name)) {
      const given = args.filter((other) => other.startsWith(`${name}=`));
      throw new UsageError(`--param ${name} is given ${given.length === 2 ? "twice" : `${given.length} times`} (${given.join(", ")}).`, { hint: `Keep one --param ${name}=VALUE.` });
    }
    values.set(name, arg.slice(eq + 1));
  }
  return values;
}

/**
 * The value of every parameter of `query`: given ones, then defaults. Unknown names and missing
 * required parameters are errors that list what the query takes.
 */
export function bindParams(query: SavedQuery, given: Map<string, string>): Record<string, string> {
  const known = query.params.map((p) => p.name);
  const label = query.path === undefined ? "the query" : `saved query "${query.name}"`;
  for (const [name, value] of given) {
    if (!known.includes(name)) {
      const suggestion = similarChoices(name, known).at(0);
      throw new UserError(`Unknown parameter "${name}" for ${label}.`, {
        hint:
          (suggestion ? `Did you mean "${suggestion}"? ` : "") +
          (known.length > 0 ? `It takes: ${known.join(", ")}.` : "It takes no parameters; drop --param."),
      });
    }
    if (/[\u0000-\u0008\u000b-\u001f\u007f]/.test(value)) {
      throw new UserError(`--param ${name} holds a control character.`, {
        hint: "Parameter values may hold text, tabs and newlines only.",
      });
    }
  }
  const values: Record<string, string> = {};
  for (const param of query.params) {
    const value = given.get(param.name) ?? param.default;
    if (value === undefined) {
      const what = param.description ? `: ${param.description.replace(/\.$/, "")}` : "";
      throw new UserError(`Missing parameter "${param.name}" for ${label}${what}.`, {
        hint: `Pass it with --param ${param.name}=VALUE, e.g. --param ${param.name}=${exampleValue(param.name)}.`,
      });
    }
    values[param.name] = value;
  }
  return values;
}

function exampleValue(name: string): string {
  return /(_ms|_count|_seconds|_bytes|^limit|^count|^min|^max|^top)$/.test(name) ? "100" : "abc123";
}
