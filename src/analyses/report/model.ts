import type { ChartPanel } from "../../output/chart/panel.js";
import type { LatencyModel } from "../latency/model.js";
import type { RacesModel } from "../races/model.js";
import type { SlowQueriesModel } from "../slow-queries/model.js";
import type { TimeWindow } from "../time-slices.js";
import type { TraceModel } from "../trace/model.js";

/**
 * Everything `tolog report` puts in its HTML file. The TaskOverflow sections are present when
 * the logs hold what they read; `missing` says, in a sentence each, which had no data and why,
 * so a report of other logs still shows what was found (the overview) and nothing is blank.
 */
export interface ReportModel {
  title: string;
  /** What was read: paths, or log groups with the region. */
  source: string;
  generatedAt: number;
  toolVersion: string;
  window?: TimeWindow;
  overview: LogOverview;
  latency?: LatencyModel;
  slowQueries?: SlowQueriesModel;
  races?: RacesModel;
  slowest?: TraceModel;
  missing: string[];
  /** Commands that show each section in the terminal, pasteable. */
  commands: { label: string; command: string }[];
  /** What a placeholder in the commands stands for (logs read from stdin, which cannot be read again). */
  commandsPlaceholder?: string;
}

/** What any logs have: how many events over time, at which levels, saying what. */
export interface LogOverview {
  events: number;
  bytes: number;
  overTime?: ChartPanel;
  /** Events outside the run's span, counted but not drawn. */
  outsideWindow?: number;
  levels: { level: string; events: number }[];
  topMessages: { text: string; events: number }[];
}

/** Round bin widths a chart of a run reads well at. */
const BIN_STEPS = [1000, 2000, 5000, 10_000, 15_000, 30_000, 60_000, 120_000, 300_000, 600_000, 900_000, 1_800_000, 3_600_000, 7_200_000, 21_600_000, 43_200_000, 86_400_000];

/** The bin width that cuts `spanMs` into about 60 bins (a 60 s run: 1 s; an hour: 1 min). */
export function binFor(spanMs: number): number {
  return BIN_STEPS.find((step) => spanMs / step <= 60) ?? 86_400_000;
}
