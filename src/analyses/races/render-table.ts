import { droppedNote, renderFittedTable, type TableColumn } from "../../output/fitted-table.js";
import { formatTime } from "../format.js";
import { commandLines, DEFAULT_WIDTH, type RenderOptions, wrapLine } from "../render-options.js";
import { noTodos } from "../nothing-found.js";
import { resample, sparkline } from "../sparkline.js";
import { ORPHAN_REASONS, REASON_LABELS } from "./causes.js";
import type { RacesModel } from "./model.js";
import { printable } from "../../output/printable.js";

/** One screen: the counts, the dominant cause in words, orphans by reason, the timeline. */
export function renderRacesTable(model: RacesModel, options: RenderOptions): string {
  const { chalk } = options;
  const { summary } = model;
  if (summary.created === 0) return `${noTodos(options)}.`;
  const lines = [
    ...wrapLine(`${summary.created} todo(s) created, ${summary.deleted} deleted, ${summary.orphaned} orphaned (left in the table)`, options).map(
      (line) => chalk.bold(line),
    ),
    answer(model, options),
    reasonsTable(model, options),
    timelineTable(model, options),
  ];
  if (summary.unmatchedDeletes > 0) lines.push(...wrapLine(`${summary.unmatchedDeletes} DELETE(s) aimed at todos not created in the range`, options));
  for (const inference of model.inferences) lines.push(...wrapLine(`note: ${inference}`, options).map((line) => chalk.dim(line)));
  return lines.join("\n");
}

function answer({ summary }: RacesModel, options: RenderOptions): string {
  const { chalk } = options;
  if (!summary.dominant) return chalk.green("Every todo created in the range was deleted.");
  const { count, sentence, exampleRequestId } = summary.dominant;
  const titles = summary.orphanTitles.map((entry) => `"${printable(entry.title)}" x${entry.count}`).join(", ");
  return [
    ...wrapLine(`Why: ${count} of ${summary.orphaned} orphaned todo(s): ${sentence}.`, options).map((line) => chalk.red(line)),
    ...(titles ? wrapLine(`Orphans by title: ${titles}`, options) : []),
    ...(exampleRequestId ? commandLines("Example: ", options, ["trace", exampleRequestId]) : []),
  ].join("\n");
}

const REASON_COLUMNS: TableColumn[] = [
  { header: "orphaned because", role: "text", minWidth: 24, priority: 3 },
  { header: "todos", role: "number", priority: 2 },
  { header: "example request", role: "id", priority: 1 },
];

function reasonsTable({ summary }: RacesModel, options: RenderOptions): string {
  const rows = ORPHAN_REASONS.filter((reason) => summary.orphanedByReason[reason]).map((reason) => [
    REASON_LABELS[reason],
    String(summary.orphanedByReason[reason]),
    summary.examples[reason] ?? "-",
  ]);
  return fitted(REASON_COLUMNS, rows.length > 0 ? rows : [["(none)", "0", "-"]], options);
}

const TIMELINE_COLUMNS: TableColumn[] = [
  { header: "minute (UTC)", role: "timestamp", priority: 4 },
  { header: "creates", role: "number", priority: 3 },
  { header: "deletes", role: "number", priority: 2 },
  { header: "orphans", role: "number", priority: 1 },
];

function timelineTable({ timeline }: RacesModel, options: RenderOptions): string {
  const shown = timeline.length > 30 ? [] : timeline;
  if (shown.length > 0) {
    const rows = shown.map((bin) => [formatTime(bin.start).slice(0, 16), String(bin.creates), String(bin.deletes), String(bin.orphans)]);
    return fitted(TIMELINE_COLUMNS, rows, options);
  }
  // a long range does not fit one screen as rows: one sparkline per series instead, one
  // character per minute or, when that is wider than the screen, per run of minutes
  const chars = Math.max(10, (options.width ?? DEFAULT_WIDTH) - 8);
  const spark = (values: number[]) => sparkline(resample(values, chars));
  const per = timeline.length > chars ? `per ~${Math.round(timeline.length / chars)} minutes` : "per minute";
  return [
    `${per}, ${formatTime(timeline[0]?.start ?? 0).slice(0, 16)} .. ${formatTime(timeline[timeline.length - 1]?.start ?? 0).slice(0, 16)} UTC`,
    `creates ${spark(timeline.map((bin) => bin.creates))}`,
    `deletes ${spark(timeline.map((bin) => bin.deletes))}`,
    `orphans ${spark(timeline.map((bin) => bin.orphans))}`,
  ].join("\n");
}

function fitted(columns: TableColumn[], rows: string[][], options: RenderOptions): string {
  const width = options.width ?? DEFAULT_WIDTH;
  const table = renderFittedTable(columns, rows, { chalk: options.chalk, maxWidth: width });
  const note = droppedNote(table.dropped, width);
  if (note !== undefined) options.note?.(note);
  return table.text.trimEnd();
}
