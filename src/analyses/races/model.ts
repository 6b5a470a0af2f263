import type { AppEvent } from "../events.js";
import type { TimeWindow } from "../time-slices.js";
import { CAUSE_SENTENCES, ORPHAN_REASONS, type OrphanReason, type TodoReason } from "./causes.js";
import { matchDeletes } from "./match-deletes.js";
import { collectRequests, deleteTarget, isCreate, isList, isWellFormedId, type TodoRequest } from "./requests.js";
import { createListCounter } from "./seen-by-lists.js";
import { buildTimeline, type TimelineBin } from "./timeline.js";

export interface DeleteAttempt {
  requestId: string;
  status?: number;
  /** When the DELETE started, epoch ms. */
  at: number;
  /** The id segment of its URL (`17`, `undefined`). */
  target: string;
  /** unfinished: no finish or abort line in the range (it was still running when the range ended). */
  result: "deleted" | "not_found" | "failed" | "malformed" | "unfinished";
  /** Matched to this todo by timing (malformed id, or a log without todo ids), not by id. */
  matchedByTiming: boolean;
}

export interface TodoLifecycle {
  /** Undefined when the producer does not log ids (the course practical). */
  todoId?: string;
  title?: string;
  createdAt: number;
  createRequestId: string;
  /** When the creating request ended: from then on a list could return the todo. */
  createEndedAt: number;
  clientGaveUp: boolean;
  deletes: DeleteAttempt[];
  /** List requests that returned it while it existed (inferred from timing, see seen-by-lists.ts). */
  seenByLists: number;
  outcome: "deleted" | "orphaned";
  reason: TodoReason;
}

export interface RacesSummary {
  created: number;
  deleted: number;
  orphaned: number;
  orphanedByReason: Partial<Record<OrphanReason, number>>;
  /** One request id per cause, to trace. */
  examples: Partial<Record<OrphanReason, string>>;
  dominant?: { reason: OrphanReason; count: number; sentence: string; exampleRequestId?: string };
  /** DELETEs aimed at ids not created in the range. */
  unmatchedDeletes: number;
  listRequests: number;
  /** Most common titles among orphans (the practical's "CSSE6400 Clout Assignment"). */
  orphanTitles: { title: string; count: number }[];
}

export interface RacesModel {
  summary: RacesSummary;
  todos: TodoLifecycle[];
  timeline: TimelineBin[];
  /** The inferences the figures rest on, to print with them. */
  inferences: string[];
}

export interface RacesOptions {
  /** A POST that took this long was abandoned by the client (k6's default timeout). @default 60000 */
  clientTimeoutMs?: number;
  window?: TimeWindow;
}

/** Reconstructs the lifecycle of every todo created in the range. */
export function buildRaces(events: readonly AppEvent[], options: RacesOptions = {}): RacesModel {
  return racesOfRequests(collectRequests(events), options);
}

/** The same from the requests' records (races/requests.ts folds them as lines stream). */
export function racesOfRequests(requests: readonly TodoRequest[], options: RacesOptions = {}): RacesModel {
  const clientTimeoutMs = options.clientTimeoutMs ?? 60_000;
  const lists = requests.filter((request) => isList(request) && !request.aborted && (request.status ?? 200) < 400);
  const seen = createListCounter(lists.map((list) => ({ start: list.startedAt, end: list.endedAt })));
  const todos = requests.filter((request) => isCreate(request) && request.inserted).map((request) => newTodo(request, clientTimeoutMs));
  const attempts = requests.flatMap((request) => toAttempt(request) ?? []);
  const { unmatched, byTiming } = matchDeletes(todos, attempts);
  for (const todo of todos) {
    todo.reason = reasonOf(todo);
    todo.outcome = todo.reason === "deleted" || todo.reason === "deleted_twice" ? "deleted" : "orphaned";
    const firstDeleted = todo.deletes.find((attempt) => attempt.result === "deleted");
    todo.seenByLists = seen(todo.createEndedAt, firstDeleted?.at ?? Infinity);
  }
  const inferences = [
    "seen_by_lists: a list request that finished after the todo's create finished and started before its delete started is counted as having returned it (the service logs how many todos a list returned, not which)",
  ];
  const wait = options.window && markCreatedNearEnd(todos, options.window.end);
  if (wait !== undefined) inferences.push(`created_near_end: created in the range's last ${(wait / 1000).toFixed(1)} s, the time within which 95% of the todos deleted in the range got their DELETE`);
  if (byTiming > 0) inferences.push(`${byTiming} DELETE(s) without a usable todo id were matched to a todo by timing (oldest unmatched create first)`);
  return { summary: summarise(todos, unmatched, lists.length), todos, timeline: buildTimeline(todos, options.window), inferences };
}

