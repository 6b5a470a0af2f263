import type { Value } from "../values.js";
import type { CallTools, Evaluator, RunEnv } from "../compile/types.js";
import { numericFunctions } from "./numeric.js";
import { stringFunctions } from "./string.js";
import { dateFunctions } from "./date.js";
import { ipFunctions } from "./ip.js";
import { jsonFunctions } from "./json.js";
import { hashFunctions } from "./hash.js";
import { generalFunctions } from "./general.js";

/**
 * A scalar function. Most are plain (`fn` gets every argument evaluated, null for missing);
 * those whose arguments are not plain values (periods, regexes) or that read the row itself
 * (`bin`) provide `compile` instead.
 */
export interface ScalarFunction {
  /** Canonical spelling (used in did-you-mean suggestions). */
  name: string;
  min: number;
  max: number;
  fn?: (args: Value[], env: RunEnv) => Value;
  compile?: (tools: CallTools) => Evaluator | undefined;
  /** Reads each row's event time itself, not through an argument (`bin`). */
  readsEventTime?: boolean;
}

export type FunctionFamily = ScalarFunction[];

const FAMILIES: FunctionFamily[] = [
  numericFunctions,
  stringFunctions,
  dateFunctions,
  ipFunctions,
  jsonFunctions,
  hashFunctions,
  generalFunctions,
];

const BY_NAME = new Map<string, ScalarFunction>();
for (const family of FAMILIES) for (const f of family) BY_NAME.set(f.name.toLowerCase(), f);

/** The function a call names (case-insensitive), or undefined. */
export function lookupFunction(name: string): ScalarFunction | undefined {
  return BY_NAME.get(name.toLowerCase());
}

export function functionNames(): string[] {
  return [...BY_NAME.values()].map((f) => f.name);
}

/** Helper for families: a function of fixed arity whose result is null when any argument is. */
export function strict(
  name: string,
  min: number,
  max: number,
  fn: (args: Value[], env: RunEnv) => Value,
): ScalarFunction {
  return {
    name,
    min,
    max,
    fn: (args, env) => {
      for (let i = 0; i < min; i++) if (args[i] === null) return null;
      return fn(args, env);
    },
  };
}
