import { InterruptedError, whileStoppable } from "../shared/signals.js";

/**
 * Ctrl-C (SIGINT), SIGTERM or SIGHUP while CloudWatch work runs: instead of dying with a query
 * still running and billing, the work's signal is aborted so that it stops the query
 * (StopQuery) and returns. A second signal exits at once (src/shared/signals.ts).
 */
export async function withInterruptSignal<T>(work: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  return whileStoppable((name) => controller.abort(new InterruptedError(name)), () => work(controller.signal));
}
