import { delimiter } from "node:path";
import type { OptionSpec, OptionSpecs } from "./command.js";
import { UserError } from "../shared/errors.js";

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
): void {
  const given = new Set(Object.keys(specs).filter((option) => argv[option] !== undefined));
  for (const [option, spec] of Object.entries(specs)) {
    if (argv[option] !== undefined) continue;
    const name = envName(option);
    // Read before any option is filled from the environment, so only the command line counts.
    const overridden = spec.envYieldsTo?.some((other) => given.has(other)) ?? false;
    const raw = overridden ? undefined : env[name];
    let value: unknown;
    if (raw !== undefined && raw !== "") value = fromEnv(option, name, raw, spec);
    else if (spec.default !== undefined) value = spec.default;
    if (value === undefined) continue;
    argv[option] = value;
    argv[camelCase(option)] = value;
  }
}

function fromEnv(option: string, name: string, raw: string, spec: OptionSpec): unknown {
  if (spec.repeatable === true || spec.array === true || spec.type === "array") {
    return spec.envSplit === false ? [raw] : raw.split(delimiter).filter((part) => part !== "");
  }
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
