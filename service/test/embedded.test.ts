import { spawn } from "node:child_process";
import { once } from "node:events";
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { describe, expect, it } from "vitest";
import { RUNTIME_DIR } from "../src/db/as-root.js";
import { removeEmbeddedData, startEmbedded } from "../src/db/embedded.js";
import { postgresBinaries } from "../src/db/postgres-binaries.js";

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

describe("an embedded Postgres where it is hard to run one", () => {
  it("as root, from a checkout only root can enter: it runs from places the postgres user can reach, and says where", async (ctx) => {
    if (process.env.DATABASE_URL || os.userInfo().uid !== 0) return ctx.skip(); // only root runs Postgres as another user
    // Root's home, in small: a 0700 directory holding the binaries and the data directory.
    const home = mkdtempSync(path.join(os.tmpdir(), "taskoverflow-root-home-"));
    expect(statSync(home).mode & 0o777).toBe(0o700);
    const own = (await postgresBinaries())!;
    const version = `test-${process.pid}-${Date.now()}`;
    const binaries = { nativeDir: path.join(home, "node_modules", "native"), version };
    cpSync(own.nativeDir, binaries.nativeDir, { recursive: true, verbatimSymlinks: true });
    const logs: string[] = [];
    let dataDir: string | undefined;
    try {
      const db = await startEmbedded({ dataDir: path.join(home, ".tolog", "pg"), port: 0, binaries, onLog: (line) => logs.push(line) });
      dataDir = db.dataDir;
      expect(dataDir.startsWith(RUNTIME_DIR + path.sep)).toBe(true);
      expect(logs.join("")).toContain(`cannot enter ${path.join(home, ".tolog")}; its data is in ${dataDir} (set EMBEDDED_PG_DIR to choose)`);
      expect(existsSync(path.join(RUNTIME_DIR, `bin-${version}`, "bin", "postgres"))).toBe(true);
      const client = new pg.Client({ host: db.host, port: db.port, user: db.user, password: db.password, database: db.database });
      await client.connect();
      expect((await client.query("SELECT current_user AS who")).rows).toEqual([{ who: "taskoverflow" }]);
      await client.end();
      await db.stop();
      // The next start from the same place finds the same cluster.
      const again = await startEmbedded({ dataDir: path.join(home, ".tolog", "pg"), port: 0, binaries });
      expect(again.dataDir).toBe(dataDir);
      await again.stop();
      // Removing the data asked for (as the demo does after a run) removes where it really went.
      await removeEmbeddedData(path.join(home, ".tolog", "pg"));
      expect(existsSync(path.dirname(dataDir))).toBe(false);
    } finally {
      rmSync(home, { recursive: true, force: true });
      rmSync(path.join(RUNTIME_DIR, `bin-${version}`), { recursive: true, force: true });
      if (dataDir) rmSync(path.dirname(dataDir), { recursive: true, force: true });
    }
  }, 120_000);

  it("a binary that cannot be run fails the start at once, with one message naming it", async (ctx) => {
    if (process.env.DATABASE_URL) return ctx.skip();
    const dir = mkdtempSync(path.join(os.tmpdir(), "taskoverflow-broken-"));
    chmodSync(dir, 0o755);
    // Binaries that lost their execute permission (a copy that kept no modes, a noexec mount).
    const nativeDir = path.join(dir, "native");
    mkdirSync(path.join(nativeDir, "bin"), { recursive: true });
    for (const binary of ["initdb", "postgres"]) writeFileSync(path.join(nativeDir, "bin", binary), "", { mode: 0o644 });
    const version = `broken-${process.pid}-${Date.now()}`;
    try {
      const failure = await startEmbedded({ dataDir: path.join(dir, "pg"), port: 0, binaries: { nativeDir, version } }).catch((e: unknown) => e);
      expect(failure).toBeInstanceOf(Error);
      const message = (failure as Error).message;
      expect(message).toMatch(os.userInfo().uid === 0 ? /cannot run the Postgres binaries copied to / : /cannot run initdb \(.*bin\/initdb\): EACCES/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
      rmSync(path.join(RUNTIME_DIR, `bin-${version}`), { recursive: true, force: true });
    }
  }, 60_000);
});
