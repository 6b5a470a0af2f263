import { droppedNote, renderFittedTable, type TableCell, type TableColumn } from "../../output/fitted-table.js";
import { formatMs, formatShare, formatTime } from "../format.js";
import { noRequestOnRoute, noRequests } from "../nothing-found.js";
import { DEFAULT_WIDTH, followUpLines, type FollowUpLine, type RenderOptions, wrapLine } from "../render-options.js";
import { shares } from "../time-split.js";
import { SPLIT_LEGEND, splitBar, splitSentence } from "../time-split-text.js";
import type { LatencyModel } from "./model.js";
import { renderSeriesTable } from "./render-series.js";
import { ROUTE_COLUMN, ROUTE_FIGURE_COLUMNS } from "../route-columns.js";

/** The headline sentence, the counts, one row per route with its time split, then what the log cannot tell. */
export function renderLatencyTable(model: LatencyModel, options: RenderOptions): string {
  const { chalk } = options;
  if (model.routesSeen !== undefined) return noRequestOnRoute(model.route, model.routesSeen, options);
  if (model.overall.requests === 0 && model.overall.unfinished === 0) return `${noRequests(options)}.`;
  const lines: string[] = [];
  if (model.headline) lines.push(...wrapLine(model.headline, options).map((line) => chalk.bold(line)));
  const routes = routesTable(model, options);
  lines.push(...counts(model, options), routes.text);
  // The legend explains the split bars: a terminal too narrow for them has none to explain.
  if (!routes.dropped.includes(SPLIT_COLUMN)) lines.push(chalk.dim(SPLIT_LEGEND));
  if (model.series) lines.push(renderSeriesTable(model.series, options));
  for (const note of model.notes) lines.push(...wrapLine(`note: ${note}`, options).map((line) => chalk.dim(line)));
  const top = model.routes.find((route) => route.slowestRequestId !== undefined);
  const next: FollowUpLine[] = top?.slowestRequestId ? [{ label: "next: ", words: ["trace", top.slowestRequestId] }] : [];
  // The same requests over time: on the route asked for, when one was.
  const route = model.route;
  if (!model.series) next.push({ label: "next: ", words: ["latency", "--by-time", "10s", ...(route !== undefined ? ["--route", route] : [])] });
  lines.push(...followUpLines(options, next).map((line) => chalk.dim(line)));
  return lines.join("\n");
}

function counts({ overall, window }: LatencyModel, options: RenderOptions): string[] {
  const errors = overall.errors === undefined ? "errors not logged" : `${overall.errors} error(s) (5xx)`;
  const span = window ? `, ${formatTime(window.start)} .. ${formatTime(window.end)} UTC (${formatMs(window.end - window.start)})` : "";
  return [
    ...wrapLine(`${overall.requests} request(s), ${errors}, ${overall.aborted} aborted${overall.unfinished ? `, ${overall.unfinished} unfinished` : ""}${span}`, options),
    ...wrapLine(`all routes, summed: ${splitSentence(overall.time)}`, options),
  ];
}

const SPLIT_COLUMN = "time split";

/** The columns of the routes table; the first to go on a narrow terminal have the lowest priority. */
function routeColumns(width: number): TableColumn[] {
  return [
    ROUTE_COLUMN,
    ...ROUTE_FIGURE_COLUMNS,
    { header: SPLIT_COLUMN, role: "chart", chartWidth: Math.max(10, Math.min(24, Math.floor(width / 6))), minWidth: 8, priority: 5 },
  ];
}

function routesTable(model: LatencyModel, options: RenderOptions): { text: string; dropped: string[] } {
  const { chalk, width = DEFAULT_WIDTH } = options;
  const rows = model.routes.map((route, index): TableCell[] => {
    const share = shares(route.time);
    const ms = (value: number | undefined) => (value === undefined ? "-" : formatMs(value));
    return [
      index === 0 ? { text: route.key, style: (text) => chalk.bold(text) } : route.key,
      String(route.requests),
      route.errors === undefined ? "-" : String(route.errors),
      String(route.aborted),
      ms(route.p50Ms),
      ms(route.p95Ms),
      ms(route.p99Ms),
      ms(route.maxMs),
      share.poolWait === undefined ? "-" : formatShare(share.poolWait),
      `${route.time.sqlInferred ? "~" : ""}${formatShare(share.sql)}`,
      formatShare(share.other + share.beforeFirstLine),
      { draw: (barWidth) => splitBar(route.time, barWidth) },
    ];
  });
  const table = renderFittedTable(routeColumns(width), rows, { chalk, maxWidth: width });
  const note = droppedNote(table.dropped, width);
  if (note !== undefined) options.note?.(note);
  return { text: table.text.trimEnd(), dropped: table.dropped };
}
