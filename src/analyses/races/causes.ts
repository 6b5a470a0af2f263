/** Why a todo is still in the table (or how it left it). */
export type TodoReason =
  | "deleted"
  | "deleted_twice"
  | "no_delete"
  | "malformed_delete"
  | "delete_failed"
  | "client_gave_up"
  | "delete_before_create"
  | "delete_unfinished"
  | "created_near_end";

export const ORPHAN_REASONS = ["no_delete", "malformed_delete", "delete_failed", "client_gave_up", "delete_before_create", "delete_unfinished", "created_near_end"] as const;
export type OrphanReason = (typeof ORPHAN_REASONS)[number];

/** One sentence per cause, for the summary's "dominant cause". */
export const CAUSE_SENTENCES: Record<OrphanReason, string> = {
  no_delete:
    "no DELETE for them reached the server: the client never sent one (as with the practical's " +
    "single-quoted '${url}/${wrongId}' DELETE URL, which k6 rejects before sending; or a run that " +
    "stopped between a planner's create and its delete)",
  malformed_delete:
    "their DELETEs arrived with a malformed id (such as /api/v1/todos/undefined): the client did not " +
    "read the new id from the POST response",
  delete_failed: "the DELETE aimed at them reached the server but failed",
  client_gave_up:
    "the POST that created them finished after the client had given up (aborted or timed out), so the " +
    "client never learnt their id",
  delete_before_create: "a DELETE for their id arrived before they were created, and none came after",
  delete_unfinished: "the DELETE aimed at them was still running when the range ended (widen --end to see how it ended)",
  created_near_end:
    "they were created near the range's end, later than the time most todos waited for their DELETE: " +
    "their DELETE may have come after it (widen --end to see)",
};

/** Short labels for tables. */
export const REASON_LABELS: Record<TodoReason, string> = {
  deleted: "deleted",
  deleted_twice: "deleted (more than one DELETE)",
  no_delete: "no DELETE reached the server",
  malformed_delete: "DELETE with a malformed id",
  delete_failed: "DELETE failed",
  client_gave_up: "client gave up before the POST finished",
  delete_before_create: "DELETE arrived before the create",
  delete_unfinished: "DELETE still running at the range's end",
  created_near_end: "created near the range's end",
};
