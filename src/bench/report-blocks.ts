/**
 * The bench's report for a terminal too narrow for the wide table (166 columns): one block per
 * query, its name as a heading and one line per tool, with short headers. Where even that is too
 * wide the least telling columns are left out first, and a line says which, as tolog's own tables
 * do; the text wraps at words.
 */
import { cutToWidth, textWidth, wrapToWidth } from "../output/text-width.js";
import type { BenchReport, Layout, ReportColumn } from "./report.js";

const INDENT = "  ";
const GAP = "  ";

export const blocksLayout: Layout = (report, width = 80) => {
  const toolWidth = Math.max(4, ...report.rows.map((row) => textWidth(row.tool)));
  const kept = columnsThatFit(report, toolWidth, width);
  const dropped = report.columns.filter((_, c) => !kept.includes(c)).map((column) => column.short);
  const wrap = (text: string, indent = INDENT) => wrapToWidth(text, width, indent);
  const lines = [
    ...wrap(report.heading),
    ...report.legend.flatMap((paragraph) => wrap(paragraph.map((line) => line.trim()).join(" "))),
    ...report.notes.flatMap((note) => wrap(note)),
    ...(dropped.length > 0 ? wrap(`left out to fit ${width} columns: ${dropped.join(", ")} (a wider terminal, or stdout to a file or a pipe, shows every column)`) : []),
  ];
  const widths = kept.map((c) => Math.max(textWidth(report.columns[c].short), ...report.rows.map((row) => ("values" in row ? textWidth(row.values[c]) : 0))));
  const line = (tool: string, cells: string[]) => cutToWidth(`${INDENT}${tool.padEnd(toolWidth)}${cells.map((cell, i) => GAP + cell.padStart(widths[i])).join("")}`.trimEnd(), width);
  for (const query of [...new Set(report.rows.map((row) => row.query))]) {
    lines.push("", ...wrap(query), line("tool", kept.map((c) => report.columns[c].short)));
    for (const row of report.rows.filter((r) => r.query === query)) {
      if ("values" in row) lines.push(line(row.tool, kept.map((c) => row.values[c])));
      else lines.push(...failure(row.tool, row.error, toolWidth, width));
    }
  }
  return [...lines, ""].join("\n");
};

/** The columns, by index, that fit beside the tool's name: the least telling left out first. */
function columnsThatFit(report: BenchReport, toolWidth: number, width: number): number[] {
  const natural = (column: ReportColumn, c: number) =>
    Math.max(textWidth(column.short), ...report.rows.map((row) => ("values" in row ? textWidth(row.values[c]) : 0)));
  const kept = report.columns.map((_, c) => c);
  const lineWidth = () => INDENT.length + toolWidth + kept.reduce((sum, c) => sum + GAP.length + natural(report.columns[c], c), 0);
  while (kept.length > 1 && lineWidth() > width) {
    const least = kept.reduce((a, b) => (report.columns[b].priority < report.columns[a].priority ? b : a));
    kept.splice(kept.indexOf(least), 1);
  }
  return kept;
}

/** A failed tool's line: its name, then the reason, wrapped under itself (under the name where that is too narrow). */
function failure(tool: string, error: string, toolWidth: number, width: number): string[] {
  const name = `${INDENT}${tool.padEnd(toolWidth)}${GAP}`;
  const reason = `failed: ${error}`;
  if (name.length > width / 2) return [cutToWidth(`${INDENT}${tool}`, width), ...wrapToWidth(reason, width - 2 * INDENT.length).map((line) => INDENT.repeat(2) + line)];
  return wrapToWidth(reason, width - name.length).map((line, i) => (i === 0 ? name : " ".repeat(name.length)) + line);
}
