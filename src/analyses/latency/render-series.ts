import { droppedNote, renderFittedTable, type TableCell, type TableColumn } from "../../output/fitted-table.js";
import { formatMs, formatShare, formatTime } from "../format.js";
import { DEFAULT_WIDTH, searchedIn, wrapLine, type RenderOptions } from "../render-options.js";
import type { LatencySeries } from "./series.js";
import { formatBinDuration } from "../bin-duration.js";

/** Routes given a p95 column of their own; the JSON and csv have every route. */
const ROUTE_COLUMNS = 3;

/**
 * One row per bin: throughput, errors, p95 overall and for the busiest routes, the share of
 * time spent waiting for a connection, requests in flight and the table's size, the figures
 * the practical's curve is read from (latency rising with the table while the pool saturates).
 */
export function renderSeriesTable(series: LatencySeries, options: RenderOptions): string {
  const { chalk, width = DEFAULT_WIDTH } = options;
  if (series.bins.length === 0) return `No request ended in ${searchedIn(options)}: no time series.`;
  const routes = series.routes.slice(0, ROUTE_COLUMNS);
  const day = sameDay(series);
  const columns: TableColumn[] = [
    { header: day ? `${day} UTC` : "bin (UTC)", role: "timestamp", priority: 10 },
    { header: "req/s", role: "number", priority: 9 },
    { header: "errors", role: "number", priority: 6 },
    { header: "aborted", role: "number", priority: 2 },
    { header: "p95", role: "number", priority: 8 },
    ...routes.map((route, index): TableColumn => ({ header: `p95 ${shortRoute(route)}`, role: "number", priority: 6 - index })),
    { header: "wait", role: "number", priority: 8 },
    { header: "wait/stmt", role: "number", priority: 3 },
    { header: "in flight", role: "number", priority: 7 },
    { header: "table size", role: "number", priority: 7 },
  ];
  const rows = series.bins.map((bin): TableCell[] => [
    day ? formatTime(bin.start).slice(11, 19) : formatTime(bin.start),
    bin.throughputPerS.toFixed(1),
    bin.errors === null ? "-" : String(bin.errors),
    String(bin.aborted),
    bin.p95Ms === null ? "" : formatMs(bin.p95Ms),
    ...routes.map((route) => {
      const p95 = bin.byRoute[route]?.p95Ms;
      return p95 === undefined ? "" : formatMs(p95);
    }),
    bin.poolWaitShare === null ? "-" : formatShare(bin.poolWaitShare),
    bin.poolWaitPerStatementMs === null ? "-" : formatMs(bin.poolWaitPerStatementMs),
    `${bin.inFlightAvg.toFixed(1)} / ${bin.inFlightMax}`,
    bin.tableSize === null ? "" : String(bin.tableSize),
  ]);
  const table = renderFittedTable(columns, rows, { chalk, maxWidth: width });
  const note = droppedNote(table.dropped, width);
  if (note !== undefined) options.note?.(note);
  const legend = wrapLine(
    `bins of ${formatBinDuration(series.binMs)} (a bin the range cuts: rates over the part inside it); wait: share of the bin's request time spent waiting for a DB connection; wait/stmt: that wait per SQL statement; in flight: average / most at once; table size: the largest list returned (todos_listed.count)`,
    options,
  ).map((line) => chalk.dim(line));
  return [table.text.trimEnd(), ...legend].join("\n");
}

/** The date all bins fall on (`2026-11-21`), so rows can show the time alone; undefined when they span days. */
function sameDay(series: LatencySeries): string | undefined {
  const first = formatTime(series.bins[0].start).slice(0, 10);
  const last = formatTime(series.bins[series.bins.length - 1].start + series.binMs - 1).slice(0, 10);
  return first === last ? first : undefined;
}

/** `GET /api/v1/todos/:id` -> `GET …/todos/:id`: the method and the last segments, for a column header. */
export function shortRoute(key: string): string {
  const [method, route = ""] = key.split(" ");
  const segments = route.split("/").filter((segment) => segment !== "");
  if (segments.length <= 2) return key;
  const tail = segments[segments.length - 1].startsWith(":") ? segments.slice(-2) : segments.slice(-1);
  return `${method} …/${tail.join("/")}`;
}
