/**
 * Cooperative time-slicing for work the endpoint does in its own thread over many events
 * (FilterLogEvents, GetLogEvents): every such loop asks `breathe()` now and then and awaits what
 * it returns. All of them share one slice of SLICE_MS per turn of the event loop; once it is
 * spent they all wait for the next turn, so that requests that arrived meanwhile (PutLogEvents,
 * StopQuery) are answered. Each waiting loop still does one step per turn, so none starves.
 */
export const SLICE_MS = 10;
/** Events a loop handles between two calls of `breathe()`. */
export const SLICE_STEP = 1024;

let sliceStart = -1;
let nextTurn: Promise<void> | undefined;

/** Undefined while the slice lasts (the common case costs no promise); else the next turn. */
export function breathe(): Promise<void> | undefined {
  const now = performance.now();
  if (sliceStart < 0) sliceStart = now;
  if (now - sliceStart < SLICE_MS) return undefined;
  nextTurn ??= new Promise<void>((resolve) =>
    setImmediate(() => {
      nextTurn = undefined;
      sliceStart = -1;
      resolve();
    }),
  );
  return nextTurn;
}
