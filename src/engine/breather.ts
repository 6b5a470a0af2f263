/**
 * Lets the rest of the process run while a query scans: every `YIELD_EVERY_EVENTS` events, or
 * `YIELD_EVERY_MS` of work, the scan waits for the event loop to go round once. A source whose
 * batches are already in memory (tolog serve's store) resolves every read at once, in
 * microtasks, so without this a query holds the thread until it ends: tolog serve's
 * PutLogEvents, StopQuery and DescribeLogGroups waited seconds behind running queries.
 */
import { monotonicMs } from "../shared/clock.js";

export const YIELD_EVERY_EVENTS = 10_000;
export const YIELD_EVERY_MS = 10;

export class Breather {
  private events = 0;
  private since = monotonicMs();

  /**
   * Counts `n` events; when a turn of the event loop is due, a promise that resolves after it
   * (`await` it), else undefined, so that the common call costs no promise.
   */
  breathe(n: number): Promise<void> | undefined {
    this.events += n;
    if (this.events < YIELD_EVERY_EVENTS && monotonicMs() - this.since < YIELD_EVERY_MS) return undefined;
    return new Promise<void>((resolve) =>
      setImmediate(() => {
        this.events = 0;
        this.since = monotonicMs();
        resolve();
      }),
    );
  }
}
