import type { Row } from "../record.js";
import { toText } from "../functions/coerce.js";
import { streaming, type StageFactory } from "./stage.js";

/** How `lookup` and `cidrlookup` write the columns of the matched table row. */
export interface LookupOutput {
  /** Index of the table column. */
  column: number;
  /** The event field it goes to. */
  field: string;
}

/**
 * Writes a matched table row (or no match) into `row`: OUTPUT sets every output field, to
 * missing when nothing matched; OUTPUTNEW only fills fields that are missing.
 */
export function writeOutputs(row: Row, match: readonly string[] | undefined, outputs: readonly LookupOutput[], onlyNew: boolean): void {
  for (const { column, field } of outputs) {
    if (onlyNew && row.get(field) !== null) continue;
    const value = match?.[column];
    row.set(field, value === undefined || (value === "" && onlyNew) ? null : value);
  }
}

/** The text of a key made of several values (never a valid part of one). */
export function joinKey(parts: readonly string[]): string {
  return parts.length === 1 ? parts[0] : parts.join("\u0000");
}

/**
 * `lookup table k1 [as f1], ... OUTPUT|OUTPUTNEW ...`: matches when every key field's text
 * equals the row's column exactly (case-sensitive, as documented); a row missing a key field
 * matches nothing.
 */
export function lookupStage(index: ReadonlyMap<string, readonly string[]>, keys: readonly string[], outputs: readonly LookupOutput[], onlyNew: boolean): StageFactory {
  return streaming((next) => ({
    push: (row) => {
      const parts: string[] = [];
      for (const key of keys) {
        const text = toText(row.get(key));
        if (text === null) break;
        parts.push(text);
      }
      writeOutputs(row, parts.length === keys.length ? index.get(joinKey(parts)) : undefined, outputs, onlyNew);
      next.push(row);
    },
    end: () => next.end(),
  }));
}
