/**
 * Ctrl-C (SIGINT) and SIGTERM while CloudWatch work runs: instead of dying with a query still
 * running and billing, the work's signal is aborted so that it stops the query (StopQuery) and
 * returns. The handlers are removed afterwards; a second signal during the stop gets Node's
 * default behaviour (exit at once).
 */
export async function withInterruptSignal<T>(work: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  const onSignal = (name: NodeJS.Signals) => {
    remove();
    controller.abort(new Error(`interrupted by ${name}`));
  };
  const remove = () => {
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
  };
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);
  try {
    return await work(controller.signal);
  } finally {
    remove();
  }
}
