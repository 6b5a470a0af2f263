import type { QueryResult, ResultRow } from "../../engine/api.js";
import type { StatsShape } from "../../engine/stats-shape.js";
import { isNumeric } from "../display-number.js";
import type { ChartPanel, ChartSeries, Unit } from "./panel.js";
import { unitOfColumn } from "./units.js";

/** Series drawn per panel; the rest are counted in the legend (a terminal chart of 20 lines reads as noise). */
export const MAX_SERIES = 6;

/** Why a result cannot be drawn, as a sentence with what to do. */
export class NotChartable extends Error {
  constructor(
    message: string,
    readonly hint: string,
  ) {
    super(message);
    this.name = "NotChartable";
  }
}

/** Why a stats without bin() is not drawn, and the fix. */
export const NOT_OVER_TIME = {
  message: "--chart draws a result over time, and this query's stats has no bin().",
  hint: "Group by a time bin first, e.g. `stats count(*) by bin(1m), route`.",
} as const;

const RESULT_TIME = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,3}))?Z?$/;

/** `2026-11-21 20:21:00.000` (UTC, as GetQueryResults renders times) -> epoch ms. */
export function parseResultTime(text: string | undefined): number | undefined {
  const match = text === undefined ? null : RESULT_TIME.exec(text);
  if (!match) return undefined;
  const [, y, mo, d, h, mi, s, ms = "0"] = match;
  return Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s), Number(ms.padEnd(3, "0")));
}

/**
 * The panels a `stats ... by bin(...)` result draws as, the way the Logs Insights console's
 * Visualization tab draws it: time along the x axis, one panel per aggregated column (each has
 * its own unit), one series per combination of the other group-by values. The columns come from
 * the query's own `stats` when its result still has them; else from the values (the time column
 * is the one whose every value is a time, the values are the numeric columns).
 */
export function panelsOfResult(result: QueryResult, shape: StatsShape | undefined): ChartPanel[] {
  const columns = columnsOf(result, shape);
  if (result.rows.length === 0) return columns.values.map((value) => ({ title: value, unit: unitOf(value, columns.expressions), series: [] }));
  const binMs = columns.time === shape?.time ? shape?.binMs : undefined;
  return columns.values.map((value) => ({ ...panelOf(result.rows, columns.time, columns.groups, value), unit: unitOf(value, columns.expressions), ...(binMs !== undefined ? { binMs } : {}) }));
}

interface Columns {
  time: string;
  groups: string[];
  values: string[];
  expressions?: Record<string, string>;
}

function columnsOf(result: QueryResult, shape: StatsShape | undefined): Columns {
  const fields = result.fields.filter((field) => field !== "@ptr");
  const has = (name: string) => fields.includes(name);
  if (shape && shape.time === undefined) {
    throw new NotChartable(NOT_OVER_TIME.message, NOT_OVER_TIME.hint);
  }
  if (shape?.time !== undefined && has(shape.time) && shape.values.every(has) && shape.groups.every(has)) {
    return { time: shape.time, groups: shape.groups, values: shape.values, expressions: shape.expressions };
  }
  // A later command renamed or dropped columns: read the result itself.
  const rows = result.rows;
  const time = fields.find((field) => rows.length > 0 && rows.every((row) => row[field] === undefined || parseResultTime(row[field]) !== undefined) && rows.some((row) => row[field] !== undefined));
  if (time === undefined) {
    throw new NotChartable("--chart draws a result over time, and no column of this result holds times.", "Use a query whose stats groups by a time bin, e.g. `stats count(*) by bin(1m), route`.");
  }
  const rest = fields.filter((field) => field !== time);
  const values = rest.filter((field) => rows.every((row) => row[field] === undefined || isNumeric(row[field])));
  if (values.length === 0) throw new NotChartable("--chart found no numeric column to draw in this result.", "Aggregate something per bin, e.g. `stats count(*), avg(duration_ms) by bin(1m)`.");
  return { time, groups: rest.filter((field) => !values.includes(field)), values };
}

/** A column's unit from its name, else from the expression behind an alias that says none (`pct(duration_ms, 95) as p95`). */
function unitOf(column: string, expressions: Record<string, string> | undefined): Unit {
  const unit = unitOfColumn(column);
  const expression = expressions?.[column];
  return unit === "none" && expression !== undefined ? unitOfColumn(expression) : unit;
}

function panelOf(rows: readonly ResultRow[], time: string, groups: readonly string[], value: string): ChartPanel {
  const byGroup = new Map<string, ChartSeries>();
  for (const row of rows) {
    const at = parseResultTime(row[time]);
    const text = row[value];
    if (at === undefined || text === undefined || !isNumeric(text)) continue;
    const label = groups.length === 0 ? value : groups.map((group) => row[group] ?? "(none)").join(" ");
    let series = byGroup.get(label);
    if (!series) byGroup.set(label, (series = { label, points: [] }));
    series.points.push([at, Number(text)]);
  }
  for (const series of byGroup.values()) series.points.sort((a, b) => a[0] - b[0]);
  // The series that weigh most are drawn; ties keep the result's order.
  const ranked = [...byGroup.values()].map((series, index) => ({ series, index, weight: series.points.reduce((sum, [, v]) => sum + Math.abs(v), 0) }));
  ranked.sort((a, b) => b.weight - a.weight || a.index - b.index);
  const drawn = ranked.slice(0, MAX_SERIES).sort((a, b) => a.index - b.index).map((entry) => entry.series);
  const hidden = ranked.length - drawn.length;
  return { title: value, unit: "none", series: drawn, ...(hidden > 0 ? { hidden } : {}) };
}
