import type { ChalkInstance } from "chalk";
import { QueryError } from "../engine/diagnostics.js";
import type { Engine } from "./engine.js";
import { BUG_EXIT_CODE, UsageError, UserError } from "../shared/errors.js";
import { describeNetworkError } from "../shared/network-error.js";
import type { Writer } from "./io.js";

export interface ErrorReportContext {
  stderr: Writer;
  chalk: ChalkInstance;
  color: boolean;
  debug: boolean;
  engine: () => Promise<Engine>;
  env?: Record<string, string | undefined>;
  /** The help of the command being run (or of tolog), for usage errors raised by handlers. */
  help: () => Promise<string>;
}

/** The one place errors are printed. Returns the exit code. */
export async function reportError(error: unknown, ctx: ErrorReportContext): Promise<number> {
  const { chalk } = ctx;
  const write = (text: string) => void ctx.stderr.write(text.endsWith("\n") ? text : text + "\n");
  const errorLine = (message: string) => `${chalk.red.bold("error:")} ${message}`;
  const helpLine = (hint: string) => `${chalk.cyan("help:")} ${hint}`;
  const stack = () => {
    if (ctx.debug && error instanceof Error && error.stack) write(chalk.dim(error.stack));
  };

  if (error instanceof UsageError) {
    const help = error.help ?? (await ctx.help());
    write(help.trimEnd() + "\n");
    write(errorLine(error.message));
    if (error.hint) write(helpLine(error.hint));
    stack();
    return error.exitCode;
  }
  if (error instanceof QueryError) {
    write((await ctx.engine()).renderDiagnostics(error.query, error.diagnostics, { color: ctx.color }).trimEnd());
    stack();
    return 1;
  }
  if (error instanceof UserError) {
    write(errorLine(error.message));
    if (error.hint) write(helpLine(error.hint));
    stack();
    return error.exitCode;
  }
  // Errors of the machine or the network, from any path (CloudWatch calls explain theirs first).
  const environmental = explainSystemError(error) ?? describeNetworkError(error, ctx.env);
  if (environmental) {
    write(errorLine(environmental.message));
    write(helpLine(environmental.hint));
    stack();
    return 1;
  }
  const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  write(errorLine(`unexpected error (a bug in tolog): ${message}`));
  if (ctx.debug && error instanceof Error && error.stack) write(chalk.dim(error.stack));
  else write(helpLine("run again with --debug for the stack, and please report it."));
  return BUG_EXIT_CODE;
}

/** Failures of the machine rather than of tolog: a path that vanished, a permission, a limit. */
export function explainSystemError(error: unknown): { message: string; hint: string } | undefined {
  if (!(error instanceof Error)) return undefined;
  const { code, path } = error as NodeJS.ErrnoException;
  // Some calls fail without naming their path (readFile of a directory): no colon then.
  const where = path ? `: ${path}` : "";
  switch (code) {
    case "ENOENT":
      return {
        message: `no such file or directory${where}`,
        hint: "check the path given to --logs (or TOLOG_LOGS), --file or --queries-dir; it may have been moved or deleted.",
      };
    case "EACCES":
    case "EPERM":
      return {
        message: `permission denied${where}`,
        hint: `this user cannot read it; check its permissions (ls -l${path ? ` ${path}` : ""}) or copy the logs somewhere readable.`,
      };
    case "EISDIR":
      return { message: `a directory where a file was expected${where}`, hint: "name a file inside it." };
    case "ENOTDIR":
      return { message: `a file where a directory was expected${where}`, hint: "check each part of the path." };
    case "EMFILE":
    case "ENFILE":
      return {
        message: "too many open files",
        hint: "raise the limit (ulimit -n 4096) or point --logs at fewer files at once.",
      };
    case "ENOSPC":
      return { message: `no space left on device${path ? ` (${path})` : ""}`, hint: "free some disk space and retry." };
    default:
      return undefined;
  }
}
