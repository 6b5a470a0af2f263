import yargs, { type Argv } from "yargs";
import { similarChoices } from "../engine/suggest.js";
import type { AnyCommand } from "./command.js";
import { commandPath, type PositionalSpecs } from "./command.js";
import type { HandlerContext, MainDeps } from "./context.js";
import { createContext, decideColor } from "./context.js";
import { applyEnvAndDefaults, blameEnvironment } from "./env-args.js";
import { UsageError, UserError } from "../shared/errors.js";
import { reportError } from "./handle-error.js";
import type { Io } from "./io.js";
import { processIo } from "./io.js";
import { globalOptions } from "./options.js";
import { bundledQueriesDir, packageVersion } from "./package-info.js";
import type { Selected } from "./register-yargs.js";
import { buildCommandTree, forYargs, registerCommands } from "./register-yargs.js";
import { COMMANDS } from "./registry.js";

const DESCRIPTION =
  "Run CloudWatch Logs Insights queries on local log files (and on CloudWatch), and turn their rows into answers.";

const COMPLETION = "completion";
const COMPLETION_DESCRIBE = "Print a bash/zsh completion script: tolog completion >> ~/.bashrc";
const COMPLETION_HELP = [
  "tolog completion",
  "",
  COMPLETION_DESCRIBE,
  "",
  "Examples:",
  "  tolog completion >> ~/.bashrc   complete tolog's commands and options in bash",
  "  tolog completion >> ~/.zshrc    the same in zsh",
  "",
].join("\n");

// One line per paragraph: yargs wraps each at the terminal's width, where lines broken by hand
// for one width broke again mid-sentence at another.
const EPILOGUE = [
  "Every option can also be set with a TOLOG_<OPTION> environment variable: TOLOG_LOGS=./logs, TOLOG_FORMAT=json, " +
    "TOLOG_QUERIES_DIR=... (lists are separated like PATH). NO_COLOR turns colour off.",
  "Exit codes: 0 ok, 1 error (query, input, environment or network), 2 bad command line, 70 bug in tolog, " +
    "128 + N interrupted by signal N (130 Ctrl-C, 143 SIGTERM); CloudWatch outcomes 3-8 are in the README.",
].join("\n\n");

/**
 * Runs tolog with `argv` (without `node` and the script) and returns the exit code. Nothing
 * here or below calls `process.exit`: bin/tolog.js sets the exit code.
 */
export async function main(argv: string[], io: Io = processIo(), deps: MainDeps = {}, commands: readonly AnyCommand[] = COMMANDS): Promise<number> {
  // Until yargs has parsed them, --debug and --color are read from the raw arguments, so that
  // errors in parsing itself are reported as asked.
  let flags = { debug: rawFlag(argv, "debug", io) ?? false, color: decideColor(rawFlag(argv, "color", io), io) };
  let selected: Selected | undefined;
  let ctx: HandlerContext | undefined;
  // Which options their TOLOG_* variables set, for errors about their values.
  const envSources = new Map<string, string>();
  // yargs' own completion command prints its script for --help too: a user asking how to install
  // it got a page of shell code.
  if (argv[0] === COMPLETION && argv.slice(1).some((a) => a === "--help" || a === "-h")) {
    io.stdout.write(COMPLETION_HELP);
    return 0;
  }
  try {
    const tree = buildCommandTree(commands);
    const parser = createParser(io, tree, (s) => (selected = s), argv, commands, envSources);
    let output = "";
    // A parse callback makes yargs hand over help, --version and completion output instead
    // of printing it and exiting.
    const parsed = await parser.parseAsync(argv, {}, (_error, _args, text) => {
      output = text ?? "";
    });
    if (output !== "") io.stdout.write(output.endsWith("\n") ? output : output + "\n");
    if (selected === undefined) return 0;
    flags = { debug: parsed.debug === true, color: decideColor(parsed.color as boolean | undefined, io) };
    ctx = createContext(io, flags, deps, bundledQueriesDir());
    const code = await selected.definition.handler(selected.args, ctx);
    return typeof code === "number" ? code : 0;
  } catch (error) {
    const errorCtx = ctx ?? createContext(io, flags, deps, "");
    return reportError(blameEnvironment(error, envSources), {
      stderr: io.stderr,
      chalk: errorCtx.chalk,
      color: flags.color,
      debug: flags.debug,
      engine: errorCtx.engine,
      env: io.env,
      help: () => helpText(io, commands, selected?.path ?? []),
    });
  }
}

function createParser(
  io: Io,
  tree: ReturnType<typeof buildCommandTree>,
  onSelected: (s: Selected) => void,
  argv: readonly string[],
  commands: readonly AnyCommand[],
  envSources?: Map<string, string>,
): Argv {
  const parser = yargs()
    .scriptName("tolog")
    .usage(`$0 <command> [options]\n\n${DESCRIPTION}`)
    .strict()
    .showHelpOnFail(false)
    .exitProcess(false)
    .wrap(Math.min(io.columns ?? 100, 100))
    .version(packageVersion())
    .help()
    .alias("h", "help")
    .options(forYargs(globalOptions))
    .middleware((argv) => applyEnvAndDefaults(argv, globalOptions, io.env, envSources), true)
    .completion(COMPLETION, COMPLETION_DESCRIBE)
    .demandCommand(1, "Name a command.")
    .recommendCommands()
    .example("$0 query 'stats count(*) by level' --logs ./logs", "run a query on local log files")
    .example("$0 queries list", "the saved queries tolog ships with")
    .example("$0 query --help", "one command's options and examples")
    .epilogue(EPILOGUE)
    .fail((message, error, scoped) => {
      // Errors of ours thrown in middleware (a bad TOLOG_* value) keep their own class.
      if (error instanceof UserError) throw error;
      if (error !== undefined && error !== null && error.name !== "YError") throw error;
      let help = "";
      scoped.showHelp((text) => (help = text));
      const text = message ?? error?.message ?? "Bad command line.";
      const unknown = unknownCommand(argv, commands) ?? missingPositional(text, argv, commands);
      if (unknown) throw new UsageError(unknown.message, { help, hint: unknown.hint });
      throw new UsageError(text, { help, hint: suggestOption(text, argv, commands) });
    });
  registerCommands(parser, tree, io.env, onSelected, envSources);
  skipHelpCache(parser);
  return parser;
}

