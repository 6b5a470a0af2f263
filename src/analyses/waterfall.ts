/**
 * A text waterfall bar: the request's duration spread over `width` columns, the event placed
 * at its offset. Statements (with a duration) are a solid bar at least one column wide;
 * instant events are a thin tick.
 */
export function waterfallBar(offsetMs: number, lengthMs: number | undefined, totalMs: number, width: number): string {
  if (width <= 0) return "";
  const scale = totalMs > 0 ? width / totalMs : 0;
  const start = Math.min(width - 1, Math.max(0, Math.floor(offsetMs * scale)));
  const cells = Array.from({ length: width }, () => " ");
  if (lengthMs !== undefined && lengthMs > 0) {
    const length = Math.max(1, Math.round(lengthMs * scale));
    for (let i = start; i < Math.min(width, start + length); i++) cells[i] = "█";
  } else {
    cells[start] = "▏";
  }
  return cells.join("");
}
