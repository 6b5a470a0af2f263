/** Cancelling a run in parts: its wait for the workers races the caller's signal. */

export interface AbortRace {
  /** Resolves "aborted" when the signal fires; never settles otherwise. */
  readonly aborted: Promise<"aborted">;
  /** Stops listening to the signal once the run is over. */
  release(): void;
}

export function abortRace(signal: AbortSignal | undefined): AbortRace {
  let onAbort: (() => void) | undefined;
  const aborted = new Promise<"aborted">((resolve) => {
    onAbort = () => resolve("aborted");
    signal?.addEventListener("abort", onAbort, { once: true });
  });
  return { aborted, release: () => onAbort && signal?.removeEventListener("abort", onAbort) };
}

export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new DOMException("The query was cancelled", "AbortError");
}
