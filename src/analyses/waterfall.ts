import { SPLIT_GLYPHS } from "./time-split-text.js";

/**
 * A text waterfall bar: the request's duration spread over `width` columns, the event placed
 * at its offset. Statements (with a duration) are a solid bar at least one column wide, after
 * the time they waited for a DB connection (`waitMs`, a light bar ending where the solid one
 * starts); instant events are a thin tick.
 */
export function waterfallBar(offsetMs: number, lengthMs: number | undefined, totalMs: number, width: number, waitMs = 0): string {
  if (width <= 0) return "";
  const scale = totalMs > 0 ? width / totalMs : 0;
  const column = (ms: number) => Math.min(width - 1, Math.max(0, Math.floor(ms * scale)));
  const start = column(offsetMs);
  const cells = Array.from({ length: width }, () => " ");
  // As many columns as the wait fills, ending where the statement starts (none for a sliver).
  for (let i = Math.max(0, start - Math.round(waitMs * scale)); i < start; i++) cells[i] = SPLIT_GLYPHS.poolWait;
  if (lengthMs !== undefined && lengthMs > 0) {
    const length = Math.max(1, Math.round(lengthMs * scale));
    for (let i = start; i < Math.min(width, start + length); i++) cells[i] = SPLIT_GLYPHS.sql;
  } else {
    cells[start] = "▏";
  }
  return cells.join("");
}
