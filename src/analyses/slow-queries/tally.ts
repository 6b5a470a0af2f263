/** What slow-queries' fold (fold.ts) and its parts' merge (fold-parts.ts) share. */
import { NumberList } from "../number-list.js";
import type { StatementTally } from "./fold.js";

// Per request (records.ts): the latest of its lines and of its statements' call counts, each chained to the one before.
export const LINES = 0;
export const CALLS = 1;

export function newTally(sql: string, execution: { at: number; order: number }, series: boolean): StatementTally {
  return {
    sql,
    firstAt: execution.at,
    firstOrder: execution.order,
    durations: new NumberList(),
    waits: new NumberList(),
    rowsTotal: 0,
    rowsCount: 0,
    slowest: { ms: -Infinity, at: Infinity, order: Infinity },
    inferred: false,
    ...(series ? { timed: new NumberList() } : {}),
  };
}

export function before(execution: { at: number; order: number }, at: number, order: number): boolean {
  return execution.at < at || (execution.at === at && execution.order < order);
}
