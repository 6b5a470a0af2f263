import { ROUTE_COLUMN } from "../route-columns.js";
import { renderFittedTable, type TableColumn } from "../../output/fitted-table.js";
import type { ChartPanel } from "../../output/chart/panel.js";
import { renderPanels } from "../../output/chart/render-chart.js";
import { formatMs, formatShare, formatTime } from "../format.js";
import { formatBinDuration } from "../bin-duration.js";
import { commandLines, DEFAULT_WIDTH, fitLine, type RenderOptions } from "../render-options.js";
import { printable } from "../../output/printable.js";
import { splitSentence } from "../time-split-text.js";
import type { WatchSnapshot } from "./model.js";

/** The fewest lines the chart is drawn in: below, it says too little to be read. */
const CHART_LINES = 8;

export interface WatchRenderOptions extends RenderOptions {
  /** Lines the dashboard may take; the chart gets what the figures leave (a line says it was left out when that is too little). */
  height?: number;
  color?: boolean;
}

/**
 * The dashboard: the last window's figures overall and per route, the totals since following
 * began (orphans so far among them), the slowest request with where its time went and the
 * command to trace it, then p95 per route over the last bins as a chart.
 */
export function renderWatch(snapshot: WatchSnapshot, options: WatchRenderOptions): string {
  const { chalk } = options;
  const width = options.width ?? DEFAULT_WIDTH;
  if (snapshot.now === undefined) return "No request seen yet: waiting for TaskOverflow's log lines.";
  const w = snapshot.window;
  const lines: string[] = [];
  const rate = (errors: number | null, requests: number) => (errors === null ? "errors not logged" : `${errors} 5xx (${requests === 0 ? "0%" : formatShare(errors / requests)})`);
  lines.push(chalk.bold(fitLine(`last ${formatMs(snapshot.windowMs)} to ${formatTime(snapshot.now).slice(11, 19)} UTC: ${w.requests} requests (${w.perSecond.toFixed(1)}/s), ${rate(w.errors, w.requests)}, ${w.aborted} aborted`, options)));
  lines.push(fitLine(`waiting for a DB connection: ${w.poolWaitShare === null ? "not logged" : `${formatShare(w.poolWaitShare)} of request time`} · in flight now: ${snapshot.inFlight}`, options));
  if (w.routes.length > 0) {
    const columns: TableColumn[] = [
      ROUTE_COLUMN,
      { header: "req", role: "number", priority: 9 },
      { header: "req/s", role: "number", priority: 5 },
      { header: "errors", role: "number", priority: 8 },
      { header: "p50", role: "number", priority: 4 },
      { header: "p95", role: "number", priority: 9 },
      { header: "max", role: "number", priority: 6 },
      { header: "DB wait", role: "number", priority: 7 },
    ];
    const rows = w.routes.map((route) => [
      route.key,
      String(route.requests),
      route.perSecond.toFixed(1),
      route.errors === null ? "-" : String(route.errors),
      formatMs(route.p50Ms),
      formatMs(route.p95Ms),
      formatMs(route.maxMs),
      route.poolWaitShare === null ? "-" : formatShare(route.poolWaitShare),
    ]);
    lines.push(renderFittedTable(columns, rows, { chalk, maxWidth: width }).text.trimEnd());
  }
  const t = snapshot.total;
  lines.push(fitLine(`since start: ${t.requests} requests, ${rate(t.errors, t.requests)}, ${t.aborted} aborted`, options));
  const { created, deleted, orphans } = snapshot.todos;
  lines.push(chalk.bold(fitLine(`orphans so far: ${orphans} todo(s) created and not deleted (${created} created, ${deleted} deleted)`, options)));
  if (snapshot.slowest) {
    const s = snapshot.slowest;
    lines.push(...wrapWords(printable(`slowest so far: ${s.method ?? "?"} ${s.url ?? s.route ?? ""} ${splitSentence(s.split)}`), width, 2).map((line) => fitLine(line, options)));
    // Never cut: it must run when pasted.
    lines.push(...commandLines("next: ", options, ["trace", s.requestId]).map((line) => chalk.dim(line)));
  }
  const chartLines = (options.height ?? Infinity) - lines.join("\n").split("\n").length - 2;
  if (snapshot.chart.bins.length >= 2 && chartLines < CHART_LINES) {
    // The figures and the next command come first; a chart left out unsaid looks like a chart that is not there.
    const bin = formatBinDuration(snapshot.chart.binMs);
    lines.push(chalk.dim(fitLine(`p95 chart left out: it needs ${CHART_LINES - chartLines} more rows (or tolog latency --by-time ${bin} --chart)`, options)));
  } else if (snapshot.chart.bins.length >= 2) {
    const panel: ChartPanel = {
      title: `p95 per route, ${formatMs(snapshot.chart.binMs)} bins`,
      unit: "ms",
      series: snapshot.chart.routes.slice(0, 4).map((route) => ({
        label: route,
        points: snapshot.chart.bins.flatMap((bin) => (bin.p95ByRoute[route] === undefined ? [] : [[bin.start, bin.p95ByRoute[route]] as [number, number]])),
      })),
    };
    lines.push("", renderPanels([panel], { width, height: Math.min(12, chartLines - 5), color: options.color ?? false, chalk }));
  }
  return lines.join("\n");
}

/** Words over at most `most` lines of `width` (the last one cut by the caller if it must be). */
function wrapWords(text: string, width: number, most: number): string[] {
  const lines: string[] = [];
  let current = "";
  for (const word of text.split(" ")) {
    if (current !== "" && current.length + 1 + word.length > width && lines.length < most - 1) {
      lines.push(current);
      current = "  " + word;
    } else current = current === "" ? word : `${current} ${word}`;
  }
  lines.push(current);
  return lines;
}
