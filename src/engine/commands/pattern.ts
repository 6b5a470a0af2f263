import type { Evaluator } from "../compile/types.js";
import { Row } from "../record.js";
import { toText } from "../functions/coerce.js";
import { blocking, type StageFactory } from "./stage.js";
import { maskMessage } from "./pattern-mask.js";
import { severityLabel } from "./pattern-severity.js";

export const PATTERN_FIELDS = ["@pattern", "@sampleCount", "@ratio", "@severityLabel"] as const;

/**
 * `pattern expr`: one row per template, `@sampleCount` rows each, `@ratio` of all rows with a
 * value, `@severityLabel` from the level word in the pattern (pattern-severity.ts); most frequent
 * first (ties: first seen first). Rows with no value are not counted.
 */
export function patternStage(source: Evaluator): StageFactory {
  return blocking((next) => {
    const counts = new Map<string, number>();
    let total = 0;
    const rows = (): Row[] =>
      [...counts.entries()]
        .map(([pattern, n], first) => ({ pattern, n, first }))
        .sort((a, b) => b.n - a.n || a.first - b.first)
        .map((p, i) => {
          const row = new Row(null, i);
          row.set("@pattern", p.pattern);
          row.set("@sampleCount", p.n);
          row.set("@ratio", p.n / total);
          row.set("@severityLabel", severityLabel(p.pattern));
          return row;
        });
    return {
      push: (row) => {
        const text = toText(source(row));
        if (text === null) return;
        const pattern = maskMessage(text);
        counts.set(pattern, (counts.get(pattern) ?? 0) + 1);
        total++;
      },
      end: () => {
        for (const row of rows()) next.push(row);
        next.end();
      },
      snapshot: rows,
    };
  });
}
