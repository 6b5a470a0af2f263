import { removeEmbeddedData } from "../db/embedded.js";
import { STOP_SIGNALS, exitCodeFor, exitForSignal } from "../signals.js";

/**
 * Ctrl-C, SIGTERM or SIGHUP under a script that runs the service and the load runner as its
 * children (the demo, record-fixtures, measure). Those children run in process groups of their
 * own (processes.ts), so a terminal's Ctrl-C or hang-up reaches the script alone, which then
 * undoes the run in order: the load runner stops first (it prints its summary so far), then
 * the service (SIGTERM: it drains, stops its embedded Postgres, flushes its log), then the
 * scratch databases are removed, as a completed run removes them. The script says so in one
 * line and exits 128 + the signal's number. A second Ctrl-C or SIGTERM ends it at once.
 *
 * Once interrupted, the script's own steps never go on (`unlessInterrupted`): a load runner
 * that ends because it was stopped must not start the analyses of a half-written log.
 */

type Stop = () => Promise<unknown>;

const stops = new Set<Stop>();
const scratch = new Set<string>();
let received: NodeJS.Signals | undefined;
let farewell: (signal: NodeJS.Signals) => string = (signal) => `interrupted (${signal})`;
let installed = false;

/** Installs the handlers; `say` is the one line written when interrupted, after the clean-up. */
export function handleInterrupts(say: (signal: NodeJS.Signals) => string): void {
  farewell = say;
  if (installed) return;
  installed = true;
  // A closed terminal answers EIO: the clean-up must go on without it.
  for (const stream of [process.stdout, process.stderr]) stream.on("error", () => undefined);
  for (const signal of STOP_SIGNALS) process.on(signal, onSignal);
  // The script ends another way (an error, process.exit): its children, in groups of their own,
  // would outlive it; a SIGTERM makes each stop itself cleanly.
  process.on("exit", () => {
    for (const stop of stops) void stop();
  });
}

/** The signal that interrupted the script, if one did. */
export function interruptedBy(): NodeJS.Signals | undefined {
  return received;
}

/**
 * Registers what stops a piece of the run (a child process, an in-process database); the
 * returned function unregisters it. The last registered is stopped first.
 */
export function onInterrupt(stop: Stop): () => void {
  stops.add(stop);
  return () => void stops.delete(stop);
}

/** An embedded data directory that is the run's scratch space: removed when interrupted too. */
export function scratchDatabase(dataDir: string): void {
  scratch.add(dataDir);
}

/** Removes a scratch database now, as the end of a run does. */
export async function removeScratchDatabase(dataDir: string): Promise<void> {
  scratch.delete(dataDir);
  await removeEmbeddedData(dataDir);
}

/** `promise`, unless the script is interrupted meanwhile: then it never settles (the clean-up ends the process). */
export function unlessInterrupted<T>(promise: Promise<T>): Promise<T> {
  const never = new Promise<never>(() => undefined);
  return promise.then(
    (value) => (received ? never : value),
    (error: unknown) => {
      if (received) return never;
      throw error;
    },
  );
}

function onSignal(signal: NodeJS.Signals): void {
  if (received !== undefined) {
    // A closed terminal sends SIGHUP twice; another Ctrl-C or SIGTERM means "now".
    if (signal !== "SIGHUP") process.exit(exitCodeFor(signal));
    return;
  }
  received = signal;
  void cleanUp().then(
    () => say(farewell(signal), signal),
    (error: unknown) => say(`${farewell(signal)} (clean-up: ${error instanceof Error ? error.message : String(error)})`, signal),
  );
}

async function cleanUp(): Promise<void> {
  for (const stop of [...stops].reverse()) {
    stops.delete(stop);
    await stop().catch(() => undefined);
  }
  for (const dir of scratch) await removeEmbeddedData(dir);
  scratch.clear();
}

function say(line: string, signal: NodeJS.Signals): void {
  const exit = () => exitForSignal(signal);
  setTimeout(exit, 2000).unref(); // a pipe nobody reads must not keep it
  process.stderr.write(`${line}\n`, exit);
}
