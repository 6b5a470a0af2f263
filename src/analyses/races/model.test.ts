import { describe, expect, it } from "vitest";
import { normaliseRows } from "../events.js";
import { createTodo, deleteTodo, listTodos } from "../testing/requests.js";
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
});
