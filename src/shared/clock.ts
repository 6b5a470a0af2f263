/**
 * Milliseconds on a monotonic clock (from an arbitrary start), for timing work inside a run.
 * Not `performance.now()`: that global loads node:perf_hooks (ten of Node's modules) on first
 * use, which every query paid for its scan's 10 ms yield checks.
 */
export function monotonicMs(): number {
  return process.uptime() * 1000;
}
