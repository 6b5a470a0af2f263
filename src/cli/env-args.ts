import { delimiter } from "node:path";
import type { OptionSpec, OptionSpecs } from "./command.js";
import { UsageError, UserError } from "../shared/errors.js";

/** `queries-dir` -> `TOLOG_QUERIES_DIR`. */
export function envName(option: string): string {
  return "TOLOG_" + option.replace(/[-.]/g, "_").replace(/([a-z])([A-Z])/g, "$1_$2").toUpperCase();
}

function camelCase(option: string): string {
  return option.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
}

/**
 * Fills options that were not given on the command line from `TOLOG_*` variables, then from
 * their defaults. yargs' own `.env()` is not used: it reads `process.env` (tests pass their own
 * environment) and, under `.strict()`, rejects every TOLOG_* variable that the running command
 * does not define, so `TOLOG_LOGS` in a shell profile would break `tolog queries list`.
 * Defaults are applied here rather than by yargs so that an absent flag is distinguishable from
 * a defaulted one.
 */
export function applyEnvAndDefaults(
  argv: Record<string, unknown>,
  specs: OptionSpecs,
  env: Record<string, string | undefined>,
  /** Filled with option -> `TOLOG_X=value` for each option set from the environment. */
  sources?: Map<string, string>,
): void {
  const given = new Set(Object.keys(specs).filter((option) => argv[option] !== undefined));
  for (const [option, spec] of Object.entries(specs)) {
    if (argv[option] !== undefined) continue;
    const name = envName(option);
    // Read before any option is filled from the environment, so only the command line counts.
    const overridden = spec.envYieldsTo?.some((other) => given.has(other)) ?? false;
    const raw = overridden ? undefined : env[name];
    let value: unknown;
    if (raw !== undefined && raw !== "") {
      value = fromEnv(option, name, raw, spec);
      sources?.set(option, `${name}=${raw}`);
    } else if (spec.default !== undefined) value = spec.default;
    if (value === undefined) continue;
    argv[option] = value;
    argv[camelCase(option)] = value;
  }
}

function fromEnv(option: string, name: string, raw: string, spec: OptionSpec): unknown {
  if (spec.repeatable === true || spec.array === true || spec.type === "array") {
    const values = spec.envSplit === false ? [raw] : raw.split(delimiter).filter((part) => part !== "");
    for (const value of values) checkChoice(option, name, value, spec);
    return values;
  }
  checkChoice(option, name, raw, spec);
  switch (spec.type) {
    case "boolean": {
      if (/^(1|true|yes|on)$/i.test(raw)) return true;
      if (/^(0|false|no|off)$/i.test(raw)) return false;
      throw new UserError(`${name}=${raw} is not a boolean (it sets --${option}).`, {
        hint: `Set it to true or false, e.g. ${name}=true.`,
      });
    }
    case "number": {
      const value = Number(raw);
      if (raw.trim() === "" || Number.isNaN(value)) {
        throw new UserError(`${name}=${raw} is not a number (it sets --${option}).`, {
          hint: `Set it to a number, e.g. ${name}=100.`,
        });
      }
      return value;
    }
    default:
      return raw;
  }
}

/** yargs would check choices too, but its "Invalid values" names the option, not the variable. */
function checkChoice(option: string, name: string, value: string, spec: OptionSpec): void {
  const choices = spec.choices as readonly unknown[] | undefined;
  if (choices === undefined || choices.includes(value)) return;
  throw new UserError(`${name}=${value} is not one of ${choices.join(", ")} (it sets --${option}).`, {
    hint: `Set it to one of them, e.g. ${name}=${String(choices[0])}, or unset it.`,
  });
}

/**
 * An error about an option whose value came from its TOLOG_* variable (the option's checks
 * name only `--limit`) with the variable named, so that the user looks in the environment
 * rather than at a command line without the flag. Such an error exits 1, not 2: the command
 * line is not what is wrong. Applies to every option, whichever check rejects its value.
 */
export function blameEnvironment(error: unknown, sources: ReadonlyMap<string, string>): unknown {
  if (!(error instanceof UserError) || sources.size === 0) return error;
  const [first, ...rest] = error.message.split("\n");
  const option = [...sources.keys()].find((name) => new RegExp(`(^|[^\\w-])--${name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}(?![\\w-])`).test(first));
  if (option === undefined) return error;
  const setting = sources.get(option)!;
  const variable = setting.slice(0, setting.indexOf("="));
  const message = [`${first.replace(/\.$/, "")} (set by ${setting} in the environment).`, ...rest].join("\n");
  const hint = `${error.hint === undefined ? "" : `${error.hint} `}Fix ${variable} or unset it.`;
  return new UserError(message, { hint, cause: error, exitCode: error instanceof UsageError ? 1 : error.exitCode });
}
