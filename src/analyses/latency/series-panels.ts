import type { ChartPanel, ChartSeries } from "../../output/chart/panel.js";
import type { LatencySeries } from "./series.js";

/** Routes drawn on the p95 chart; the rest are counted in its legend. */
const ROUTES_DRAWN = 5;

/**
 * The latency view over time as charts, in the order the practical's story is read: p95 per
 * route rising, with the throughput, the errors, the table's size and the share of request time
 * spent waiting for a DB connection beside it. A figure the log does not hold (no status, no
 * pool_wait_ms, no list sizes) gets no panel rather than a line at zero.
 */
export function latencyPanels(series: LatencySeries): ChartPanel[] {
  const { bins } = series;
  const points = (pick: (bin: (typeof bins)[number]) => number | null | undefined): Array<[number, number]> =>
    bins.flatMap((bin) => {
      const value = pick(bin);
      return value === null || value === undefined ? [] : [[bin.start, value] as [number, number]];
    });
  const routes: ChartSeries[] = series.routes.slice(0, ROUTES_DRAWN).map((route) => ({ label: route, points: points((bin) => bin.byRoute[route]?.p95Ms) }));
  const hidden = Math.max(0, series.routes.length - ROUTES_DRAWN);
  const panels: ChartPanel[] = [{ title: "p95 latency per route", unit: "ms", series: routes.filter((s) => s.points.length > 0), ...(hidden > 0 ? { hidden } : {}) }];
  panels.push({ title: "throughput (requests/s)", unit: "none", series: [{ label: "requests/s", points: points((bin) => bin.throughputPerS) }] });
  if (bins.some((bin) => bin.errors !== null)) {
    const errors: ChartSeries[] = [{ label: "5xx responses", points: points((bin) => (bin.requests > 0 ? bin.errors : null)) }];
    if (bins.some((bin) => bin.aborted > 0)) errors.push({ label: "aborted requests", points: points((bin) => (bin.requests > 0 ? bin.aborted : null)) });
    panels.push({ title: "errors per bin", unit: "count", series: errors });
  }
  if (bins.some((bin) => bin.poolWaitShare !== null)) {
    panels.push({ title: "time waiting for a DB connection (% of request time)", unit: "percent", series: [{ label: "pool wait", points: points((bin) => (bin.poolWaitShare === null ? null : Math.round(bin.poolWaitShare * 1000) / 10)) }] });
  }
  if (bins.some((bin) => bin.tableSize !== null)) {
    panels.push({ title: "table size (largest list returned, todos)", unit: "count", series: [{ label: "todos listed", points: points((bin) => bin.tableSize) }] });
  }
  panels.push({ title: "requests in flight (average)", unit: "count", series: [{ label: "in flight", points: points((bin) => (bin.requests > 0 || bin.inFlightAvg > 0 ? bin.inFlightAvg : null)) }] });
  return panels.map((panel) => ({ ...panel, binMs: series.binMs }));
}
