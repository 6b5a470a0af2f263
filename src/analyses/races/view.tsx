import { Box, Text } from "ink";
import { formatTime } from "../format.js";
import { useCursor } from "../use-cursor.js";
import { ORPHAN_REASONS, REASON_LABELS, type TodoReason } from "./causes.js";
import type { RacesModel } from "./model.js";

const SHOWN_TODOS = 8;

/** The races summary; move over the outcomes to list the todos behind each one. */
export function RacesView({ model }: { model: RacesModel }) {
  const { summary } = model;
  const outcomes: TodoReason[] = [...ORPHAN_REASONS.filter((reason) => summary.orphanedByReason[reason]), "deleted", "deleted_twice"];
  const present = outcomes.filter((reason) => model.todos.some((todo) => todo.reason === reason));
  const cursor = useCursor(present.length);
  const reason = present[cursor];
  const todos = model.todos.filter((todo) => todo.reason === reason);
  return (
    <Box flexDirection="column">
      <Text bold>
        {summary.created} created, {summary.deleted} deleted, {summary.orphaned} orphaned (left in the table)
      </Text>
      {summary.dominant && (
        <Text color="red" wrap="wrap">
          Why: {summary.dominant.count} of {summary.orphaned}: {summary.dominant.sentence}.
        </Text>
      )}
      <Box flexDirection="column" marginTop={1}>
        {present.map((item, index) => (
          <Text key={item} inverse={index === cursor}>
            {String(model.todos.filter((todo) => todo.reason === item).length).padStart(5)} {REASON_LABELS[item]}
          </Text>
        ))}
      </Box>
      <Box flexDirection="column" borderStyle="single" paddingX={1}>
        {todos.slice(0, SHOWN_TODOS).map((todo) => (
          <Text key={todo.createRequestId}>
            todo {todo.todoId ?? "?"} created {formatTime(todo.createdAt)} by {todo.createRequestId}, seen by {todo.seenByLists} list(s)
            {todo.deletes.map((attempt) => `; DELETE ${attempt.target} ${attempt.result}${attempt.status ? ` ${attempt.status}` : ""}`).join("")}
          </Text>
        ))}
        {todos.length > SHOWN_TODOS && <Text dimColor>... and {todos.length - SHOWN_TODOS} more (--format json lists them all)</Text>}
      </Box>
      <Text dimColor>up/down or j/k: move  q: quit</Text>
    </Box>
  );
}