function newTodo(request: TodoRequest, clientTimeoutMs: number): TodoLifecycle {
  const duration = request.durationMs ?? request.endedAt - request.startedAt;
  return {
    ...(request.todoId !== undefined ? { todoId: request.todoId } : {}),
    ...(request.title !== undefined ? { title: request.title } : {}),
    createdAt: request.insertedAt ?? request.endedAt,
    createRequestId: request.requestId,
    createEndedAt: request.endedAt,
    clientGaveUp: request.aborted || duration >= clientTimeoutMs,
    deletes: [],
    seenByLists: 0,
    outcome: "orphaned",
    reason: "no_delete",
  };
}

function toAttempt(request: TodoRequest): DeleteAttempt | undefined {
  const target = deleteTarget(request);
  if (target === undefined) return undefined;
  return {
    requestId: request.requestId,
    ...(request.status !== undefined ? { status: request.status } : {}),
    at: request.startedAt,
    target,
    result: resultOf(request, target),
    matchedByTiming: false,
  };
}

function resultOf(request: TodoRequest, target: string): DeleteAttempt["result"] {
  if (!isWellFormedId(target)) return "malformed";
  if (request.deleted) return "deleted";
  if (request.notFound || request.status === 404) return "not_found";
  if (!request.finished) return "unfinished";
  // the practical logs no status: a DELETE that ran no DELETE statement found no row (200 {})
  if (request.status === undefined && !request.aborted) return "not_found";
  return "failed";
}

/**
 * A range that ends mid-run cuts planners between their create and their delete: a todo with no
 * DELETE that was created later than `end` less the time most todos waited for theirs (the p95
 * of create-to-DELETE among those deleted in the range) is not counted against the client. The
 * wait, when some were deleted.
 */
function markCreatedNearEnd(todos: TodoLifecycle[], end: number): number | undefined {
  const waits = todos.flatMap((todo) => todo.deletes.filter((attempt) => attempt.result === "deleted").slice(0, 1).map((attempt) => attempt.at - todo.createdAt));
  if (waits.length === 0) return undefined;
  const sorted = waits.sort((a, b) => a - b);
  const wait = sorted[Math.min(sorted.length - 1, Math.ceil(0.95 * sorted.length) - 1)];
  for (const todo of todos) if (todo.reason === "no_delete" && todo.createdAt > end - wait) todo.reason = "created_near_end";
  return wait;
}

function reasonOf(todo: TodoLifecycle): TodoReason {
  const byId = todo.deletes.filter((attempt) => attempt.result !== "malformed");
  if (todo.deletes.some((attempt) => attempt.result === "deleted")) return byId.length >= 2 ? "deleted_twice" : "deleted";
  if (byId.length > 0 && byId.every((attempt) => attempt.at < todo.createdAt)) return "delete_before_create";
  if (byId.length > 0) return byId.every((attempt) => attempt.result === "unfinished") ? "delete_unfinished" : "delete_failed";
  if (todo.deletes.length > 0) return "malformed_delete";
  return todo.clientGaveUp ? "client_gave_up" : "no_delete";
}

function summarise(todos: readonly TodoLifecycle[], unmatchedDeletes: number, listRequests: number): RacesSummary {
  const orphans = todos.filter((todo) => todo.outcome === "orphaned");
  const orphanedByReason: Partial<Record<OrphanReason, number>> = {};
  const examples: Partial<Record<OrphanReason, string>> = {};
  for (const todo of orphans) {
    const reason = todo.reason as OrphanReason;
    orphanedByReason[reason] = (orphanedByReason[reason] ?? 0) + 1;
    examples[reason] ??= exampleOf(todo);
  }
  const ranked = ORPHAN_REASONS.filter((reason) => orphanedByReason[reason]).sort((a, b) => orphanedByReason[b]! - orphanedByReason[a]!);
  const top = ranked[0];
  return {
    created: todos.length,
    deleted: todos.length - orphans.length,
    orphaned: orphans.length,
    orphanedByReason,
    examples,
    ...(top ? { dominant: { reason: top, count: orphanedByReason[top]!, sentence: CAUSE_SENTENCES[top], exampleRequestId: examples[top] } } : {}),
    unmatchedDeletes,
    listRequests,
    orphanTitles: topTitles(orphans),
  };
}

/** The request that shows the cause best: the failed or malformed DELETE, else the create. */
function exampleOf(todo: TodoLifecycle): string {
  return todo.deletes.find((attempt) => attempt.result !== "deleted")?.requestId ?? todo.createRequestId;
}

function topTitles(orphans: readonly TodoLifecycle[]): { title: string; count: number }[] {
  const counts = new Map<string, number>();
  for (const todo of orphans) if (todo.title !== undefined) counts.set(todo.title, (counts.get(todo.title) ?? 0) + 1);
  return [...counts.entries()].map(([title, count]) => ({ title, count })).sort((a, b) => b.count - a.count).slice(0, 3);
}
