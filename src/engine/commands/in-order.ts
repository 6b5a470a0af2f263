import type { Row } from "../record.js";
import { blocking, streaming, type Stage, type StageFactory } from "./stage.js";
import { compareByTime } from "./sort.js";

/**
 * A step that reads rows one after another and carries state from row to row (`accum`,
 * `filldown`, `autoregress`). After a sort or stats the rows come in their order; before any,
 * the order is the default one, newest first, so the rows are held and put in that order first
 * (decision: "row order of running commands", DECISIONS.md).
 */
export function inOrderStage(timeOrder: boolean, create: (next: Stage) => Stage): StageFactory {
  if (!timeOrder) return streaming((next) => create(next));
  return blocking((next) => {
    const held: Row[] = [];
    return {
      push: (row) => void held.push(row),
      end: () => {
        const inner = create(next);
        for (const row of held.sort(compareByTime)) inner.push(row);
        inner.end();
      },
      snapshot: () => {
        const rows: Row[] = [];
        const inner = create({ push: (row) => void rows.push(row), end: () => undefined });
        for (const row of [...held].sort(compareByTime)) inner.push(row.copy());
        inner.end();
        return rows;
      },
    };
  });
}
