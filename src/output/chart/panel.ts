/**
 * What a terminal chart or the HTML report draws: panels of time series sharing a time axis,
 * each with one unit and a legend. Made from a query result (from-result.ts) or from an
 * analysis' own model (the latency view over time), drawn by render-chart.ts.
 */
export type Unit = "ms" | "s" | "bytes" | "percent" | "count" | "none";

/** One line (or set of bars): `[epoch ms, value]`, oldest first; a bin without a value is left out. */
export interface ChartSeries {
  label: string;
  points: Array<[number, number]>;
}

export interface ChartPanel {
  /** What is drawn, e.g. `pct(duration_ms, 95)` or `p95 per route`. */
  title: string;
  unit: Unit;
  series: ChartSeries[];
  /** Series not drawn for room (the legend says how many). */
  hidden?: number;
  /** The bins' width, ms, when known (`bin(5m)`): what a single bin spans on the time axis. */
  binMs?: number;
}
