import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type TestDb, eventually, startTestDb, startTestService } from "./helpers.js";

/**
 * A database that stops answering (frozen with SIGSTOP: no error, no closed connection, just
 * silence) must not hold requests for as long as it is frozen: each answers 503 within the
 * statement and connect timeouts, and the service recovers by itself once Postgres runs again.
 */
let db: TestDb;
beforeAll(async () => {
  db = await startTestDb();
});
afterAll(async () => {
  await db?.close();
});

/** The postmaster and every process it started (its backends hold the open connections). */
function postgresProcesses(dataDir: string): number[] {
  const postmaster = Number(readFileSync(path.join(dataDir, "postmaster.pid"), "utf8").split("\n")[0]);
  const children = readdirSync("/proc")
    .filter((entry) => /^\d+$/.test(entry))
    .filter((pid) => {
      try {
        // Fields after the command (which may hold spaces) start after its closing parenthesis.
        const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
        return Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]) === postmaster;
      } catch {
        return false; // ended meanwhile
      }
    })
    .map(Number);
  return [postmaster, ...children];
}

describe("a frozen database", () => {
  it("gets requests in flight answered 503, not held for the whole freeze; then the service recovers", async (ctx) => {
    if (!db.embedded || !db.dataDir || process.platform !== "linux") return ctx.skip(); // needs a local Postgres to freeze
    const { service, out } = await startTestService(db, { DB_QUERY_TIMEOUT_MS: "500", DB_CONNECT_TIMEOUT_MS: "500", DB_POOL_MAX: "4" });
    const base = `${service.url}/api/v1`;
    const frozen: number[] = [];
    try {
      // Open connections first, so that the requests below run on connections that exist.
      await Promise.all(Array.from({ length: 4 }, () => fetch(`${base}/todos`)));
      frozen.push(...postgresProcesses(db.dataDir));
      for (const pid of frozen) process.kill(pid, "SIGSTOP");
      // Bounded, so that a hang fails the test instead of holding it.
      const signal = AbortSignal.timeout(60_000);
      const requests = [
        fetch(`${base}/todos`, { signal }),
        fetch(`${base}/todos/1`, { signal }),
        fetch(`${base}/todos`, { method: "POST", headers: { "content-type": "application/json" }, body: '{"title":"t"}', signal }),
        ...Array.from({ length: 5 }, () => fetch(`${base}/todos?limit=1`, { signal })),
      ];
      const answers = await Promise.all(requests.map(async (r) => ({ status: (await r).status, body: await (await r).json() })));
      expect(answers).toEqual(requests.map(() => ({ status: 503, body: { error: "database unavailable" } })));
      expect(out.records().some((r) => r.event === "db_unavailable")).toBe(true);
    } finally {
      for (const pid of frozen) process.kill(pid, "SIGCONT");
    }
    try {
      await eventually(() => out.records().find((r) => r.event === "db_recovered"), "db_recovered", 200);
      expect((await fetch(`${base}/todos`)).status).toBe(200);
    } finally {
      await service.stop("test done");
    }
  }, 120_000);
});
