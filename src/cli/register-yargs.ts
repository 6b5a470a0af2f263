import type { Argv } from "yargs";
import type { AnyCommand, OptionSpecs, PositionalSpecs } from "./command.js";
import { commandPath } from "./command.js";
import { applyEnvAndDefaults } from "./env-args.js";
import { UsageError } from "../shared/errors.js";

/** A registered command and the commands under it. */
export interface CommandNode {
  definition: AnyCommand;
  path: string[];
  children: CommandNode[];
}

/** Thrown at start-up for a broken registry: a bug in tolog, never a user's mistake. */
export class CommandRegistrationError extends Error {
  override name = "CommandRegistrationError";
}

/**
 * Builds the command tree from the flat registry list, rejecting duplicates and commands
 * whose parent group is not registered (before them).
 */
export function buildCommandTree(commands: readonly AnyCommand[]): CommandNode[] {
  const roots: CommandNode[] = [];
  const byPath = new Map<string, CommandNode>();
  for (const definition of commands) {
    const path = commandPath(definition.command);
    const key = path.join(" ");
    if (path.length === 0) throw new CommandRegistrationError(`command "${definition.command}" has no name`);
    if (byPath.has(key)) throw new CommandRegistrationError(`command "${key}" is registered twice`);
    const node: CommandNode = { definition, path, children: [] };
    byPath.set(key, node);
    if (path.length === 1) {
      roots.push(node);
      continue;
    }
    const parent = byPath.get(path.slice(0, -1).join(" "));
    if (parent === undefined || parent.definition.kind !== "group") {
      throw new CommandRegistrationError(
        `command "${key}" needs the group "${path.slice(0, -1).join(" ")}" registered before it`,
      );
    }
    parent.children.push(node);
  }
  return roots;
}

export interface Selected {
  definition: Extract<AnyCommand, { kind: "command" }>;
  path: string[];
  /** As yargs parsed them from the definition's own specs. */
  args: Parameters<Extract<AnyCommand, { kind: "command" }>["handler"]>[0];
}

/**
 * Registers the tree with yargs. Handlers given to yargs only record which command was chosen:
 * main() runs it afterwards, so that running, errors and output stay in one place.
 */
export function registerCommands(
  parser: Argv,
  nodes: readonly CommandNode[],
  env: Record<string, string | undefined>,
  onSelected: (selected: Selected) => void,
  envSources?: Map<string, string>,
): void {
  for (const node of nodes) {
    const { definition } = node;
    const specs: OptionSpecs = definition.kind === "command" ? (definition.args ?? {}) : {};
    parser.command({
      // yargs wants the last word plus positionals: "queries show <name>" -> "show <name>".
      command: definition.command.split(/\s+/).slice(node.path.length - 1).join(" "),
      describe: definition.describe,
      builder: (sub: Argv) => {
        if (definition.kind === "command") {
          const positionals: PositionalSpecs = definition.positionals ?? {};
          for (const [name, spec] of Object.entries(positionals)) sub.positional(name, spec);
        }
        sub.options(forYargs(specs));
        for (const [line, what] of definition.examples) sub.example(line, what);
        if (definition.kind === "command" && definition.epilogue) sub.epilogue(definition.epilogue);
        registerCommands(sub, node.children, env, onSelected, envSources);
        if (definition.kind === "group") {
          sub.demandCommand(1, `Name a subcommand of "tolog ${node.path.join(" ")}".`);
        }
        // Before validation, so that values from TOLOG_* are checked against `choices` too.
        // Added in the builder, which yargs runs only for the command being parsed.
        sub.middleware((argv) => {
          refuseRepeated(argv, specs);
          applyEnvAndDefaults(argv, specs, env, envSources);
        }, true);
        return sub;
      },
      handler: (args) => {
        if (definition.kind === "command") onSelected({ definition, path: node.path, args });
      },
    });
  }
}

/**
 * yargs makes a list of an option given twice, and a handler that reads one value would misread
 * it (`--format json --format csv` was a bug report): an option that is not repeatable, given
 * twice, is a usage error naming its values.
 */
function refuseRepeated(argv: Record<string, unknown>, specs: OptionSpecs): void {
  for (const [option, spec] of Object.entries(specs)) {
    const value = argv[option];
    if (!Array.isArray(value) || spec.repeatable === true || spec.array === true || spec.type === "array") continue;
    const times = value.length === 2 ? "twice" : `${value.length} times`;
    throw new UsageError(`--${option} is given ${times} (${value.join(", ")}); it takes one value.`, { hint: `Keep one --${option}.` });
  }
}

/** Specs as yargs takes them: defaults move to env-args.ts, and are only described in help. */
export function forYargs(specs: OptionSpecs): OptionSpecs {
  const out: OptionSpecs = {};
  for (const [name, spec] of Object.entries(specs)) {
    const { default: defaultValue, envSplit: _envSplit, repeatable: _repeatable, ...rest } = spec;
    out[name] =
      defaultValue === undefined || rest.defaultDescription !== undefined
        ? rest
        : { ...rest, defaultDescription: JSON.stringify(defaultValue) };
  }
  return out;
}