/**
 * yargs renders the chosen command's whole help after its handler returns, in case a failure
 * comes later (a third of a query's start-up, 30-40 ms). Our handlers only record the choice
 * and main() reports failures itself with a fresh helpText(), so that text would never be shown.
 */
function skipHelpCache(parser: Argv): void {
  const internal = parser as unknown as { getInternalMethods?(): { getUsageInstance?(): { cacheHelpMessage?: () => void } } };
  const usage = internal.getInternalMethods?.().getUsageInstance?.();
  if (usage && typeof usage.cacheHelpMessage === "function") usage.cacheHelpMessage = () => {};
}

/** The help of the command at `path` (tolog's own for []), as `--help` prints it. */
async function helpText(io: Io, commands: readonly AnyCommand[], path: string[]): Promise<string> {
  let text = "";
  await createParser(io, buildCommandTree(commands), () => {}, [], commands).parseAsync([...path, "--help"], {}, (_e, _a, output) => {
    text = output ?? "";
  });
  return text;
}

/**
 * A word where a command goes that names none (`tolog bogus`, `tolog queries sync`): yargs calls
 * it an unknown argument, or offers the nearest command however far ("Did you mean show?" for
 * sync). Named as a command, with the commands there are, and one alike only when it is.
 */
function unknownCommand(argv: readonly string[], commands: readonly AnyCommand[]): { message: string; hint: string } | undefined {
  const words = argv.filter((a) => !a.startsWith("-"));
  const at: string[] = [];
  for (const word of words) {
    const below = commands.map((c) => commandPath(c.command)).filter((p) => p.length === at.length + 1 && at.every((w, i) => p[i] === w));
    if (below.length === 0) return undefined;
    const names = below.map((p) => p[at.length]);
    if (!names.includes(word)) {
      const alike = similarChoices(word, names).at(0);
      const where = ["tolog", ...at].join(" ");
      return {
        message: `Unknown command: ${where} ${word}`,
        hint: `The commands of ${where}: ${names.join(", ")}.${alike ? ` Did you mean ${alike}?` : ""}`,
      };
    }
    at.push(word);
    // A command (not a group) takes positionals from here on.
    if (commands.some((c) => c.kind === "command" && commandPath(c.command).join(" ") === at.join(" "))) return undefined;
  }
  return undefined;
}

/** yargs' "Not enough non-option arguments: got 0, need at least 1", told as the argument the command needs. */
function missingPositional(message: string, argv: readonly string[], commands: readonly AnyCommand[]): { message: string; hint: string } | undefined {
  if (!/^Not enough non-option arguments/.test(message)) return undefined;
  const command = commandNamed(argv, commands);
  if (command?.kind !== "command") return undefined;
  const words = commandPath(command.command);
  const given = argv.filter((a) => !a.startsWith("-")).length - words.length;
  const [name, spec] = Object.entries((command.positionals ?? {}) as PositionalSpecs)[Math.max(0, given)] ?? [];
  if (name === undefined) return undefined;
  return { message: `tolog ${words.join(" ")} needs its <${name}>.`, hint: `${spec?.describe ?? name}.`.replace(/\.\.$/, ".") };
}

/** The command that the words of argv name, the longest path first. */
function commandNamed(argv: readonly string[], commands: readonly AnyCommand[]): AnyCommand | undefined {
  const words = argv.filter((a) => !a.startsWith("-"));
  return commands
    .filter((c) => c.kind === "command" && commandPath(c.command).every((w, i) => words[i] === w))
    .sort((a, b) => commandPath(b.command).length - commandPath(a.command).length)[0];
}

/** "Did you mean --logs?" for yargs' "Unknown argument: logz", from the options of the command named in argv. */
function suggestOption(message: string, argv: readonly string[], commands: readonly AnyCommand[]): string | undefined {
  const unknown = /^Unknown arguments?: (.+)$/.exec(message)?.[1].split(", ") ?? [];
  if (unknown.length === 0) return undefined;
  const command = commandNamed(argv, commands);
  const specs = command?.kind === "command" ? (command.args ?? {}) : {};
  const known = [...Object.keys(specs), ...Object.keys(globalOptions), "help", "version"];
  const hints = unknown
    .map((name) => [name, similarChoices(name, known).at(0)] as const)
    .filter((pair): pair is readonly [string, string] => pair[1] !== undefined)
    .map(([name, match]) => `--${match} (not ${name.length === 1 ? "-" : "--"}${name})`);
  return hints.length > 0 ? `Did you mean ${hints.join(", ")}?` : undefined;
}

/** `--flag` / `--no-flag` / TOLOG_FLAG before parsing; undefined when not set. */
function rawFlag(argv: string[], name: string, io: Io): boolean | undefined {
  const last = argv.filter((a) => a === `--${name}` || a === `--no-${name}`).at(-1);
  if (last !== undefined) return last === `--${name}`;
  const env = io.env[`TOLOG_${name.toUpperCase()}`];
  if (env === undefined || env === "") return undefined;
  return /^(1|true|yes|on)$/i.test(env);
}
export { installSignalExits } from "../shared/signals.js";
