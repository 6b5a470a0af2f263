import type { ArgumentsCamelCase, InferredOptionTypes, Options, PositionalOptions } from "yargs";
import type { HandlerContext } from "./context.js";

/**
 * A yargs option spec. Every option can also be set through `TOLOG_<NAME>` (see env-args.ts);
 * `envSplit: false` keeps a list option's environment value whole instead of splitting it on
 * the path delimiter (as for `--param`, whose values may contain colons).
 */
export type OptionSpec = Options & {
  envSplit?: boolean;
  repeatable?: boolean;
  /** Options that, given on the command line, make this option's TOLOG_* variable not apply. */
  envYieldsTo?: string[];
};

/**
 * A string flag that may be given several times (`--logs a --logs b`), parsed as a list.
 * Use this rather than yargs' `array: true`, which drops `-` (stdin) and swallows the
 * positionals that follow (`--logs app.log 'fields x'` would read the query as a path).
 */
export function repeatable<S extends Omit<Options, "type" | "array" | "coerce">>(spec: S & { envSplit?: boolean; envYieldsTo?: string[] }) {
  return { ...spec, type: "string" as const, requiresArg: true, repeatable: true as const, coerce: toList };
}

function toList(value: string | string[]): string[] {
  return [value].flat();
}
export type OptionSpecs = Record<string, OptionSpec>;
export type PositionalSpecs = Record<string, PositionalOptions>;

export type CommandArgs<O extends OptionSpecs, P extends PositionalSpecs> = ArgumentsCamelCase<
  InferredOptionTypes<O> & InferredOptionTypes<P>
>;

/** `[command line, what it does]`, shown under "Examples:" in the command's help. */
export type Example = readonly [string, string];

/**
 * One command, as plain data. `command` is the space-separated path followed by positionals in
 * yargs syntax: `"queries show <name>"`. Its parent (`queries`) must be registered as a group.
 */
export interface CommandDefinition<O extends OptionSpecs = OptionSpecs, P extends PositionalSpecs = PositionalSpecs> {
  kind: "command";
  command: string;
  describe: string;
  examples: readonly Example[];
  epilogue?: string;
  args?: O;
  positionals?: P;
  /**
   * Runs the command. Returns the exit code (0 when nothing is returned); expected failures
   * are thrown as UserError / UsageError, see errors.ts.
   */
  handler(args: CommandArgs<O, P>, ctx: HandlerContext): Promise<number | void> | number | void;
}

/** A command that only groups subcommands (`tolog queries`); running it alone is a usage error. */
export interface GroupDefinition {
  kind: "group";
  command: string;
  describe: string;
  examples: readonly Example[];
}

// The registry holds commands of many argument shapes; their handlers are only ever called
// with the arguments yargs parsed from their own specs.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyCommand = CommandDefinition<any, any> | GroupDefinition;

/** Returns its input, with the handler's `args` typed from the option and positional specs. */
export function defineCommand<O extends OptionSpecs = {}, P extends PositionalSpecs = {}>(
  definition: Omit<CommandDefinition<O, P>, "kind">,
): CommandDefinition<O, P> {
  return { kind: "command", ...definition };
}

export function defineGroup(definition: Omit<GroupDefinition, "kind">): GroupDefinition {
  return { kind: "group", ...definition };
}

/** `"queries show <name>"` -> `["queries", "show"]`. */
export function commandPath(command: string): string[] {
  return command.split(/\s+/).filter((word) => word !== "" && !/^[<[]/.test(word));
}
