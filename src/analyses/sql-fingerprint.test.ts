import { describe, expect, it } from "vitest";
import { sqlFingerprint } from "./sql-fingerprint.js";

describe("sqlFingerprint", () => {
  it("groups statements that differ only in literals", () => {
    expect(sqlFingerprint("SELECT * FROM todos WHERE id = 42 AND title = 'a''b'")).toBe("SELECT * FROM todos WHERE id = ? AND title = ?");
    expect(sqlFingerprint("select *  from todos\n where id = 7")).toBe(sqlFingerprint("select * from todos where id = 8"));
  });

  it("keeps parameters, identifiers with digits and quoted identifiers", () => {
    expect(sqlFingerprint("SELECT todos.id AS todos_id FROM todos WHERE todos.id = %(pk_1)s")).toBe(
      "SELECT todos.id AS todos_id FROM todos WHERE todos.id = %(pk_1)s",
    );
    expect(sqlFingerprint('UPDATE "t1" SET a = $1 WHERE id = $2')).toBe('UPDATE "t1" SET a = $1 WHERE id = $2');
  });

  it("collapses lists and repeated rows, drops comments and a trailing semicolon", () => {
    expect(sqlFingerprint("SELECT 1 FROM t WHERE id IN (1, 2, 3) -- hot path")).toBe("SELECT ? FROM t WHERE id IN (?+)");
    expect(sqlFingerprint("INSERT INTO t (a, b) VALUES (1, 'x'), (2, 'y');")).toBe(sqlFingerprint("INSERT INTO t (a, b) VALUES (5, 'z')"));
    expect(sqlFingerprint("SELECT /* x */ a FROM t WHERE b IS NULL AND c = true")).toBe("SELECT a FROM t WHERE b IS NULL AND c = ?");
    expect(sqlFingerprint("CREATE TABLE t (a TEXT NOT NULL)")).toBe("CREATE TABLE t (a TEXT NOT NULL)");
  });

  it("keeps DDL as it ran: not parameterised, so its numbers and strings are the schema, not values", () => {
    const ddl = "CREATE TABLE IF NOT EXISTS todos (\n  id SERIAL PRIMARY KEY,\n  title VARCHAR(255) NOT NULL,\n  completed BOOLEAN NOT NULL DEFAULT false,\n  kind TEXT DEFAULT 'todo'\n);";
    expect(sqlFingerprint(ddl)).toBe("CREATE TABLE IF NOT EXISTS todos ( id SERIAL PRIMARY KEY, title VARCHAR(255) NOT NULL, completed BOOLEAN NOT NULL DEFAULT false, kind TEXT DEFAULT 'todo' )");
    expect(sqlFingerprint("  alter table todos alter column title type varchar(500)")).toBe("alter table todos alter column title type varchar(500)");
    // Comments go (on one line, a `--` one would swallow the rest); strings are kept whole.
    expect(sqlFingerprint("/* migration 3 */ DROP INDEX IF EXISTS todos_2024_idx; -- done")).toBe("DROP INDEX IF EXISTS todos_2024_idx");
    expect(sqlFingerprint("ALTER TABLE t ALTER COLUMN s SET DEFAULT 'a  -- b' -- why\n, ALTER COLUMN n SET DEFAULT 0")).toBe(
      "ALTER TABLE t ALTER COLUMN s SET DEFAULT 'a  -- b' , ALTER COLUMN n SET DEFAULT 0",
    );
    // Two sizes are two statements.
    expect(sqlFingerprint("ALTER TABLE t ADD COLUMN a VARCHAR(10)")).not.toBe(sqlFingerprint("ALTER TABLE t ADD COLUMN a VARCHAR(20)"));
    // A statement that only starts with such a word is not DDL.
    expect(sqlFingerprint("created_at = 1")).toBe("created_at = ?");
  });
});
