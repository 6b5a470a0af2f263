import Table from "cli-table3";
import { formatMs, formatShare, formatTime, truncate } from "../format.js";
import { DEFAULT_WIDTH, PLAIN_TABLE_STYLE, type RenderOptions } from "../render-options.js";
import { waterfallBar } from "../waterfall.js";
import type { TraceModel, TraceStep } from "./model.js";

/** The trace as text: a summary, warnings, and one row per event with a waterfall bar. */
export function renderTraceTable(model: TraceModel, options: RenderOptions): string {
  return [renderSummary(model, options), renderSteps(model, options), ...renderNotes(model, options)].join("\n");
}

function renderSummary({ summary }: TraceModel, { chalk }: RenderOptions): string {
  const status = summary.status !== undefined ? String(summary.status) : summary.aborted ? "aborted" : "no status";
  const statusText = summary.aborted || (summary.status ?? 0) >= 500 ? chalk.red(status) : status;
  const head = `${chalk.bold(`${summary.method ?? "?"} ${summary.url ?? "?"}`)} -> ${statusText} in ${formatMs(summary.durationMs)}`;
  const lines = [
    head,
    `request ${summary.requestId}${summary.route ? `  route ${summary.route}` : ""}`,
    `instance ${list(summary.instances)}  stream ${list(summary.logStreams)}  log group ${list(summary.logGroups)}`,
    `SQL ${summary.dbQueries} statement(s), ${formatMs(summary.dbMs)}${summary.dbMsInferred ? " (inferred)" : ""}` +
      ` = ${formatShare(summary.dbShare)} of the request  events ${summary.events}  aborted ${summary.aborted ? chalk.red("yes") : "no"}`,
  ];
  for (const warning of summary.warnings) lines.push(chalk.yellow(`warning: ${warning}`));
  return lines.join("\n");
}

function renderSteps({ summary, steps }: TraceModel, { chalk, width = DEFAULT_WIDTH }: RenderOptions): string {
  const barWidth = Math.max(10, Math.min(30, Math.floor(width / 5)));
  const textWidth = Math.max(20, width - barWidth - 62);
  const table = new Table({
    head: ["offset", "gap", "level", "location / event", "message / SQL", "SQL ms", "status", "waterfall"],
    style: PLAIN_TABLE_STYLE,
  });
  for (const step of steps) {
    const colour = (text: string) => (step.isError ? chalk.red(text) : text);
    table.push([
      formatMs(step.offsetMs),
      step.largestGap ? chalk.yellow.bold(formatMs(step.gapMs)) : formatMs(step.gapMs),
      colour(step.level),
      colour(truncate(`${shortLocation(step.location)} ${step.event}`, 28)),
      colour(truncate(step.sql ?? step.message, textWidth)),
      sqlCell(step, chalk),
      step.status === undefined ? "" : colour(String(step.status)),
      colour(waterfallBar(barStart(step), step.sqlMs, Math.max(summary.durationMs, summary.spanMs), barWidth)),
    ]);
  }
  return table.toString();
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

function sqlCell(step: TraceStep, chalk: RenderOptions["chalk"]): string {
  if (step.sqlMs === undefined) return "";
  const text = `${step.sqlInferred ? "~" : ""}${step.sqlMs.toFixed(step.sqlMs < 10 ? 2 : 1)}`;
  return step.slowestSql ? chalk.magenta.bold(text) : text;
}

function renderNotes(model: TraceModel, { chalk }: RenderOptions): string[] {
  const notes: string[] = [];
  if (model.steps.some((step) => step.sqlInferred)) {
    notes.push(chalk.dim("~ inferred: the log has no statement durations; ~ms is the gap to the request's next event"));
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
