import type { Evaluator } from "../compile/types.js";
import type { Row } from "../record.js";
import { toText } from "../functions/coerce.js";
import type { QueryRegex } from "../compile/regex.js";
import { streaming, type StageFactory } from "./stage.js";

export interface ParseSpec {
  source: Evaluator;
  /** Unanchored. */
  regex: QueryRegex;
  /** Field name for capture group i + 1 ("" for a group that sets no field). */
  names: string[];
  multi: boolean;
}

/**
 * `parse`: sets one field per capture group. No match (or a missing source) sets the fields
 * to missing and keeps the row; `multi` emits one row per match.
 */
export function parseStage(spec: ParseSpec): StageFactory {
  const { source, regex, names, multi } = spec;
  const assign = (row: Row, match: ReadonlyArray<string | undefined> | null): Row => {
    for (let i = 0; i < names.length; i++) if (names[i] !== "") row.set(names[i], match?.[i + 1] ?? null);
    return row;
  };
  return streaming((next) => ({
    push: (row) => {
      const text = toText(source(row));
      if (!multi) {
        next.push(assign(row, text === null ? null : regex.exec(text)));
        return;
      }
      let any = false;
      if (text !== null) {
        for (const match of regex.matchAll(text)) {
          any = true;
          next.push(assign(row.copy(), match));
        }
      }
      if (!any) next.push(assign(row, null));
    },
    end: () => next.end(),
  }));
}
