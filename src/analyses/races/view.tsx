import { Box, Text } from "ink";
import { printable } from "../../output/printable.js";
import { formatTime, truncate } from "../format.js";
import { DEFAULT_SCREEN, usableLines } from "../screen.js";
import { useCursor } from "../use-cursor.js";
import { ORPHAN_REASONS, REASON_LABELS, type TodoReason } from "./causes.js";
import type { RacesModel } from "./model.js";

/** Lines the dominant cause may take; the table and the JSON have it whole. */
const WHY_LINES = 3;

/** The races summary; move over the outcomes to list the todos behind each one. */
export function RacesView({ model, width = DEFAULT_SCREEN.width, height }: { model: RacesModel; width?: number; height?: number }) {
  const { summary } = model;
  const outcomes: TodoReason[] = [...ORPHAN_REASONS.filter((reason) => summary.orphanedByReason[reason]), "deleted", "deleted_twice"];
  const present = outcomes.filter((reason) => model.todos.some((todo) => todo.reason === reason));
  const cursor = useCursor(present.length);
  const reason = present[cursor];
  const todos = model.todos.filter((todo) => todo.reason === reason);
  const why = summary.dominant ? `Why: ${summary.dominant.count} of ${summary.orphaned}: ${summary.dominant.sentence}.` : undefined;
  const whyLines = why === undefined ? 0 : Math.min(WHY_LINES, Math.ceil(why.length / width));
  // headline, why (ink wraps at spaces: one line of slack), the list's top margin and outcomes,
  // the box's borders and "more" line, the key line
  const room = Math.max(1, usableLines(height) - (1 + whyLines + 1 + 1 + present.length + 3 + 1));
  const shown = todos.length > room ? todos.slice(0, room - 1) : todos;
  return (
    <Box flexDirection="column" width={width}>
      <Text bold wrap="truncate-end">
        {summary.created} created, {summary.deleted} deleted, {summary.orphaned} orphaned (left in the table)
      </Text>
      {why && (
        <Text color="red" wrap="wrap">
          {truncate(why, whyLines * width - 1)}
        </Text>
      )}
      <Box flexDirection="column" marginTop={1}>
        {present.map((item, index) => (
          <Text key={item} inverse={index === cursor} wrap="truncate-end">
            {String(model.todos.filter((todo) => todo.reason === item).length).padStart(5)} {REASON_LABELS[item]}
          </Text>
        ))}
      </Box>
      <Box flexDirection="column" borderStyle="single" paddingX={1}>
        {shown.map((todo) => (
          <Text key={todo.createRequestId} wrap="truncate-end">
            todo {printable(todo.todoId ?? "?")}:{" "}
            {todo.deletes.length === 0
              ? "no DELETE"
              : todo.deletes.map((attempt) => `DELETE ${printable(attempt.target)} ${attempt.result}${attempt.status ? ` ${attempt.status}` : ""}`).join("; ")}
            ; created {formatTime(todo.createdAt)} by {todo.createRequestId}, seen by {todo.seenByLists} list(s)
          </Text>
        ))}
        {shown.length < todos.length && <Text dimColor>... and {todos.length - shown.length} more (--format json lists them all)</Text>}
      </Box>
      <Text dimColor wrap="truncate-end">
        up/down or j/k: move  q: quit
      </Text>
    </Box>
  );
}
