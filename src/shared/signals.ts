import { constants } from "node:os";

/**
 * One rule for every command interrupted by a signal: the shell reports 128 + the signal's
 * number: 130 for Ctrl-C (SIGINT), 143 for SIGTERM, 129 for SIGHUP. Work that must clean up
 * first (a CloudWatch query to stop, a server to close) registers a stop function with
 * `whileStoppable`; the first signal calls it, and the command returns with that exit code.
 * Anything else ends at once: what was registered with `beforeSignalExit` runs (a progress line
 * to clear), then the process's 'exit' handlers (temporary files), then the signal is raised
 * again with its default action, so the process ends by the signal itself
 * (a shell loop around tolog stops on Ctrl-C too). `process.exit` is not used there: it waits
 * for the thread pool, where a read of an idle pipe may never return. A second signal always
 * ends the process at once.
 */

export const INTERRUPT_SIGNALS = ["SIGINT", "SIGTERM", "SIGHUP"] as const satisfies readonly NodeJS.Signals[];

/** 128 + the signal's number. */
export function exitCodeForSignal(signal: NodeJS.Signals): number {
  return 128 + (constants.signals[signal] ?? 2);
}

/** The reason an interrupted piece of work was stopped with. */
export class InterruptedError extends Error {
  constructor(readonly signal: NodeJS.Signals) {
    super(`interrupted by ${signal}`);
    this.name = "InterruptedError";
  }
}

type Stop = (signal: NodeJS.Signals) => void;

const stoppers = new Set<Stop>();
const exitCleanups = new Set<() => void>();
let received: NodeJS.Signals | undefined;
let installed = false;

/** The first interrupting signal this process received, if any. */
export function receivedSignal(): NodeJS.Signals | undefined {
  return received;
}

/** The exit code for the interruption this process received (130 when none is known). */
export function interruptedExitCode(): number {
  return exitCodeForSignal(received ?? "SIGINT");
}

/** Called once by the binary: from then on every interrupting signal follows the rule above. */
export function installSignalExits(): void {
  if (installed) return;
  installed = true;
  for (const signal of INTERRUPT_SIGNALS) process.on(signal, onSignal);
}

function onSignal(signal: NodeJS.Signals): void {
  if (received === undefined && stoppers.size > 0) {
    received = signal;
    for (const stop of [...stoppers]) stop(signal);
    return;
  }
  received ??= signal;
  endBySignal(received);
}

/**
 * `cleanup` runs if a signal ends the process before the returned function is called: for what
 * the terminal must not be left with, such as a progress line without its newline, on which the
 * shell's prompt would land. It must be synchronous and quick.
 */
export function beforeSignalExit(cleanup: () => void): () => void {
  exitCleanups.add(cleanup);
  return () => exitCleanups.delete(cleanup);
}

/** Runs the clean-ups and the 'exit' handlers, then lets the signal's default action end the process. */
function endBySignal(signal: NodeJS.Signals): never {
  for (const cleanup of [...exitCleanups]) {
    try {
      cleanup();
    } catch {
      // The process is ending: a clean-up that fails must not keep the others, or the exit, from running.
    }
  }
  exitCleanups.clear();
  const code = exitCodeForSignal(signal);
  process.exitCode = code;
  process.emit("exit", code);
  for (const name of INTERRUPT_SIGNALS) process.removeAllListeners(name);
  process.kill(process.pid, signal);
  // Not reached: the default action of these signals ends the process.
  return process.exit(code);
}

/**
 * Runs `work`; an interrupting signal meanwhile calls `stop` instead of ending the process.
 * Without the binary's handlers (tests, tolog used as a library) it listens for the signals
 * itself while the work runs.
 */
export async function whileStoppable<T>(stop: Stop, work: () => Promise<T>): Promise<T> {
  const own = installed ? [] : INTERRUPT_SIGNALS.map((signal) => [signal, () => onSignal(signal)] as const);
  for (const [signal, listener] of own) process.on(signal, listener);
  stoppers.add(stop);
  try {
    return await work();
  } finally {
    stoppers.delete(stop);
    for (const [signal, listener] of own) process.off(signal, listener);
  }
}
