import { ConfigError, loadConfig } from "./config.js";
import { ListenAddressError } from "./listen-check.js";
import { type RunningService, startServer } from "./server.js";
import { STOP_SIGNALS, exitCodeFor, exitForSignal, stopped } from "./signals.js";

/** `npm start -w service`: validate the environment, start, stop cleanly on a signal. */
async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`taskoverflow: ${err.message}\n`);
      process.exit(1);
    }
    throw err;
  }
  // A closed terminal (SIGHUP) makes writes to it fail (EIO): the stop must go on regardless.
  process.stderr.on("error", () => undefined);

  // SIGTERM (ECS, docker stop, the demo), SIGINT (Ctrl-C) and SIGHUP (the terminal closed) each
  // drain, close the pool, stop the embedded Postgres and flush the logs, then end the process:
  // 0 for a completed stop, by the signal itself after a SIGHUP (signals.ts). Listening from the first moment: a signal while
  // the service starts (initdb, Postgres, the migrations) stops the start, which stops the
  // Postgres it already started.
  let service: RunningService | undefined;
  let received: NodeJS.Signals | undefined;
  const aborter = new AbortController();
  const onSignal = (signal: NodeJS.Signals) => {
    if (received !== undefined) {
      // A closed terminal sends SIGHUP twice (from the shell, and from the kernel once the
      // shell is gone): that is still the first stop. Another Ctrl-C or SIGTERM means "now".
      if (signal === "SIGHUP") return;
      process.exit(exitCodeFor(signal));
    }
    received = signal;
    if (service) void service.stop(signal).then(() => stopped(signal));
    else aborter.abort();
  };
  for (const signal of STOP_SIGNALS) process.on(signal, onSignal);

  try {
    service = await startServer(config, { signal: aborter.signal });
  } catch (err) {
    // Interrupted: whatever the start was doing when it stopped (a Ctrl-C reaches the embedded
    // Postgres too), the process ends as interrupted.
    if (received !== undefined) exitForSignal(received);
    throw err;
  }
  // Not expected (a signal is seen at the start's steps), but a stop must never be lost.
  if (received !== undefined) {
    const signal = received;
    void service.stop(signal).then(() => stopped(signal));
  }
}

main().catch((err: unknown) => {
  // Start-up failures are one line, not a stack: an address that cannot be listened on says
  // what to do; anything else (the database unreachable) is shown as it came.
  if (err instanceof ListenAddressError) process.stderr.write(`taskoverflow: ${err.message}\n`);
  else process.stderr.write(`taskoverflow: failed to start: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
