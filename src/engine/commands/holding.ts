import type { Row } from "../record.js";
import { blocking, type StageFactory } from "./stage.js";

/**
 * A step that needs every row before it can give any (`fillmissing`, `sessionize`, `outlier`,
 * `appendcols`, `addtotals col=true`): it holds them, and at the end passes on what `rows`
 * makes of them. A snapshot (partial results) gives `rows` copies, so that it changes nothing
 * the end will read.
 */
export function holdingStage(rows: (held: Row[]) => Row[], onPush: (row: Row) => void = () => undefined): StageFactory {
  return blocking((next) => {
    const held: Row[] = [];
    return {
      push: (row) => {
        onPush(row);
        held.push(row);
      },
      end: () => {
        for (const row of rows(held)) next.push(row);
        next.end();
      },
      snapshot: () => rows(held.map((row) => row.copy())),
    };
  });
}
