import type { FastifyInstance } from "fastify";
import { type AppOptions, reject } from "../app.js";
import { checkListQuery, checkTodoBody, parseId } from "./todo-input.js";

const NOT_FOUND = { error: "Todo not found" };

export async function todoRoutes(app: FastifyInstance, { todos, log }: AppOptions) {
  app.get("/api/v1/todos", async (request, reply) => {
    const q = checkListQuery(request.query as Record<string, unknown>);
    if (!q.ok) return reject(request, reply, log, 400, q.error);
    const rows = await todos.list(q.value);
    log.info("todos", { event: "todos_listed", count: rows.length, ...q.value }, `listed ${rows.length} todos`);
    return rows;
  });

  app.get<{ Params: { id: string } }>("/api/v1/todos/:id", async (request, reply) => {
    const id = parseId(request.params.id);
    if (id === undefined) return reject(request, reply, log, 404, "id is not an integer", { error: "Not Found" });
    const todo = await todos.get(id);
    return todo ?? reply.code(404).send(NOT_FOUND);
  });

  app.post("/api/v1/todos", async (request, reply) => {
    const body = checkTodoBody(request.body, true);
    if (!body.ok) return reject(request, reply, log, 400, body.error);
    const todo = await todos.create({ ...body.value, title: body.value.title ?? "" });
    log.info("todos", { event: "todo_created", todo_id: todo.id, title: todo.title.slice(0, 80) }, `created todo ${todo.id}`);
    return reply.code(201).send(todo);
  });

  app.put<{ Params: { id: string } }>("/api/v1/todos/:id", async (request, reply) => {
    const id = parseId(request.params.id);
    if (id === undefined) return reject(request, reply, log, 404, "id is not an integer", { error: "Not Found" });
    const body = checkTodoBody(request.body, false);
    if (!body.ok) return reject(request, reply, log, 400, body.error);
    const todo = await todos.update(id, body.value);
    if (!todo) return reply.code(404).send(NOT_FOUND);
    log.info("todos", { event: "todo_updated", todo_id: id, fields: Object.keys(body.value).join(",") }, `updated todo ${id}`);
    return todo;
  });

  // The course answers 200 {} for a missing id: DELETE is idempotent there, and stays so.
  app.delete<{ Params: { id: string } }>("/api/v1/todos/:id", async (request, reply) => {
    const id = parseId(request.params.id);
    if (id === undefined) return reject(request, reply, log, 404, "id is not an integer", { error: "Not Found" });
    const todo = await todos.remove(id);
    log.info("todos", { event: "todo_deleted", todo_id: id, found: todo !== undefined }, todo ? `deleted todo ${id}` : `todo ${id} was already gone`);
    return todo ?? {};
  });
}
