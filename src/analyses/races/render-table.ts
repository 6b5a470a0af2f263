import Table from "cli-table3";
import { formatTime } from "../format.js";
import { PLAIN_TABLE_STYLE, type RenderOptions } from "../render-options.js";
import { sparkline } from "../sparkline.js";
import { ORPHAN_REASONS, REASON_LABELS } from "./causes.js";
import type { RacesModel } from "./model.js";

/** One screen: the counts, the dominant cause in words, orphans by reason, the timeline. */
export function renderRacesTable(model: RacesModel, options: RenderOptions): string {
  const { chalk } = options;
  const { summary } = model;
  if (summary.created === 0) return "No todos were created (POST /api/v1/todos) in the selected range.";
  const lines = [
    chalk.bold(
      `${summary.created} todo(s) created, ${summary.deleted} deleted, ${summary.orphaned} orphaned (left in the table)`,
    ),
    answer(model, options),
    reasonsTable(model),
    timelineTable(model),
  ];
  if (summary.unmatchedDeletes > 0) lines.push(`${summary.unmatchedDeletes} DELETE(s) aimed at todos not created in the range`);
  for (const inference of model.inferences) lines.push(chalk.dim(`note: ${inference}`));
  return lines.join("\n");
}

function answer({ summary }: RacesModel, { chalk }: RenderOptions): string {
  if (!summary.dominant) return chalk.green("Every todo created in the range was deleted.");
  const { count, sentence, exampleRequestId } = summary.dominant;
  const titles = summary.orphanTitles.map((entry) => `"${entry.title}" x${entry.count}`).join(", ");
  return [
    chalk.red(`Why: ${count} of ${summary.orphaned} orphaned todo(s): ${sentence}.`),
    ...(titles ? [`Orphans by title: ${titles}`] : []),
    ...(exampleRequestId ? [`Example: tolog trace ${exampleRequestId}`] : []),
  ].join("\n");
}

function reasonsTable({ summary }: RacesModel): string {
  const table = new Table({ head: ["orphaned because", "todos", "example request"], style: PLAIN_TABLE_STYLE });
  for (const reason of ORPHAN_REASONS) {
    const count = summary.orphanedByReason[reason];
    if (count) table.push([REASON_LABELS[reason], String(count), summary.examples[reason] ?? "-"]);
  }
  if (table.length === 0) table.push(["(none)", "0", "-"]);
  return table.toString();
}

function timelineTable({ timeline }: RacesModel): string {
  const table = new Table({ head: ["minute (UTC)", "creates", "deletes", "orphans"], style: PLAIN_TABLE_STYLE });
  const shown = timeline.length > 30 ? [] : timeline;
  for (const bin of shown) table.push([formatTime(bin.start).slice(0, 16), String(bin.creates), String(bin.deletes), String(bin.orphans)]);
  if (shown.length > 0) return table.toString();
  // a long range does not fit one screen as rows: one sparkline per series instead
  return [
    `per minute, ${formatTime(timeline[0]?.start ?? 0).slice(0, 16)} .. ${formatTime(timeline[timeline.length - 1]?.start ?? 0).slice(0, 16)} UTC`,
    `creates ${sparkline(timeline.map((bin) => bin.creates))}`,
    `deletes ${sparkline(timeline.map((bin) => bin.deletes))}`,
    `orphans ${sparkline(timeline.map((bin) => bin.orphans))}`,
  ].join("\n");
}
