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
});
