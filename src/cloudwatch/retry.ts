/** Errors worth another try: throttling, the service being busy, too many running queries. */
const RETRYABLE = new Set([
  "ThrottlingException",
  "ServiceUnavailableException",
  "LimitExceededException",
  "InternalFailure",
  "RequestTimeout",
  "TimeoutError",
]);

export interface RetryOptions {
  signal?: AbortSignal;
  /** Attempts in all, the first included. */
  maxAttempts?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** Told before each wait, so the CLI can say why it is waiting. */
  onRetry?: (error: unknown, attempt: number, delayMs: number) => void;
  /** Deterministic jitter for tests. */
  random?: () => number;
}

export function isRetryable(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
  return RETRYABLE.has(error.name) || (status !== undefined && status >= 500);
}

/**
 * Runs `attempt` until it succeeds, fails with a non-retryable error, or runs out of attempts.
 * Waits grow exponentially with full jitter (AWS's recommended scheme), so many clients that
 * were throttled together do not retry together.
 */
export async function withRetry<T>(attempt: () => Promise<T>, options: RetryOptions = {}): Promise<T> {
  const maxAttempts = options.maxAttempts ?? 8;
  const base = options.baseDelayMs ?? 200;
  const cap = options.maxDelayMs ?? 10_000;
  const random = options.random ?? Math.random;
  for (let n = 1; ; n++) {
    try {
      return await attempt();
    } catch (error) {
      if (n >= maxAttempts || !isRetryable(error) || options.signal?.aborted) throw error;
      const delay = Math.round(random() * Math.min(cap, base * 2 ** (n - 1)));
      options.onRetry?.(error, n, delay);
      await sleep(delay, options.signal);
    }
  }
}

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}
