import type { Db } from "./query.js";
import type { ListQuery, TodoFields } from "../routes/todo-input.js";

export interface Todo {
  id: number;
  title: string;
  description: string | null;
  completed: boolean;
  deadline_at: string | null;
  created_at: string;
  updated_at: string;
}

const COLUMNS = "id, title, description, completed, deadline_at, created_at, updated_at";
// The pool's sessions run in UTC (see pool.ts), so LOCALTIMESTAMP is the course's utcnow().
const NOW_UTC = "LOCALTIMESTAMP";

export interface TodosRepository {
  list(q: ListQuery): Promise<Todo[]>;
  get(id: number): Promise<Todo | undefined>;
  create(f: TodoFields & { title: string }): Promise<Todo>;
  update(id: number, f: TodoFields): Promise<Todo | undefined>;
  remove(id: number): Promise<Todo | undefined>;
}

export function createTodosRepository(db: Db): TodosRepository {
  return {
    async list(q) {
      const where: string[] = [];
      const params: unknown[] = [];
      // The course compared str(completed).lower() with the raw value: "true"/"false" filter,
      // anything else matches nothing. bool::text gives exactly those two spellings.
      if (q.completed !== undefined) {
        params.push(q.completed);
        where.push(`completed::text = $${params.length}`);
      }
      // Due within the window (past-due included). Undated todos have no due date to compare,
      // so they are left out (the course raised a 500 on them).
      if (q.window !== undefined) {
        params.push(q.window);
        where.push(`deadline_at <= ${NOW_UTC} + make_interval(days => $${params.length}::int)`);
      }
      let sql = `SELECT ${COLUMNS} FROM todos${where.length ? ` WHERE ${where.join(" AND ")}` : ""} ORDER BY created_at DESC, id DESC`;
      if (q.limit !== undefined) {
        params.push(q.limit);
        sql += ` LIMIT $${params.length}`;
      }
      if (q.offset !== undefined) {
        params.push(q.offset);
        sql += ` OFFSET $${params.length}`;
      }
      return (await db.query<Todo>({ sql, params, operation: "SELECT", table: "todos" })).rows;
    },
    async get(id) {
      const r = await db.query<Todo>({ sql: `SELECT ${COLUMNS} FROM todos WHERE id = $1`, params: [id], operation: "SELECT", table: "todos" });
      return r.rows[0];
    },
    async create(f) {
      const r = await db.query<Todo>({
        sql: `INSERT INTO todos (title, description, completed, deadline_at) VALUES ($1, $2, $3, $4) RETURNING ${COLUMNS}`,
        params: [f.title, f.description ?? null, f.completed ?? false, f.deadline_at ?? null],
        operation: "INSERT",
        table: "todos",
      });
      return r.rows[0];
    },
    async update(id, f) {
      const sets: string[] = [];
      const params: unknown[] = [];
      for (const key of ["title", "description", "completed", "deadline_at"] as const) {
        if (f[key] === undefined) continue;
        params.push(f[key]);
        sets.push(`${key} = $${params.length}`);
      }
      sets.push(`updated_at = ${NOW_UTC}`);
      params.push(id);
      const r = await db.query<Todo>({
        sql: `UPDATE todos SET ${sets.join(", ")} WHERE id = $${params.length} RETURNING ${COLUMNS}`,
        params,
        operation: "UPDATE",
        table: "todos",
      });
      return r.rows[0];
    },
    async remove(id) {
      const r = await db.query<Todo>({ sql: `DELETE FROM todos WHERE id = $1 RETURNING ${COLUMNS}`, params: [id], operation: "DELETE", table: "todos" });
      return r.rows[0];
    },
  };
}
