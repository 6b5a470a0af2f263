import { Box, Text } from "ink";
import { formatMs, formatShare, truncate } from "../format.js";
import { sparkline } from "../sparkline.js";
import { useCursor } from "../use-cursor.js";
import type { SlowQueriesModel } from "./model.js";

/** The ranked statements; the selected one is shown whole, with its figures and next step. */
export function SlowQueriesView({ model, width = 100 }: { model: SlowQueriesModel; width?: number }) {
  const cursor = useCursor(model.statements.length);
  const selected = model.statements[cursor];
  if (!selected) return <Text>No SQL statements in the selected range.</Text>;
  return (
    <Box flexDirection="column">
      <Text bold>
        {model.totalCalls} executions, {formatMs(model.totalMs)} of SQL, ranked by {model.by}
      </Text>
      {model.statements.map((statement, index) => (
        <Text key={statement.sql} inverse={index === cursor}>
          {String(index + 1).padStart(2)} {formatShare(statement.share).padStart(4)} {formatMs(statement.totalMs).padStart(10)}{" "}
          {truncate(statement.sql, width - 22)}
        </Text>
      ))}
      <Box flexDirection="column" borderStyle="single" paddingX={1}>
        <Text wrap="wrap">{selected.sql}</Text>
        <Text>
          calls {selected.calls}  avg {formatMs(selected.avgMs)}  p50 {formatMs(selected.p50Ms)}  p95 {formatMs(selected.p95Ms)}  max{" "}
          {formatMs(selected.maxMs)}
          {selected.rowsAvg !== undefined ? `  rows ${selected.rowsAvg}` : ""}
          {selected.inferred ? "  (inferred durations)" : ""}
        </Text>
        {selected.series && <Text>p95 over time {sparkline(selected.series)}</Text>}
        {selected.slowestRequestId && <Text color="cyan">next: tolog trace {selected.slowestRequestId}</Text>}
      </Box>
      {model.nPlusOne.length > 0 && (
        <Text color="yellow">N+1: {model.nPlusOne.length} statement(s) repeated within single requests</Text>
      )}
      <Text dimColor>up/down or j/k: move  q: quit</Text>
    </Box>
  );
}
