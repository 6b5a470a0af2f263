import type { Projection, StatsCommand } from "./ast.js";
import { makePeriod, periodMillis, periodUnit } from "./compile/duration.js";
import { projectionName } from "./compile/names.js";
import { parse } from "./parser.js";

/**
 * The columns of a query's last `stats`, as a chart reads its result: the group-by columns, the
 * one of them that is a time bin, and the aggregated values. Column names are those of the
 * result (an alias, else the expression's text, as `stats` names them).
 */
export interface StatsShape {
  /** The `by` columns other than the time bin, in order: one series per combination of their values. */
  groups: string[];
  /** The `by bin(...)` column, when there is one. */
  time?: string;
  /** Its bins' width, ms, when it is a fixed period (not months, quarters or years). */
  binMs?: number;
  /** The aggregated columns, in order. */
  values: string[];
  /** Each aggregated column's expression as written (`pct(duration_ms, 95)` for `... as p95`). */
  expressions: Record<string, string>;
}

/** The shape of the last `stats` of `text`, or undefined when it has none (or does not parse). */
export function statsShape(text: string): StatsShape | undefined {
  const parsed = parse(text);
  if (parsed.diagnostics.length > 0) return undefined;
  const stats = parsed.query.commands.filter((command): command is StatsCommand => command.kind === "stats").at(-1);
  if (!stats) return undefined;
  const time = stats.by.find(isBin);
  return {
    groups: stats.by.filter((p) => p !== time).map(projectionName),
    ...(time ? { time: projectionName(time) } : {}),
    ...(time && binMillis(time) !== undefined ? { binMs: binMillis(time) } : {}),
    values: stats.items.map(projectionName),
    expressions: Object.fromEntries(stats.items.map((item) => [projectionName(item), item.text])),
  };
}

function binMillis(projection: Projection): number | undefined {
  const arg = projection.expr.kind === "call" ? projection.expr.args[0] : undefined;
  if (arg?.kind !== "duration") return undefined;
  const unit = periodUnit(arg.unit);
  return unit === undefined ? undefined : periodMillis(makePeriod(arg.amount, unit));
}

function isBin(projection: Projection): boolean {
  return projection.expr.kind === "call" && projection.expr.name.toLowerCase() === "bin";
}
