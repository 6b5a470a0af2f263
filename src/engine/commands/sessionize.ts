import type { Row } from "../record.js";
import { groupKey } from "../aggregates/group-key.js";
import type { StageFactory } from "./stage.js";
import { holdingStage } from "./holding.js";

/** The documented defaults: a 30-minute inactivity gap, the output field `session_id`. */
export const DEFAULT_SESSION_GAP_MS = 30 * 60_000;
export const DEFAULT_SESSION_FIELD = "session_id";

/**
 * `sessionize f, ... [maxspan d] [AS out]`: the events of each identity (the values of the
 * fields) in time order, a new session whenever more than `maxspan` passed since the previous
 * event. Sessions are numbered 1, 2, ... in order of their first event (ties: in order of
 * their identity's first row); a row missing an identity field gets no session. Rows keep
 * their order (decision, DECISIONS.md).
 */
export function sessionizeStage(fields: string[], gapMs: number, out: string): StageFactory {
  return holdingStage((held) => {
    const identities = new Map<string, Row[]>();
    for (const row of held) {
      const values = fields.map((f) => row.get(f));
      if (values.includes(null)) continue;
      const key = groupKey(values);
      const rowsOf = identities.get(key);
      if (rowsOf) rowsOf.push(row);
      else identities.set(key, [row]);
    }
    const sessions: Array<{ start: number; order: number; rows: Row[] }> = [];
    let order = 0;
    for (const rowsOf of identities.values()) {
      const byTime = [...rowsOf].sort((a, b) => a.time() - b.time() || a.seq - b.seq);
      let current: Row[] = [];
      let last = -Infinity;
      for (const row of byTime) {
        if (current.length > 0 && row.time() - last > gapMs) {
          sessions.push({ start: current[0].time(), order: order++, rows: current });
          current = [];
        }
        current.push(row);
        last = row.time();
      }
      if (current.length > 0) sessions.push({ start: current[0].time(), order: order++, rows: current });
    }
    sessions.sort((a, b) => a.start - b.start || a.order - b.order);
    sessions.forEach((session, i) => {
      for (const row of session.rows) row.set(out, i + 1);
    });
    return held;
  });
}
