import type { RunCounter } from "../compile/plan.js";

/**
 * Forgets what a run in parts counted, as its worker failed: the single-thread path then runs
 * the query again from the start, with the same counter.
 */
export function forgetCounts(counter: RunCounter): void {
  counter.matched = 0;
  counter.tooDeep = 0;
  counter.capped = false;
  counter.discovery?.tallies.clear();
}
