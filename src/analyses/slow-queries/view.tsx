import { Box, Text } from "ink";
import { printable } from "../../output/printable.js";
import { shellLines } from "../../output/shell-lines.js";
import { wrapToWidth } from "../../output/text-width.js";
import type { FollowUpCommand } from "../render-options.js";
import { formatMs, formatShare, truncate } from "../format.js";
import { DEFAULT_SCREEN, scrollWindow, usableLines } from "../screen.js";
import { sparkline } from "../sparkline.js";
import { useCursor } from "../use-cursor.js";
import type { SlowQueriesModel } from "./model.js";
import { withoutStatements } from "./render-table.js";

/** Lines of the selected statement shown whole (the rest is in --format json). */
const SQL_LINES = 3;

/** The ranked statements; the selected one is shown (up to three lines), with its figures and next step. */
export function SlowQueriesView({
  model,
  width = DEFAULT_SCREEN.width,
  height,
  command = (words: readonly string[]) => ["tolog", ...words].join(" "),
  searched,
}: {
  model: SlowQueriesModel;
  width?: number;
  height?: number;
  command?: FollowUpCommand;
  /** The logs read (and the range chosen), for the answer without statements. */
  searched?: string;
}) {
  const cursor = useCursor(model.statements.length);
  const selected = model.statements[cursor];
  if (!selected) return <Text>{withoutStatements(model, { searched })}</Text>;
  // The next command is shown whole, for pasting: on lines continued with a backslash; then what its placeholder stands for.
  const placeholder = command.placeholder === undefined ? [] : wrapToWidth(printable(command.placeholder), width, "  ");
  const next = selected.slowestRequestId ? [...shellLines(`next: ${command(["trace", selected.slowestRequestId])}`, width), ...placeholder] : [];
  const sqlLines = chunks(printable(selected.sql.replace(/\s+/g, " ")), width - 4, SQL_LINES);
  const boxLines = 2 + sqlLines.length + 1 + (selected.series ? 1 : 0);
  const free = usableLines(height) - (1 + boxLines + next.length + (model.nPlusOne.length > 0 ? 1 : 0) + 1);
  const visible = Math.min(model.statements.length, Math.max(3, free));
  const first = scrollWindow(cursor, model.statements.length, visible);
  return (
    <Box flexDirection="column" width={width}>
      <Text bold wrap="truncate-end">
        {model.totalCalls} executions, {formatMs(model.totalMs)} of SQL, ranked by {model.by}
      </Text>
      {model.statements.slice(first, first + visible).map((statement, offset) => (
        <Text key={statement.sql} inverse={first + offset === cursor} wrap="truncate-end">
          {String(first + offset + 1).padStart(2)} {formatShare(statement.share).padStart(4)} {formatMs(statement.totalMs).padStart(10)}{" "}
          {truncate(printable(statement.sql), width - 22)}
        </Text>
      ))}
      <Box flexDirection="column" borderStyle="single" paddingX={1}>
        {sqlLines.map((line, index) => (
          <Text key={index} wrap="truncate-end">
            {line}
          </Text>
        ))}
        <Text wrap="truncate-end">
          calls {selected.calls}  avg {formatMs(selected.avgMs)}  p50 {formatMs(selected.p50Ms)}  p95 {formatMs(selected.p95Ms)}  max{" "}
          {formatMs(selected.maxMs)}
          {selected.rowsAvg !== undefined ? `  rows ${selected.rowsAvg}` : ""}
          {selected.inferred ? "  (inferred durations)" : ""}
          {selected.poolWait ? `  waited ${formatMs(selected.poolWait.totalMs)} for DB connections (p95 ${formatMs(selected.poolWait.p95Ms)})` : ""}
        </Text>
        {selected.series && <Text wrap="truncate-end">p95 over time {sparkline(selected.series)}</Text>}
      </Box>
      {next.map((line, index) => (
        <Text key={index} color="cyan" wrap="truncate-end">
          {line}
        </Text>
      ))}
      {model.nPlusOne.length > 0 && (
        <Text color="yellow" wrap="truncate-end">
          N+1: {model.nPlusOne.length} statement(s) repeated within single requests
        </Text>
      )}
      <Text dimColor wrap="truncate-end">
        up/down or j/k: move  q: quit  ({cursor + 1}/{model.statements.length})
      </Text>
    </Box>
  );
}

/** The text cut into lines of `width`, at most `count` of them (the last one ending in … when cut). */
function chunks(text: string, width: number, count: number): string[] {
  const lines: string[] = [];
  for (let at = 0; at < text.length && lines.length < count; at += width) lines.push(text.slice(at, at + width));
  if (lines.length === count && text.length > count * width) lines[count - 1] = truncate(lines[count - 1] + "…", width);
  return lines;
}
