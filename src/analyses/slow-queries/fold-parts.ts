/**
 * A StatementFold saved and merged: the part of slow-queries' fold that a part folded on another
 * thread goes through (part-folds.ts, engine/parallel/fold.ts).
 */
import { appendChains, joinChains, NONE, Records, type SavedRecords } from "../records.js";
import type { StatementFold, StatementTally, Untimed } from "./fold.js";
import { before, CALLS, LINES, newTally } from "./tally.js";

/** A StatementFold as plain data (`StatementFold.save`): tallies with their lists as arrays, untimed statements by request slot. */
export interface SavedStatements {
  tallies: Array<Omit<StatementTally, "durations" | "waits" | "timed"> & { durations: Float64Array; waits: Float64Array; timed?: Float64Array }>;
  requestIds: string[];
  untimed: Array<[number, Untimed[]]>;
  requestRecords: SavedRecords;
  lines: SavedRecords;
  calls: SavedRecords;
  executions: SavedRecords;
  /** totalCalls, waited, untimedCount, inferred (1/0), first, last. */
  counts: number[];
  routes: string[];
}

/** A StatementFold as plain data, for a part folded on another thread (part-folds.ts). */
export function saveStatements(fold: StatementFold): SavedStatements {
  return {
    tallies: fold.tallies.map(({ durations, waits, timed, ...tally }) => ({
      ...tally,
      durations: durations.view().slice(),
      waits: waits.view().slice(),
      ...(timed ? { timed: timed.view().slice() } : {}),
    })),
    requestIds: [...fold.requests.keys()],
    untimed: [...fold.untimed],
    requestRecords: fold.requestRecords.save(),
    lines: fold.lines.save(),
    calls: fold.calls.save(),
    executions: fold.executions.save(),
    counts: [fold.totalCalls, fold.waited, fold.untimedCount, fold.inferred ? 1 : 0, fold.first, fold.last],
    routes: [...fold.routes],
  };
}

/**
 * Folds in what a later part of the lines gave (`save` of a fold over them alone), as if its
 * lines had been pushed here: they come after the lines folded so far, `offset` of them, so
 * their orders move up by `offset` and each "first" of theirs wins only when earlier. Each
 * statement's durations follow the ones so far, as they would have; every figure read from
 * them is order-free (sorted, or summed in time order), but `rowsTotal`, added in two sums, is
 * exact for whole row counts.
 */
export function mergeStatements(fold: StatementFold, saved: SavedStatements, offset: number): void {
  const fingerprints = saved.tallies.map((theirs) => {
    let at = fold.index.get(theirs.sql);
    if (at === undefined) {
      at = fold.tallies.length;
      fold.index.set(theirs.sql, at);
      fold.tallies.push({ ...newTally(theirs.sql, { at: Infinity, order: Infinity }, theirs.timed !== undefined), firstAt: Infinity, firstOrder: Infinity });
    }
    const tally = fold.tallies[at];
    if (before({ at: theirs.firstAt, order: theirs.firstOrder + offset }, tally.firstAt, tally.firstOrder)) {
      tally.firstAt = theirs.firstAt;
      tally.firstOrder = theirs.firstOrder + offset;
    }
    tally.durations.append(theirs.durations);
    tally.waits.append(theirs.waits);
    tally.rowsTotal += theirs.rowsTotal;
    tally.rowsCount += theirs.rowsCount;
    const slowest = { ...theirs.slowest, order: theirs.slowest.order + offset };
    if (slowest.ms > tally.slowest.ms || (slowest.ms === tally.slowest.ms && before(slowest, tally.slowest.at, tally.slowest.order))) tally.slowest = slowest;
    tally.inferred ||= theirs.inferred;
    if (theirs.timed) tally.timed?.append(theirs.timed);
    return at;
  });
  const records = Records.restore(saved.requestRecords);
  // Every line in one copy; a request's chain then starts where its first line landed.
  const lines = appendChains(fold.lines, Records.restore(saved.lines), offset);
  const calls = Records.restore(saved.calls);
  const slots = saved.requestIds.map((id, from) => {
    let request = fold.requests.get(id);
    if (request === undefined) fold.requests.set(id, (request = fold.requestRecords.add(NONE, NONE)));
    const head = records.get(from, LINES);
    fold.requestRecords.set(request, LINES, joinChains(fold.lines, head === NONE ? NONE : head + lines, fold.requestRecords.get(request, LINES)));
    for (let i = records.get(from, CALLS); i !== NONE; i = calls.get(i, 4)) {
      fold.addCalls(request, fingerprints[calls.get(i, 0)], calls.get(i, 1), { at: calls.get(i, 2), order: calls.get(i, 3) + offset });
    }
    return request;
  });
  for (const [from, statements] of saved.untimed) {
    const request = slots[from];
    const waiting = fold.untimed.get(request) ?? [];
    for (const statement of statements) waiting.push({ ...statement, order: statement.order + offset });
    fold.untimed.set(request, waiting);
  }
  const executions = Records.restore(saved.executions);
  for (let i = 0; i < executions.length; i++) fold.executions.set(fold.executions.addCopy(executions, i), 1, executions.get(i, 1) + offset);
  const [totalCalls, waited, untimedCount, inferred, first, last] = saved.counts;
  fold.totalCalls += totalCalls;
  fold.waited += waited;
  fold.untimedCount += untimedCount;
  fold.inferred ||= inferred === 1;
  fold.first = Math.min(fold.first, first);
  fold.last = Math.max(fold.last, last);
  for (const route of saved.routes) fold.routes.add(route);
}
