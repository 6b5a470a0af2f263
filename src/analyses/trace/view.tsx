import { Box, Text } from "ink";
import { formatMs, formatShare, truncate } from "../format.js";
import { useCursor } from "../use-cursor.js";
import { waterfallBar } from "../waterfall.js";
import type { TraceModel, TraceStep } from "./model.js";
import { barStart } from "./render-table.js";

const VISIBLE = 15;

/** The trace as a browsable waterfall: move over the events, see every field of the selected one. */
export function TraceView({ model, width = 100 }: { model: TraceModel; width?: number }) {
  const { summary, steps } = model;
  const cursor = useCursor(steps.length);
  const first = Math.max(0, Math.min(cursor - Math.floor(VISIBLE / 2), steps.length - VISIBLE));
  const barWidth = Math.max(10, Math.floor(width / 4));
  const selected = steps[cursor];
  return (
    <Box flexDirection="column">
      <Text bold>
        {summary.method ?? "?"} {summary.url ?? "?"} -&gt; {summary.status ?? "no status"} in {formatMs(summary.durationMs)}
      </Text>
      <Text>
        request {summary.requestId}  SQL {summary.dbQueries} in {formatMs(summary.dbMs)} ({formatShare(summary.dbShare)})
        {summary.aborted ? "  aborted" : ""}
      </Text>
      {summary.warnings.map((warning) => (
        <Text key={warning} color="yellow">
          warning: {truncate(warning, width - 9)}
        </Text>
      ))}
      <Box flexDirection="column" marginTop={1}>
        {steps.slice(first, first + VISIBLE).map((step, offset) => (
          <StepLine key={first + offset} step={step} selected={first + offset === cursor} total={Math.max(summary.durationMs, summary.spanMs)} barWidth={barWidth} width={width} />
        ))}
      </Box>
      {selected && <StepDetail step={selected} width={width} />}
      <Text dimColor>up/down or j/k: move  q: quit  ({cursor + 1}/{steps.length})</Text>
    </Box>
  );
}

function StepLine({ step, selected, total, barWidth, width }: { step: TraceStep; selected: boolean; total: number; barWidth: number; width: number }) {
  const text = truncate(step.sql ?? step.message, Math.max(10, width - barWidth - 34));
  const colour = step.isError ? "red" : step.slowestSql ? "magenta" : step.largestGap ? "yellow" : undefined;
  return (
    <Text color={colour} inverse={selected}>
      {formatMs(step.offsetMs).padStart(10)} {waterfallBar(barStart(step), step.sqlMs, total, barWidth)} {step.event.padEnd(16)} {text}
    </Text>
  );
}

function StepDetail({ step, width }: { step: TraceStep; width: number }) {
  const extra = Object.entries(step.fields).filter(([key]) => !["timestamp", "message", "sql"].includes(key));
  return (
    <Box flexDirection="column" borderStyle="single" paddingX={1}>
      <Text>
        {step.location} {step.event} ({step.level}), gap {formatMs(step.gapMs)}
        {step.sqlMs !== undefined ? `, SQL ${step.sqlInferred ? "~" : ""}${formatMs(step.sqlMs)}` : ""}
      </Text>
      <Text wrap="wrap">{step.sql ?? step.message}</Text>
      {extra.map(([key, value]) => (
        <Text key={key}>
          {key}: {truncate(typeof value === "string" ? value : JSON.stringify(value), width - key.length - 6)}
        </Text>
      ))}
    </Box>
  );
}
