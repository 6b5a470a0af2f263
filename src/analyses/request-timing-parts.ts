/**
 * A RequestTimingFold saved and merged: the part of latency's fold that a part folded on another
 * thread goes through (part-folds.ts, engine/parallel/fold.ts).
 */
import { appendChains, joinChains, NONE, Records, type SavedRecords } from "./records.js";
import { DELAYS, FINISH_ABORTED, FINISH_AT, FINISH_DURATION, FINISH_STATUS, FIRST_AT, FIRST_ORDER, LAST_AT, LINES, LISTED, METHOD_AT, PRACTICAL, ROUTE_AT, STARTED_AT, STATEMENTS, STATUS, STATUS_AT, URL_AT } from "./request-fields.js";
import type { RequestTimingFold } from "./request-timing.js";

/** A RequestTimingFold as plain data (`RequestTimingFold.save`). */
export interface SavedRequestTimings {
  ids: string[];
  methods: (string | undefined)[];
  urls: (string | undefined)[];
  routes: (string | undefined)[];
  requests: SavedRecords;
  statements: SavedRecords;
  lines: SavedRecords;
  delays: SavedRecords;
}

/** A RequestTimingFold as plain data, for a part folded on another thread (part-folds.ts). */
export function saveTimings(fold: RequestTimingFold): SavedRequestTimings {
  const { ids, methods, urls, routes } = fold;
  return { ids, methods, urls, routes, requests: fold.requests.save(), statements: fold.statements.save(), lines: fold.lines.save(), delays: fold.delays.save() };
}

/**
 * Folds in what a later part of the lines gave (`save` of a fold over them alone), as if its
 * lines had been pushed here: they all come after the lines folded so far, `offset` of them,
 * so each of its "firsts" wins only when strictly earlier, and its orders move up by `offset`.
 */
export function mergeTimings(fold: RequestTimingFold, saved: SavedRequestTimings, offset: number): void {
  // Straight-line code, no closure or array per request: a part brings tens of thousands.
  const r = fold.requests;
  const o = Records.restore(saved.requests);
  // Each chain's records in one copy; a request's chain then starts where its first record landed.
  const statements = appendChains(fold.statements, Records.restore(saved.statements), offset);
  const lines = appendChains(fold.lines, Records.restore(saved.lines), offset);
  const delays = appendChains(fold.delays, Records.restore(saved.delays), offset);
  const moved = (base: number, head: number) => (head === NONE ? NONE : head + base);
  for (let from = 0; from < saved.ids.length; from++) {
    const id = saved.ids[from];
    let slot = fold.slots.get(id);
    if (slot === undefined) {
      slot = r.addCopy(o, from);
      fold.slots.set(id, slot);
      fold.ids.push(id);
      fold.methods.push(saved.methods[from]);
      fold.urls.push(saved.urls[from]);
      fold.routes.push(saved.routes[from]);
      r.set(slot, FIRST_ORDER, o.get(from, FIRST_ORDER) + offset);
      r.set(slot, STATEMENTS, moved(statements, o.get(from, STATEMENTS)));
      r.set(slot, LINES, moved(lines, o.get(from, LINES)));
      r.set(slot, DELAYS, moved(delays, o.get(from, DELAYS)));
      continue;
    }
    fold.timed[slot] = undefined;
    if (o.get(from, FIRST_AT) < r.get(slot, FIRST_AT)) {
      r.set(slot, FIRST_AT, o.get(from, FIRST_AT));
      r.set(slot, FIRST_ORDER, o.get(from, FIRST_ORDER) + offset);
      r.set(slot, PRACTICAL, o.get(from, PRACTICAL));
    }
    if (o.get(from, LAST_AT) > r.get(slot, LAST_AT)) r.set(slot, LAST_AT, o.get(from, LAST_AT));
    if (o.get(from, FINISH_AT) < r.get(slot, FINISH_AT)) {
      r.set(slot, FINISH_AT, o.get(from, FINISH_AT));
      r.set(slot, FINISH_ABORTED, o.get(from, FINISH_ABORTED));
      r.set(slot, FINISH_DURATION, o.get(from, FINISH_DURATION));
      r.set(slot, FINISH_STATUS, o.get(from, FINISH_STATUS));
    }
    if (o.get(from, STARTED_AT) < r.get(slot, STARTED_AT)) r.set(slot, STARTED_AT, o.get(from, STARTED_AT));
    if (o.get(from, STATUS_AT) < r.get(slot, STATUS_AT)) {
      r.set(slot, STATUS_AT, o.get(from, STATUS_AT));
      r.set(slot, STATUS, o.get(from, STATUS));
    }
    if (o.get(from, METHOD_AT) < r.get(slot, METHOD_AT)) {
      r.set(slot, METHOD_AT, o.get(from, METHOD_AT));
      fold.methods[slot] = saved.methods[from];
    }
    if (o.get(from, URL_AT) < r.get(slot, URL_AT)) {
      r.set(slot, URL_AT, o.get(from, URL_AT));
      fold.urls[slot] = saved.urls[from];
    }
    if (o.get(from, ROUTE_AT) < r.get(slot, ROUTE_AT)) {
      r.set(slot, ROUTE_AT, o.get(from, ROUTE_AT));
      fold.routes[slot] = saved.routes[from];
    }
    const listed = r.get(slot, LISTED);
    const theirs = o.get(from, LISTED);
    if (theirs > listed || (Number.isNaN(listed) && !Number.isNaN(theirs))) r.set(slot, LISTED, theirs);
    r.set(slot, STATEMENTS, joinChains(fold.statements, moved(statements, o.get(from, STATEMENTS)), r.get(slot, STATEMENTS)));
    r.set(slot, LINES, joinChains(fold.lines, moved(lines, o.get(from, LINES)), r.get(slot, LINES)));
    r.set(slot, DELAYS, joinChains(fold.delays, moved(delays, o.get(from, DELAYS)), r.get(slot, DELAYS)));
  }
}
