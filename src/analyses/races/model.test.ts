import { describe, expect, it } from "vitest";
import { normaliseRows } from "../events.js";
import { createTodo, deleteTodo, listTodos } from "../testing/requests.js";
import { BASE_TIME } from "../testing/rows.js";
import { buildRaces } from "./model.js";
import type { ResultRow } from "../../engine/api.js";

function races(rows: ResultRow[]) {
  return buildRaces(normaliseRows(rows).events);
}

describe("buildRaces", () => {
  it("follows a todo from its create to its delete", () => {
    const model = races([...createTodo("c1", 1, 0), ...deleteTodo("d1", "1", 10_020)]);
    expect(model.summary).toMatchObject({ created: 1, deleted: 1, orphaned: 0 });
    expect(model.todos[0]).toMatchObject({ todoId: "1", createRequestId: "c1", outcome: "deleted", reason: "deleted" });
    expect(model.todos[0].deletes).toEqual([expect.objectContaining({ requestId: "d1", status: 200, result: "deleted", matchedByTiming: false })]);
    expect(model.summary.dominant).toBeUndefined();
  });

  it("names the DELETEs that never reached the server", () => {
    const model = races([...createTodo("c1", 1, 0), ...createTodo("c2", 2, 500), ...deleteTodo("d1", "1", 10_020)]);
    expect(model.summary).toMatchObject({ created: 2, deleted: 1, orphaned: 1, orphanedByReason: { no_delete: 1 } });
    expect(model.summary.dominant).toMatchObject({ reason: "no_delete", count: 1, exampleRequestId: "c2" });
    expect(model.summary.orphanTitles).toEqual([{ title: "CSSE6400 Clout Assignment", count: 1 }]);
  });

  it("matches DELETEs with a malformed id to their planner by timing", () => {
    const model = races([
      ...createTodo("c1", 1, 0),
      ...createTodo("c2", 2, 1000),
      ...deleteTodo("d1", "undefined", 10_020, { status: 400 }),
      ...deleteTodo("d2", "undefined", 11_020, { status: 400 }),
    ]);
    expect(model.summary).toMatchObject({ orphaned: 2, orphanedByReason: { malformed_delete: 2 }, unmatchedDeletes: 0 });
    expect(model.todos.map((todo) => todo.deletes.map((attempt) => attempt.requestId))).toEqual([["d1"], ["d2"]]);
    expect(model.todos[0].deletes[0]).toMatchObject({ result: "malformed", matchedByTiming: true, target: "undefined" });
    expect(model.summary.examples.malformed_delete).toBe("d1");
  });

  it("tells a client that gave up from a DELETE that failed", () => {
    const model = races([
      ...createTodo("c1", 1, 0, 20, { aborted: true }),
      ...createTodo("c2", 2, 0, 61_000),
      ...createTodo("c3", 3, 100),
      ...deleteTodo("d3", "3", 10_200, { status: 500 }),
    ]);
    expect(model.todos.map((todo) => todo.reason)).toEqual(["client_gave_up", "client_gave_up", "delete_failed"]);
    expect(model.summary.examples).toMatchObject({ client_gave_up: "c1", delete_failed: "d3" });
  });

  it("flags a todo deleted twice and a DELETE that came before the create", () => {
    const model = races([
      ...createTodo("c1", 1, 0),
      ...deleteTodo("d1", "1", 10_000),
      ...deleteTodo("d1b", "1", 10_100, { found: false }),
      ...deleteTodo("d2", "2", 500, { found: false }),
      ...createTodo("c2", 2, 1000),
    ]);
    expect(model.todos.map((todo) => todo.reason)).toEqual(["deleted_twice", "delete_before_create"]);
    expect(model.summary).toMatchObject({ deleted: 1, orphaned: 1 });
  });

  it("counts the list requests that returned each todo while it existed", () => {
    const model = races([
      ...listTodos("l0", 0, 10), // finished before the create finished
      ...createTodo("c1", 1, 0, 20),
      ...listTodos("l1", 15, 10), // finished after the create finished
      ...listTodos("l2", 5_000),
      ...deleteTodo("d1", "1", 10_000),
      ...listTodos("l3", 10_005), // started after the delete started
      ...createTodo("c2", 2, 20_000),
      ...listTodos("l4", 30_000),
    ]);
    expect(model.todos.map((todo) => todo.seenByLists)).toEqual([2, 1]);
    expect(model.summary.listRequests).toBe(5);
  });

  it("counts creates, deletes and orphans per minute", () => {
    const model = races([...createTodo("c1", 1, 0), ...createTodo("c2", 2, 70_000), ...deleteTodo("d1", "1", 65_000)]);
    expect(model.timeline.map(({ creates, deletes, orphans }) => [creates, deletes, orphans])).toEqual([[1, 0, 0], [1, 1, 1]]);
  });

  it("tells a DELETE still running when the range ended from one that failed", () => {
    // Its request_started line only: the range ended before the request did.
    const running = deleteTodo("d1", "1", 10_000).slice(0, 1);
    const model = racesIn([...createTodo("c1", 1, 0), ...running], { start: BASE_TIME, end: BASE_TIME + 10_500 });
    expect(model.todos[0].deletes[0]).toMatchObject({ requestId: "d1", result: "unfinished" });
    expect(model.todos[0].reason).toBe("delete_unfinished");
    expect(model.summary.orphanedByReason).toEqual({ delete_unfinished: 1 });
  });

  it("does not blame the client for todos created in the range's last seconds: their DELETE may come after it", () => {
    // Each planner deletes its todo 10 s after creating it; the range ends 3 s after the last create.
    const rows = [0, 1, 2, 3].flatMap((k) => [...createTodo(`c${k}`, k + 1, k * 5_000), ...(k < 3 ? deleteTodo(`d${k}`, String(k + 1), k * 5_000 + 10_000) : [])]);
    const model = racesIn(rows, { start: BASE_TIME, end: BASE_TIME + 18_000 });
    expect(model.todos.find((todo) => todo.todoId === "4")?.reason).toBe("created_near_end");
    expect(model.summary.orphanedByReason).toEqual({ created_near_end: 1 });
    // Over the whole run (no range given), the last todo's DELETE never came.
    expect(races(rows).summary.orphanedByReason).toEqual({ no_delete: 1 });
  });

  it("pairs each DELETE with the latest todo of its id created before it: runs that restart the ids", () => {
    const run = (offset: number, prefix: string) => [...createTodo(`${prefix}c`, 1, offset), ...deleteTodo(`${prefix}d`, "1", offset + 10_000)];
    const model = races([...run(0, "a"), ...run(600_000, "b")]);
    expect(model.summary).toMatchObject({ created: 2, deleted: 2, orphaned: 0, unmatchedDeletes: 0 });
    expect(model.todos.map((todo) => todo.deletes.map((attempt) => attempt.requestId))).toEqual([["ad"], ["bd"]]);
  });
});

function racesIn(rows: ResultRow[], window: { start: number; end: number }) {
  return buildRaces(normaliseRows(rows).events, { window });
}
