import { spawn } from "node:child_process";
import { once } from "node:events";
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { describe, expect, it } from "vitest";
import { startEmbedded } from "../src/db/embedded.js";

const running = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe("an embedded Postgres left running", () => {
  it("is stopped when the service that started it is gone, and refused while that service runs", async (ctx) => {
    if (process.env.DATABASE_URL) return ctx.skip(); // tests run against an external database
    const dir = mkdtempSync(path.join(os.tmpdir(), "taskoverflow-orphan-"));
    chmodSync(dir, 0o755);
    const dataDir = path.join(dir, "pg");
    const sleeper = spawn("sleep", ["60"]);
    try {
      // Started and never stopped, as by a service killed with SIGKILL.
      await startEmbedded({ dataDir, port: 0 });
      const leftPid = Number(readFileSync(path.join(dataDir, "postmaster.pid"), "utf8").split("\n")[0]);
      expect(running(leftPid)).toBe(true);

      // Its owner still runs: the start is refused, naming the owner and the way out.
      writeFileSync(`${dataDir}.owner`, `${sleeper.pid}\n`);
      await expect(startEmbedded({ dataDir, port: 0 })).rejects.toThrow(`still running (process ${sleeper.pid})`);
      expect(running(leftPid)).toBe(true);

      // Its owner is gone: the next start stops the left-over cluster and starts afresh.
      sleeper.kill();
      await once(sleeper, "exit");
      const logs: string[] = [];
      const db = await startEmbedded({ dataDir, port: 0, onLog: (line) => logs.push(line) });
      expect(running(leftPid)).toBe(false);
      expect(logs.join("")).toContain(`stopped the Postgres (process ${leftPid})`);
      const client = new pg.Client({ host: db.host, port: db.port, user: db.user, password: db.password, database: db.database });
      await client.connect();
      expect((await client.query("SELECT 1 AS one")).rows).toEqual([{ one: 1 }]);
      await client.end();
      await db.stop();
      expect(existsSync(`${dataDir}.owner`)).toBe(false);
    } finally {
      sleeper.kill();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
