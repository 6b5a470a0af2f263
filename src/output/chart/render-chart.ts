import type { ChalkInstance } from "chalk";
import { plot, type Color, type Settings } from "simple-ascii-chart";
import { cutToWidth, textWidth } from "../text-width.js";
import type { ChartPanel, ChartSeries } from "./panel.js";
import { formatValue, niceTicks } from "./units.js";
import { timeLabel, timeTicks } from "./time-ticks.js";

export type ChartMode = "line" | "bar";

export interface ChartOptions {
  /** The terminal's width: no line of the chart is wider. */
  width: number;
  /** Lines of plot area per panel (axes, title and legend come on top). */
  height?: number;
  /** ANSI colours per series; without, series after the first are drawn with their own marker. */
  color: boolean;
  chalk: ChalkInstance;
  mode?: ChartMode;
}

/** One colour per series (as many as from-result's MAX_SERIES), in the library's names and chalk's. */
const PALETTE: ReadonlyArray<{ ansi: Color; code: string; chalk: "cyan" | "yellow" | "magenta" | "green" | "blue" | "red" }> = [
  { ansi: "ansiCyan", code: "\x1b[36m", chalk: "cyan" },
  { ansi: "ansiYellow", code: "\x1b[33m", chalk: "yellow" },
  { ansi: "ansiMagenta", code: "\x1b[35m", chalk: "magenta" },
  { ansi: "ansiGreen", code: "\x1b[32m", chalk: "green" },
  { ansi: "ansiBlue", code: "\x1b[34m", chalk: "blue" },
  { ansi: "ansiRed", code: "\x1b[31m", chalk: "red" },
];
/** Without colour: the first series keeps the line, the others are drawn with these (ASCII, one column each). */
const MARKERS = ["", "*", "x", "+", "o", "#"];
const DEFAULT_HEIGHT = 10;
/** Room a time label needs on the x axis, with a gap. */
const TIME_LABEL_ROOM = 11;
const MIN_PLOT_WIDTH = 20;
const ANSI = /\x1b\[[0-9;]*m/g;

/**
 * Panels drawn one under the other with simple-ascii-chart: a title with the unit, the plot
 * with a y axis at round values and a time axis at round times (UTC), and a legend. A bar chart
 * of several series draws one panel per series (bars of several series would hide each other).
 */
export function renderPanels(panels: readonly ChartPanel[], options: ChartOptions): string {
  const mode = options.mode ?? "line";
  const drawn = mode === "bar" ? panels.flatMap((panel) => (panel.series.length <= 1 ? [panel] : panel.series.map((series) => ({ ...panel, title: `${panel.title}: ${series.label}`, series: [series], hidden: 0 })))) : panels;
  return drawn.map((panel) => renderPanel(panel, options, mode)).join("\n\n");
}

function renderPanel(panel: ChartPanel, options: ChartOptions, mode: ChartMode): string {
  const { chalk } = options;
  // The unit after the title, unless the title says it already (`... (% of request time)`).
  const title = chalk.bold(panel.title) + (panel.unit === "none" || panel.unit === "count" || panel.title.includes("(") ? "" : chalk.dim(` (${unitName(panel.unit)})`));
  const series = panel.series.filter((s) => s.points.length > 0);
  if (series.length === 0) return `${title}\n${chalk.dim("no data in the range")}`;
  const lines = [fitTitle(title, options.width), drawPlot(series, panel, options, mode)];
  const legend = legendOf(series, panel, options);
  if (legend !== "") lines.push(legend);
  return lines.join("\n");
}

function drawPlot(series: readonly ChartSeries[], panel: ChartPanel, options: ChartOptions, mode: ChartMode): string {
  const points = series.flatMap((s) => s.points);
  const minX = Math.min(...points.map(([x]) => x));
  const lastX = Math.max(...points.map(([x]) => x));
  // One bin alone has no span to draw over: it is drawn across its width, from its start to the
  // next bin's; when the width is unknown, across a moment whose end is not marked on the axis.
  const single = minX === lastX;
  const maxX = single ? minX + (panel.binMs ?? 1000) : lastX;
  const marked = (tick: number) => !single || panel.binMs !== undefined || tick === minX;
  const values = points.map(([, y]) => y);
  const height = options.height ?? DEFAULT_HEIGHT;
  const yTicks = niceTicks(Math.min(...values), Math.max(...values), Math.max(2, Math.floor(height / 3)));
  // The bin's end: a line runs on to it at the bin's value; a bar chart has one bar, so the end
  // is a bar of nothing, at the axis.
  const coordinates = series.map((s) => (single && mode !== "bar" ? [...s.points, [maxX, s.points[0][1]] as [number, number]] : s.points));
  const yLabels = yTicks.map((tick) => formatValue(tick, panel.unit));
  const labelWidth = Math.max(...yLabels.map((label) => label.length));
  let plotWidth = Math.max(MIN_PLOT_WIDTH, options.width - labelWidth - 4);
  let text = "";
  // The library sizes its own margins; what it drew is measured and drawn narrower when it does not fit.
  for (let attempt = 0; attempt < 3; attempt++) {
    const { ticks: allTicks, stepMs } = timeTicks(minX, maxX, Math.max(2, Math.floor(plotWidth / TIME_LABEL_ROOM)));
    const ticks = allTicks.filter(marked);
    const settings: Settings = {
      width: plotWidth,
      height,
      mode: mode === "bar" ? "bar" : "line",
      yRange: [yTicks[0], yTicks[yTicks.length - 1]],
      customYAxisTicks: yTicks,
      customXAxisTicks: ticks,
      formatter: (value, { axis }) => (axis === "x" ? timeLabel(value, stepMs, maxX - minX) : formatValue(value, panel.unit)),
      color: series.map((_, i) => PALETTE[i % PALETTE.length].ansi),
    };
    text = plot(coordinates, settings);
    const widest = Math.max(...text.split("\n").map((line) => textWidth(line)));
    if (widest <= options.width || plotWidth <= MIN_PLOT_WIDTH) break;
    plotWidth = Math.max(MIN_PLOT_WIDTH, plotWidth - (widest - options.width));
  }
  const lines = text.split("\n").map((line) => line.trimEnd());
  while (lines.length > 0 && lines[0] === "") lines.shift();
  return (options.color ? lines : lines.map((line) => markSeries(line))).join("\n");
}

/** Colour codes -> nothing for the first series, its marker for each other. */
function markSeries(line: string): string {
  return line.replace(/(\x1b\[3\dm)([^\x1b]*)\x1b\[0m/g, (_, code: string, symbol: string) => {
    const index = PALETTE.findIndex((entry) => entry.code === code);
    return index <= 0 ? symbol : MARKERS[index % MARKERS.length];
  });
}

function legendOf(series: readonly ChartSeries[], panel: ChartPanel, options: ChartOptions): string {
  const { chalk } = options;
  if (series.length === 1 && !panel.hidden) return "";
  const entries = series.map((s, i) => {
    const key = options.color ? chalk[PALETTE[i % PALETTE.length].chalk]("━━") : i === 0 ? "━━" : `${MARKERS[i]}${MARKERS[i]}`;
    return `${key} ${s.label}`;
  });
  if ((panel.hidden ?? 0) > 0) entries.push(chalk.dim(`(${panel.hidden} more not drawn)`));
  // Entries fill lines up to the width; one too long alone is cut.
  const lines: string[] = [];
  let current = "";
  for (const entry of entries) {
    const candidate = current === "" ? entry : `${current}   ${entry}`;
    if (current !== "" && textWidth(candidate) > options.width) {
      lines.push(current);
      current = entry;
    } else current = candidate;
  }
  if (current !== "") lines.push(current);
  return lines.map((line) => fitTitle(line, options.width)).join("\n");
}

function fitTitle(text: string, width: number): string {
  return textWidth(text) <= width ? text : cutToWidth(text.replace(ANSI, ""), width);
}

function unitName(unit: ChartPanel["unit"]): string {
  return unit === "percent" ? "%" : unit;
}
