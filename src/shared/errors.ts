/**
 * The closed set of errors the CLI knows how to report (see handle-error.ts). Anything thrown
 * that is not one of these, a QueryError or a known environmental failure is treated as a bug.
 */

export interface UserErrorOptions {
  /** The fix, as one line ("Pass --logs PATH or set TOLOG_LOGS."). Printed after the message. */
  hint?: string;
  /** Process exit code; 1 unless a command documents another (see the scripting contract). */
  exitCode?: number;
  cause?: unknown;
}

/** The user asked for something that cannot be done; the message names the problem. */
export class UserError extends Error {
  readonly hint?: string;
  readonly exitCode: number;

  constructor(message: string, options: UserErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    // Subclasses keep their own prototype so `instanceof` works across the hierarchy.
    Object.setPrototypeOf(this, new.target.prototype);
    this.name = new.target.name;
    this.hint = options.hint;
    this.exitCode = options.exitCode ?? 1;
  }
}

/**
 * The command line itself is wrong (unknown flag, missing argument, conflicting options).
 * Reported with the help of the command it concerns, exit 2. `help` is filled in by the
 * parser when it knows it; otherwise handle-error asks the parser for the command's help.
 */
export class UsageError extends UserError {
  help?: string;

  constructor(message: string, options: Omit<UserErrorOptions, "exitCode"> & { help?: string } = {}) {
    super(message, { ...options, exitCode: 2 });
    this.help = options.help;
  }
}

/** Exit code for bugs, as sysexits' EX_SOFTWARE. */
export const BUG_EXIT_CODE = 70;
