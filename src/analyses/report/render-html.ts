import type { ChartPanel } from "../../output/chart/panel.js";
import { formatMs, formatShare, formatTime } from "../format.js";
import { latencyPanels } from "../latency/series-panels.js";
import { shares } from "../time-split.js";
import { CHART_SCRIPT } from "./chart-script.js";
import { esc, scriptJson, section } from "./html.js";
import type { ReportModel } from "./model.js";
import { orphans, overview, slowestRequest, slowSql, timeByRoute } from "./sections.js";
import { REPORT_CSS } from "./style.js";

/** The charting library, inlined: the file must open without a network. */
export interface ReportAssets {
  uplotJs: string;
  uplotCss: string;
}

/**
 * One self-contained HTML file: styles, data and uPlot inline, a Content-Security-Policy that
 * allows no request at all (a report opened from a hand-in or on a projector never reaches out).
 */
export function renderReportHtml(model: ReportModel, assets: ReportAssets): string {
  const panels: ChartPanel[] = model.latency?.series && model.latency.series.bins.length > 0 ? latencyPanels(model.latency.series) : [];
  const overviewIndex = model.overview.overTime ? panels.push(model.overview.overTime) - 1 : undefined;
  const chart = (index: number) => `<div class="chart"><h3>${esc(panels[index].title)}</h3><div class="plot" data-panel="${index}"></div></div>`;
  const latencyCharts = panels.map((_, i) => i).filter((i) => i !== overviewIndex);
  const body = [
    header(model),
    model.latency ? glance(model) : "",
    latencyCharts.length > 0 ? section("over-time", "Over time", `<div class="charts">${latencyCharts.map(chart).join("\n")}</div>`) : "",
    model.latency ? timeByRoute(model.latency) : "",
    model.slowQueries ? slowSql(model.slowQueries) : "",
    model.races ? orphans(model.races) : "",
    model.slowest ? slowestRequest(model.slowest) : "",
    overview(model.overview, overviewIndex === undefined ? "" : `<div class="charts">${chart(overviewIndex)}</div>`),
    model.missing.length > 0 ? section("missing", "Sections without data", `<ul class="missing">${model.missing.map((m) => `<li>${esc(m)}</li>`).join("")}</ul>`) : "",
    model.commands.length > 0 ? section("commands", "The same in a terminal", commands(model)) : "",
  ];
  const data = { panels };
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:">
<meta name="generator" content="tolog ${esc(model.toolVersion)}">
<title>${esc(model.title)}</title>
<style>${assets.uplotCss}</style>
<style>${REPORT_CSS}</style>
</head>
<body>
${body.filter((part) => part !== "").join("\n")}
<script id="report-data" type="application/json">${scriptJson(data)}</script>
<script>${assets.uplotJs}</script>
<script>${CHART_SCRIPT}</script>
</body>
</html>
`;
}

function header(model: ReportModel): string {
  const range = model.window ? `${formatTime(model.window.start)} – ${formatTime(model.window.end)} UTC (${formatMs(model.window.end - model.window.start)})` : "no events found";
  return `<header><h1>${esc(model.title)}</h1><p class="meta">${esc(model.source)} · ${esc(range)}<br>generated ${esc(formatTime(model.generatedAt).slice(0, 19))} UTC by tolog ${esc(model.toolVersion)}</p></header>`;
}

/** The headline numbers, as cards. */
function glance(model: ReportModel): string {
  const latency = model.latency!;
  const o = latency.overall;
  const seconds = model.window ? Math.max(1, (model.window.end - model.window.start) / 1000) : undefined;
  const split = shares(o.time);
  const cards: Array<[string, string]> = [
    ["requests", o.requests.toLocaleString("en")],
    ...(seconds ? [["requests/s (average)", (o.requests / seconds).toFixed(1)] as [string, string]] : []),
    ["errors (5xx)", o.errors === undefined ? "not logged" : `${o.errors} (${formatShare(o.requests === 0 ? 0 : o.errors / o.requests)})`],
    ["p50", o.p50Ms === undefined ? "-" : formatMs(o.p50Ms)],
    ["p95", o.p95Ms === undefined ? "-" : formatMs(o.p95Ms)],
    ["slowest", o.maxMs === undefined ? "-" : formatMs(o.maxMs)],
    ["waiting for a DB connection", o.time.poolWaitMs === undefined ? "not logged" : formatShare(split.poolWait)],
    ["running SQL", formatShare(split.sql)],
    ...(model.races ? [["orphaned todos", `${model.races.summary.orphaned} of ${model.races.summary.created}`] as [string, string]] : []),
  ];
  const headline = latency.headline ? `<p class="headline">${esc(latency.headline)}</p>` : "";
  return section("glance", "At a glance", `${headline}<div class="cards">${cards.map(([k, v]) => `<div class="card"><div class="v">${esc(v)}</div><div class="k">${esc(k)}</div></div>`).join("")}</div>`);
}

/** Each section's command, then what their placeholder stands for. */
function commands(model: ReportModel): string {
  const blocks = model.commands.map((c) => `<h3>${esc(c.label)}</h3><pre class="cmd">${esc(c.command)}</pre>`);
  if (model.commandsPlaceholder !== undefined) blocks.push(`<p>${esc(model.commandsPlaceholder)}</p>`);
  return blocks.join("\n");
}
