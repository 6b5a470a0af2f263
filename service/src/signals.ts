import { constants } from "node:os";

/**
 * How the service, the load runner and the demo end on a signal. The load runner and the demo,
 * interrupted before their work is done, follow tolog's rule (src/shared/signals.ts): clean up
 * first, then exit 128 + the signal's number, as the shell reports it: 143 for SIGTERM, 130 for
 * Ctrl-C (SIGINT), 129 for SIGHUP (the terminal closed). The service is a server, for which a
 * stop is its normal end: once a SIGTERM or SIGINT stop has drained it exits 0, the contract
 * ECS, `docker stop` and the demo rely on (`stopped`); a signal while it is still starting is an
 * interrupted start (128 + N).
 */
export const STOP_SIGNALS = ["SIGTERM", "SIGINT", "SIGHUP"] as const satisfies readonly NodeJS.Signals[];

/** 128 + the signal's number. */
export function exitCodeFor(signal: NodeJS.Signals): number {
  return 128 + (constants.signals[signal] ?? constants.signals.SIGINT);
}

/**
 * Ends the process, its clean-up done, as interrupted by `signal`. SIGTERM and SIGINT exit with
 * 128 + N. After SIGHUP the terminal is usually gone, and Node 20's exit restores the terminal's
 * settings on it and crashes when it cannot (nodejs/node#51519, mended in later versions), so a
 * SIGHUP ends the process by the signal itself: the shell and any parent see 129 all the same.
 */
export function exitForSignal(signal: NodeJS.Signals): never {
  const code = exitCodeFor(signal);
  if (signal === "SIGHUP") {
    for (const name of STOP_SIGNALS) process.removeAllListeners(name);
    process.kill(process.pid, signal);
  }
  // Not reached after a SIGHUP: its default action ends the process.
  return process.exit(code);
}

/** The service's end after a requested stop completed: 0, but by SIGHUP itself after one (`exitForSignal`). */
export function stopped(signal: NodeJS.Signals): never {
  if (signal === "SIGHUP") return exitForSignal(signal);
  return process.exit(0);
}
