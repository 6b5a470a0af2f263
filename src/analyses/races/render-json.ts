import { formatTime } from "../format.js";
import type { RacesModel } from "./model.js";

/** `{"summary": {...}, "todos": [...], "timeline": [...], "inferences": [...]}`. */
export function racesJson(model: RacesModel): unknown {
  const { summary } = model;
  return {
    summary: {
      created: summary.created,
      deleted: summary.deleted,
      orphaned: summary.orphaned,
      orphaned_by_reason: summary.orphanedByReason,
      dominant_cause: summary.dominant
        ? { reason: summary.dominant.reason, count: summary.dominant.count, explanation: summary.dominant.sentence, example_request_id: summary.dominant.exampleRequestId ?? null }
        : null,
      example_request_ids: summary.examples,
      unmatched_deletes: summary.unmatchedDeletes,
      list_requests: summary.listRequests,
      orphan_titles: summary.orphanTitles,
    },
    todos: racesRows(model),
    timeline: model.timeline.map((bin) => ({ minute: formatTime(bin.start), creates: bin.creates, deletes: bin.deletes, orphans: bin.orphans })),
    inferences: model.inferences,
  };
}

/** The columns of `racesRows`, known without a todo: the header of an empty csv (checked against the rows in analyses.test.ts). */
export const RACES_COLUMNS = ["todo_id", "title", "created_at", "create_request_id", "client_gave_up", "deletes", "seen_by_lists", "outcome", "reason"];

/** One object per todo created in the range: the main table of `--format csv` and `ndjson`, and the JSON's `todos`. */
export function racesRows(model: RacesModel): Record<string, unknown>[] {
  return model.todos.map((todo) => ({
    todo_id: todo.todoId ?? null,
    title: todo.title ?? null,
    created_at: formatTime(todo.createdAt),
    create_request_id: todo.createRequestId,
    client_gave_up: todo.clientGaveUp,
    deletes: todo.deletes.map((attempt) => ({
      request_id: attempt.requestId,
      status: attempt.status ?? null,
      at: formatTime(attempt.at),
      target: attempt.target,
      result: attempt.result,
      matched_by_timing: attempt.matchedByTiming,
    })),
    seen_by_lists: todo.seenByLists,
    outcome: todo.outcome,
    reason: todo.reason,
  }));
}
