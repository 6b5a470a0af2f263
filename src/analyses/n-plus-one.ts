import type { AppEvent } from "./events.js";
import { sqlFingerprint } from "./sql-fingerprint.js";

/** A statement that ran this many times or more in one request is reported as N+1. */
export const N_PLUS_ONE_THRESHOLD = 5;

/** A statement repeated within one request. */
export interface RepeatedStatement {
  sql: string;
  calls: number;
  requestId: string;
}

/** Statements run at least N_PLUS_ONE_THRESHOLD times within single requests, worst first. */
export function findRepeatedStatements(events: readonly AppEvent[], threshold = N_PLUS_ONE_THRESHOLD): RepeatedStatement[] {
  const counts = new Map<string, RepeatedStatement>();
  for (const event of events) {
    if (event.event !== "db_query" || event.sql === undefined || event.requestId === undefined) continue;
    if (isTransactionControl(event.sql)) continue;
    const sql = sqlFingerprint(event.sql);
    const key = `${event.requestId}\u0000${sql}`;
    const entry = counts.get(key);
    if (entry) entry.calls++;
    else counts.set(key, { sql, calls: 1, requestId: event.requestId });
  }
  return [...counts.values()].filter((entry) => entry.calls >= threshold).sort((a, b) => b.calls - a.calls);
}

/** BEGIN / COMMIT / ROLLBACK repeat by nature; they are not an N+1 pattern. */
export function isTransactionControl(sql: string): boolean {
  return /^\s*(BEGIN|COMMIT|ROLLBACK|START TRANSACTION|SAVEPOINT|RELEASE)\b/i.test(sql);
}
