import { Box, Text } from "ink";
import { printable } from "../../output/printable.js";
import { formatMs, formatShare, truncate } from "../format.js";
import { DEFAULT_SCREEN, scrollWindow, usableLines } from "../screen.js";
import { useCursor } from "../use-cursor.js";
import { splitSentence } from "../time-split-text.js";
import { waterfallBar } from "../waterfall.js";
import type { TraceModel, TraceStep } from "./model.js";
import { barStart } from "./render-table.js";

/** Warnings shown at most; the table's stderr lists every one. */
const SHOWN_WARNINGS = 2;

/** The trace as a browsable waterfall: move over the events, see every field of the selected one. */
export function TraceView({ model, width = DEFAULT_SCREEN.width, height }: { model: TraceModel; width?: number; height?: number }) {
  const { summary, steps } = model;
  const cursor = useCursor(steps.length);
  const warnings = summary.warnings.slice(0, SHOWN_WARNINGS);
  // headline, time split, request line, warnings, the list's top margin, the detail box (2 borders, 2 lines), the key line
  const free = usableLines(height) - (3 + warnings.length + 1 + 4 + 1);
  const visible = Math.min(steps.length, Math.max(3, Math.ceil(free * 0.6)));
  const first = scrollWindow(cursor, steps.length, visible);
  const barWidth = Math.max(10, Math.floor(width / 4));
  const selected = steps[cursor];
  return (
    <Box flexDirection="column" width={width}>
      <Text bold wrap="truncate-end">
        {printable(`${summary.method ?? "?"} ${summary.url ?? "?"}`)} -&gt; {summary.status ?? "no status"} in {formatMs(summary.durationMs)}
      </Text>
      <Text wrap="truncate-end">{splitSentence(summary.time)}</Text>
      <Text wrap="truncate-end">
        request {summary.requestId}  SQL {summary.dbQueries} in {formatMs(summary.dbMs)} ({formatShare(summary.dbShare)})
        {summary.aborted ? "  aborted" : ""}
      </Text>
      {warnings.map((warning) => (
        <Text key={warning} color="yellow" wrap="truncate-end">
          warning: {printable(warning)}
        </Text>
      ))}
      <Box flexDirection="column" marginTop={1}>
        {steps.slice(first, first + visible).map((step, offset) => (
          <StepLine key={first + offset} step={step} selected={first + offset === cursor} total={Math.max(summary.durationMs, summary.spanMs)} barWidth={barWidth} width={width} />
        ))}
      </Box>
      {selected && <StepDetail step={selected} fieldLines={Math.max(0, free - visible)} />}
      <Text dimColor wrap="truncate-end">
        up/down or j/k: move  q: quit  ({cursor + 1}/{steps.length})
      </Text>
    </Box>
  );
}

function StepLine({ step, selected, total, barWidth, width }: { step: TraceStep; selected: boolean; total: number; barWidth: number; width: number }) {
  const text = truncate(printable(step.sql ?? step.message), Math.max(10, width - barWidth - 30));
  const colour = step.isError ? "red" : step.slowestSql ? "magenta" : step.largestGap ? "yellow" : undefined;
  return (
    <Text color={colour} inverse={selected} wrap="truncate-end">
      {formatMs(step.offsetMs).padStart(9)} {waterfallBar(barStart(step), step.sqlMs, total, barWidth, step.waitMs)} {step.event.slice(0, 16).padEnd(16)} {text}
    </Text>
  );
}

function StepDetail({ step, fieldLines }: { step: TraceStep; fieldLines: number }) {
  const extra = Object.entries(step.fields).filter(([key]) => !["timestamp", "message", "sql"].includes(key));
  const shown = extra.length > fieldLines ? extra.slice(0, Math.max(0, fieldLines - 1)) : extra;
  return (
    <Box flexDirection="column" borderStyle="single" paddingX={1}>
      <Text wrap="truncate-end">
        {step.location} {step.event} ({step.level}), gap {formatMs(step.gapMs)}
        {step.sqlMs !== undefined ? `, SQL ${step.sqlInferred ? "~" : ""}${formatMs(step.sqlMs)}` : ""}
        {step.waitMs !== undefined ? `, waited ${formatMs(step.waitMs)} for a DB connection` : ""}
      </Text>
      <Text wrap="truncate-end">{printable(step.sql ?? step.message)}</Text>
      {shown.map(([key, value]) => (
        <Text key={key} wrap="truncate-end">
          {key}: {printable(typeof value === "string" ? value : JSON.stringify(value))}
        </Text>
      ))}
      {shown.length < extra.length && <Text dimColor>... {extra.length - shown.length} more field(s) (--format json shows them all)</Text>}
    </Box>
  );
}
