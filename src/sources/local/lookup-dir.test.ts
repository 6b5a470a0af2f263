import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import { directoryLookupTables } from "./lookup-dir.js";
import { runQuery, QueryError } from "../../engine/index.js";
import { createMemorySource } from "../memory.js";

const made: string[] = [];
afterAll(() => made.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

function dirWith(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), "tolog-lookups-"));
  made.push(dir);
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

const events = createMemorySource([{ timestamp: 0, message: '{"id":"u1"}' }]);

describe("lookup tables from a directory", () => {
  test("lookup reads <name>.csv", async () => {
    const lookups = directoryLookupTables(dirWith({ "users.csv": "id,name\r\nu1,Ana\r\n" }));
    const result = await runQuery("lookup users id OUTPUT name | display name", events, { lookups });
    expect(result.rows).toEqual([{ name: "Ana", "@ptr": "0" }]);
  });

  test("a missing table names the directory and the tables in it", async () => {
    const dir = dirWith({ "users.csv": "id,name\n", "hosts.csv": "ip,host\n" });
    const error = await runQuery("lookup user id OUTPUT name", events, { lookups: directoryLookupTables(dir) }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(QueryError);
    const [d] = (error as QueryError).diagnostics;
    expect(d).toMatchObject({ code: "TL701", help: "tables there: hosts, users" });
    expect(d.message).toContain(dir);
  });

  test("a duplicate key names the file and both lines", async () => {
    const dir = dirWith({ "users.csv": "id,name\nu1,Ana\nu2,Bo\nu1,Anna\n" });
    const error = (await runQuery("lookup users id OUTPUT name", events, { lookups: directoryLookupTables(dir) }).catch((e: unknown) => e)) as QueryError;
    expect(error.diagnostics[0].code).toBe("TL703");
    expect(error.diagnostics[0].message).toContain(`${join(dir, "users.csv")}:4 (first at line 2)`);
  });

  test("a row with more values than the header is TL702 at its line", async () => {
    const dir = dirWith({ "users.csv": 'id,name\nu1,"Ana, A."\nu2,Bo,extra\n' });
    const error = (await runQuery("lookup users id OUTPUT name", events, { lookups: directoryLookupTables(dir) }).catch((e: unknown) => e)) as QueryError;
    expect(error.diagnostics[0]).toMatchObject({ code: "TL702" });
    expect(error.diagnostics[0].message).toContain("users.csv:3:");
  });

  test("a table without a header row: its first line is named, as data, at file and line", async () => {
    const dir = dirWith({ "hosts.csv": "10.0.1.5,edge\n10.0.1.6,core\n" });
    const error = (await runQuery("lookup hosts ip_address as id OUTPUT hostname", events, { lookups: directoryLookupTables(dir) }).catch((e: unknown) => e)) as QueryError;
    expect(error.diagnostics.map((d) => d.code)).toEqual(["TL704", "TL704"]);
    expect(error.diagnostics[0].message).toContain(`${join(dir, "hosts.csv")}:1`);
    expect(error.diagnostics[0].help).toContain("its first line reads as data (10.0.1.5): a lookup table starts with a header row naming its columns");
  });
});
