import { formatMs, formatShare } from "./format.js";
import { shares } from "./time-split.js";

/** The parts of a time split as trace, latency and compare print them. */
export interface SplitParts {
  totalMs: number;
  poolWaitMs?: number;
  sqlMs: number;
  sqlInferred: boolean;
  beforeFirstLineMs: number;
  otherMs: number;
}

/** Bar glyphs: distinct without colour (NO_COLOR, a projector, a printout). */
export const SPLIT_GLYPHS = { poolWait: "░", sql: "█", beforeFirstLine: "╌", other: "·" } as const;

export const SPLIT_LEGEND = `${SPLIT_GLYPHS.poolWait} waiting for a DB connection  ${SPLIT_GLYPHS.sql} SQL  ${SPLIT_GLYPHS.other} other`;

/** A duration in the unit of the total it is part of, so the parts read as one sum: `1.96 s` of `2.08 s`. */
export function formatPartMs(ms: number, totalMs: number): string {
  if (totalMs >= 1000 && totalMs < 60_000) return `${(ms / 1000).toFixed(2)} s`;
  return formatMs(ms);
}

/**
 * `2.08 s: 1.96 s waiting for a DB connection (94%), 119 ms SQL (6%), 0.00 s other (0%)`.
 * A part the log does not hold says so instead of printing 0.
 */
export function splitSentence(parts: SplitParts): string {
  const share = shares(parts);
  const ms = (value: number) => formatPartMs(value, parts.totalMs);
  const pieces = [
    parts.poolWaitMs === undefined
      ? "DB connection wait not logged"
      : `${ms(parts.poolWaitMs)} waiting for a DB connection (${formatShare(share.poolWait)})`,
    parts.sqlInferred ? `~${ms(parts.sqlMs)} SQL (inferred, ${formatShare(share.sql)})` : `${ms(parts.sqlMs)} SQL (${formatShare(share.sql)})`,
  ];
  if (parts.beforeFirstLineMs > 0) pieces.push(`${ms(parts.beforeFirstLineMs)} before the first line (${formatShare(share.beforeFirstLine)})`);
  pieces.push(`${ms(parts.otherMs)} other (${formatShare(share.other)})`);
  return `${ms(parts.totalMs)}: ${pieces.join(", ")}`;
}

/**
 * A stacked bar of `width` columns: pool wait, SQL, before the first line, other, in
 * proportion (largest remainders, so the columns add up to the width exactly).
 */
export function splitBar(parts: SplitParts, width: number): string {
  if (width <= 0) return "";
  if (parts.totalMs <= 0) return " ".repeat(width);
  const values = [parts.poolWaitMs ?? 0, parts.sqlMs, parts.beforeFirstLineMs, parts.otherMs];
  const glyphs = [SPLIT_GLYPHS.poolWait, SPLIT_GLYPHS.sql, SPLIT_GLYPHS.beforeFirstLine, SPLIT_GLYPHS.other];
  const sum = values.reduce((a, b) => a + b, 0) || 1;
  const exact = values.map((value) => (value / sum) * width);
  const cells = exact.map(Math.floor);
  const order = exact.map((value, i) => ({ i, rest: value - Math.floor(value) })).sort((a, b) => b.rest - a.rest);
  for (let k = 0, left = width - cells.reduce((a, b) => a + b, 0); left > 0; k++, left--) cells[order[k % order.length].i]++;
  return cells.map((count, i) => glyphs[i].repeat(count)).join("");
}
