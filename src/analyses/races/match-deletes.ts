import type { DeleteAttempt, TodoLifecycle } from "./model.js";

/**
 * Attaches each DELETE to the todo it aimed at: by id when both sides know it; otherwise (a
 * malformed id such as `undefined`, or a producer that logs no todo ids) by timing. A planner
 * creates, waits, then deletes, so the oldest create that finished before the DELETE started
 * and has no DELETE yet is its todo (first in, first out).
 */
export function matchDeletes(todos: TodoLifecycle[], attempts: DeleteAttempt[]): { unmatched: number; byTiming: number } {
  // Several todos may share an id: each load test against a fresh database starts them at 1.
  const byId = new Map<string, TodoLifecycle[]>();
  for (const todo of todos) if (todo.todoId !== undefined) byId.set(todo.todoId, [...(byId.get(todo.todoId) ?? []), todo]);
  for (const same of byId.values()) same.sort((a, b) => a.createdAt - b.createdAt);
  const someIdsUnknown = todos.some((todo) => todo.todoId === undefined);
  const timing: DeleteAttempt[] = [];
  let unmatched = 0;
  for (const attempt of attempts) {
    const todo = attempt.result === "malformed" ? undefined : todoOfId(byId.get(attempt.target), attempt.at);
    if (todo) todo.deletes.push(attempt);
    else if (attempt.result === "malformed" || someIdsUnknown) timing.push(attempt);
    else unmatched++;
  }
  const candidates = todos.filter((todo) => todo.deletes.length === 0).sort((a, b) => a.createEndedAt - b.createEndedAt);
  timing.sort((a, b) => a.at - b.at);
  let next = 0;
  let byTiming = 0;
  for (const attempt of timing) {
    const todo = candidates[next];
    if (todo === undefined || todo.createEndedAt > attempt.at) {
      unmatched++;
      continue;
    }
    todo.deletes.push({ ...attempt, matchedByTiming: true });
    next++;
    byTiming++;
  }
  return { unmatched, byTiming };
}

/** The latest todo of the id created before the DELETE started; else the first (a DELETE that came before its create). */
function todoOfId(same: readonly TodoLifecycle[] | undefined, at: number): TodoLifecycle | undefined {
  if (same === undefined) return undefined;
  let found = same[0];
  for (const todo of same) if (todo.createdAt <= at) found = todo;
  return found;
}
