import { droppedNote, renderFittedTable, type TableCell, type TableColumn } from "../../output/fitted-table.js";
import { formatMs, formatShare, formatTime } from "../format.js";
import { DEFAULT_WIDTH, fitLine, type RenderOptions, wrapLine } from "../render-options.js";
import { SPLIT_LEGEND, splitBar, splitSentence } from "../time-split-text.js";
import { waterfallBar } from "../waterfall.js";
import type { TraceModel, TraceStep } from "./model.js";

/**
 * The trace as text: a summary and one row per event with a waterfall bar. The summary's
 * warnings (N+1, aborted, errors) are not part of it: the CLI writes them to stderr.
 */
export function renderTraceTable(model: TraceModel, options: RenderOptions): string {
  return [renderSummary(model, options), renderSteps(model, options), ...renderNotes(model, options)].join("\n");
}

function renderSummary({ summary }: TraceModel, options: RenderOptions): string {
  const { chalk } = options;
  const status = summary.status !== undefined ? String(summary.status) : summary.aborted ? "aborted" : "no status";
  const failed = summary.aborted || (summary.status ?? 0) >= 500;
  const request = fitLine(`${summary.method ?? "?"} ${summary.url ?? "?"}`, { ...options, width: (options.width ?? DEFAULT_WIDTH) - 20 });
  const head = `${chalk.bold(request)} -> ${failed ? chalk.red(status) : status} in ${formatMs(summary.durationMs)}`;
  return [
    head,
    timeLine(summary, options),
    fitLine(`request ${summary.requestId}${summary.route ? `  route ${summary.route}` : ""}`, options),
    fitLine(`instance ${list(summary.instances)}  stream ${list(summary.logStreams)}  log group ${list(summary.logGroups)}`, options),
    ...wrapLine(
      `SQL ${summary.dbQueries} statement(s), ${formatMs(summary.dbMs)}${summary.dbMsInferred ? " (inferred)" : ""}` +
        ` = ${formatShare(summary.dbShare)} of the request  events ${summary.events}  aborted ${summary.aborted ? "yes" : "no"}`,
      options,
    ).map((line) => line.replace(/aborted yes$/, `aborted ${chalk.red("yes")}`)),
  ].join("\n");
}

/** Where the time went, in one sentence, with its stacked bar when there is room after it. */
function timeLine({ time }: TraceModel["summary"], options: RenderOptions): string {
  const sentence = splitSentence(time) + (time.totalFrom === "lines" ? " (first to last line)" : "");
  const width = options.width ?? DEFAULT_WIDTH;
  const room = width - sentence.length - 2;
  if (room < 10) return wrapLine(sentence, options).join("\n");
  return `${sentence}  ${splitBar(time, Math.min(30, room))}`;
}

/**
 * The columns of the events table; the first to go on a narrow terminal have the lowest
 * priority. `wait ms` only when some statement logged its pool wait.
 */
function stepColumns(width: number, withWait: boolean): TableColumn[] {
  return [
    { header: "offset", role: "number", priority: 9 },
    { header: "gap", role: "number", priority: 3 },
    { header: "level", role: "label", priority: 1 },
    { header: "location / event", role: "text", minWidth: 14, priority: 7 },
    { header: "message / SQL", role: "text", minWidth: 20, priority: 8 },
    ...(withWait ? [{ header: "wait ms", role: "number", priority: 5 } as const] : []),
    { header: "SQL ms", role: "number", priority: 5 },
    { header: "status", role: "number", priority: 2 },
    { header: "waterfall", role: "chart", chartWidth: Math.max(10, Math.min(30, Math.floor(width / 5))), minWidth: 10, priority: 6 },
  ];
}

function renderSteps({ summary, steps }: TraceModel, options: RenderOptions): string {
  const { chalk, width = DEFAULT_WIDTH } = options;
  const total = Math.max(summary.durationMs, summary.spanMs);
  const withWait = steps.some((step) => step.waitMs !== undefined);
  const rows = steps.map((step): TableCell[] => {
    const colour = (text: string) => (step.isError ? chalk.red(text) : text);
    return [
      formatMs(step.offsetMs),
      { text: formatMs(step.gapMs), style: step.largestGap ? (text) => chalk.yellow.bold(text) : undefined },
      { text: step.level, style: colour },
      { text: `${shortLocation(step.location)} ${step.event}`, style: colour },
      { text: step.sql ?? step.message, style: colour },
      ...(withWait ? [step.waitMs === undefined ? "" : step.waitMs.toFixed(step.waitMs < 10 ? 2 : 1)] : []),
      sqlCell(step, chalk),
      { text: step.status === undefined ? "" : String(step.status), style: colour },
      { draw: (barWidth) => waterfallBar(barStart(step), step.sqlMs, total, barWidth, step.waitMs), style: colour },
    ];
  });
  const table = renderFittedTable(stepColumns(width, withWait), rows, { chalk, maxWidth: width });
  const note = droppedNote(table.dropped, width);
  if (note !== undefined) options.note?.(note);
  return table.text.trimEnd();
}

/**
 * Where a statement's bar starts. A measured statement is logged when it completes (the
 * TaskOverflow service), so it ran before its line; an inferred one (the practical) is logged
 * before it runs, and its duration is the gap after the line.
 */
export function barStart(step: TraceStep): number {
  if (step.sqlMs === undefined || step.sqlInferred) return step.offsetMs;
  return Math.max(0, step.offsetMs - step.sqlMs);
}

function sqlCell(step: TraceStep, chalk: RenderOptions["chalk"]): TableCell {
  if (step.sqlMs === undefined) return "";
  const text = `${step.sqlInferred ? "~" : ""}${step.sqlMs.toFixed(step.sqlMs < 10 ? 2 : 1)}`;
  return step.slowestSql ? { text, style: (t) => chalk.magenta.bold(t) } : text;
}

function renderNotes(model: TraceModel, options: RenderOptions): string[] {
  const { chalk } = options;
  const notes: string[] = [];
  if (model.steps.some((step) => step.sqlMs !== undefined)) notes.push(chalk.dim(`waterfall: ${SPLIT_LEGEND}`));
  if (model.steps.some((step) => step.sqlInferred)) {
    notes.push(...wrapLine("~ inferred: the log has no statement durations; ~ms is the gap to the request's next event", options).map((line) => chalk.dim(line)));
  }
  if (model.notes.nestedDuplicates > 0) {
    notes.push(chalk.dim(`${model.notes.nestedDuplicates} nested message.message duplicate(s) skipped`));
  }
  notes.push(chalk.dim(`first event ${formatTime(model.steps[0]?.timestamp ?? 0)} UTC`));
  return notes;
}

/** `sqlalchemy.engine.Engine` -> `Engine`: the logger's last name is enough beside the event. */
function shortLocation(location: string): string {
  return location.split(".").pop() ?? location;
}

function list(values: readonly string[]): string {
  return values.length === 0 ? "-" : values.join(", ");
}
