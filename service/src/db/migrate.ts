import type { Db } from "./query.js";

/**
 * Schema migrations, applied in order at start, each once (recorded in schema_migrations).
 * The course created the table with db.create_all() and no indexes besides the primary key;
 * 001 keeps that shape on purpose, so the list endpoint's cost grows with the table as it did.
 */
const MIGRATIONS: { id: number; name: string; statements: string[] }[] = [
  {
    id: 1,
    name: "create todos",
    statements: [
      `CREATE TABLE IF NOT EXISTS todos (
        id SERIAL PRIMARY KEY,
        title VARCHAR(80) NOT NULL,
        description VARCHAR(120),
        completed BOOLEAN NOT NULL DEFAULT false,
        deadline_at TIMESTAMP,
        created_at TIMESTAMP NOT NULL DEFAULT LOCALTIMESTAMP,
        updated_at TIMESTAMP NOT NULL DEFAULT LOCALTIMESTAMP
      )`,
    ],
  },
];

export async function migrate(db: Db): Promise<number[]> {
  await db.query({
    sql: "CREATE TABLE IF NOT EXISTS schema_migrations (id INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())",
    operation: "CREATE",
    table: "schema_migrations",
  });
  const done = await db.query<{ id: number }>({ sql: "SELECT id FROM schema_migrations", operation: "SELECT", table: "schema_migrations" });
  const applied = new Set(done.rows.map((r) => r.id));
  const now: number[] = [];
  for (const m of MIGRATIONS) {
    if (applied.has(m.id)) continue;
    for (const sql of m.statements) await db.query({ sql, operation: "CREATE", table: "todos" });
    // Two instances starting together: the primary key makes the second insert a no-op.
    await db.query({
      sql: "INSERT INTO schema_migrations (id, name) VALUES ($1, $2) ON CONFLICT (id) DO NOTHING",
      params: [m.id, m.name],
      operation: "INSERT",
      table: "schema_migrations",
    });
    now.push(m.id);
  }
  return now;
}
