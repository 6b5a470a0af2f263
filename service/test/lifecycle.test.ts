import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../src/config.js";
import { startEmbedded } from "../src/db/embedded.js";
import { type TestDb, eventually, startTestDb, startTestService } from "./helpers.js";

describe("configuration", () => {
  it("stops on a bad value with a message naming the variable", () => {
    const cases: [Record<string, string>, string][] = [
      [{ PORT: "http" }, "PORT"],
      [{ PORT: "70000" }, "PORT"],
      [{ DB_POOL_MAX: "0" }, "DB_POOL_MAX"],
      [{ LOG_LEVEL: "loud" }, "LOG_LEVEL"],
      [{ LOGLEVEL: "loud" }, "LOGLEVEL"],
      [{ CHAOS_MODE: "maybe" }, "CHAOS_MODE"],
      [{ CHAOS_FAILURE_RATE: "2" }, "CHAOS_FAILURE_RATE"],
      [{ DATABASE_URL: "mysql://u:hunter2@h/db" }, "DATABASE_URL"],
    ];
    for (const [env, variable] of cases) {
      let thrown: unknown;
      try {
        loadConfig(env);
      } catch (err) {
        thrown = err;
      }
      expect(thrown, variable).toBeInstanceOf(ConfigError);
      expect((thrown as ConfigError).variable).toBe(variable);
      expect((thrown as Error).message).toContain(variable);
      expect((thrown as Error).message).not.toContain("hunter2");
    }
  });

  it("has the course's defaults and reads the seed workshop's spellings", () => {
    const c = loadConfig({});
    expect(c.port).toBe(6400);
    expect(c.host).toBe("127.0.0.1"); // the container and the deployment set HOST=0.0.0.0
    expect(c.logLevel).toBe("info");
    expect(c.chaos.enabled).toBe(false);
    expect(c.db.kind).toBe("embedded");
    const w = loadConfig({ LOGLEVEL: "DEBUG", CHAOSMODE: "on", DATABASE_URL: "postgres://u:p@db.example:5432/t" });
    expect(w.logLevel).toBe("debug");
    expect(w.chaos.enabled).toBe(true);
    expect(w.db.kind).toBe("external");
  });
});

describe("database outage and shutdown", () => {
  let db: TestDb;
  beforeAll(async () => {
    db = await startTestDb();
  });
  afterAll(async () => {
    await db?.close();
  });

  it("answers 503 while the database is down, logs db_unavailable, and recovers by itself", async (ctx) => {
    if (!db.embedded || !db.dataDir) return ctx.skip(); // needs a database this test may stop
    const { service, out } = await startTestService(db);
    try {
      const base = `${service.url}/api/v1`;
      expect((await fetch(`${base}/health`)).status).toBe(200);
      await db.pool.end();
      await db.embedded.stop();
      expect((await fetch(`${base}/health`)).status).toBe(503);
      await eventually(() => out.records().find((r) => r.event === "db_unavailable"), "db_unavailable");
      const list = await fetch(`${base}/todos`);
      expect(list.status).toBe(503);
      expect(await list.json()).toEqual({ error: "database unavailable" });

      const port = (db.target as { port: number }).port;
      db.embedded = await startEmbedded({ dataDir: db.dataDir, port });
      db.pool = new (await import("pg")).default.Pool({ ...(db.target as object), max: 2 });
      await eventually(() => out.records().find((r) => r.event === "db_recovered"), "db_recovered", 200);
      expect((await fetch(`${base}/health`)).status).toBe(200);
      expect((await fetch(`${base}/todos`)).status).toBe(200);
      expect(out.lines.join("\n")).not.toContain(db.secret);
    } finally {
      await service.stop("test done");
    }
  });

  it("drains in-flight requests on stop and refuses new connections", async () => {
    const { service, out } = await startTestService(db, { CHAOS_MODE: "on", CHAOS_LATENCY_RATE: "1", CHAOS_LATENCY_MS: "600", CHAOS_FAILURE_RATE: "0" });
    const url = `${service.url}/api/v1/todos`;
    const inFlight = fetch(url, { method: "POST", headers: { "content-type": "application/json", "x-request-id": "in-flight-1" }, body: JSON.stringify({ title: "drained" }) });
    await eventually(() => out.records().find((r) => r.event === "chaos_latency"), "the request to be in flight");
    const stopped = service.stop("SIGTERM");
    const res = await inFlight;
    expect(res.status).toBe(201);
    await stopped;
    await expect(fetch(url)).rejects.toThrow();
    const stopping = out.records().find((r) => r.event === "service_stopping");
    expect(stopping).toMatchObject({ reason: "SIGTERM", in_flight: 1 });
    const finished = out.records().find((r) => r.event === "request_finished" && r.request_id === "in-flight-1");
    expect(finished).toMatchObject({ status: 201 });
  });

  it("keeps the pool until handlers of abandoned requests have finished", async () => {
    const { service, out } = await startTestService(db, { CHAOS_MODE: "on", CHAOS_LATENCY_RATE: "1", CHAOS_LATENCY_MS: "600", CHAOS_FAILURE_RATE: "0" });
    const ctl = new AbortController();
    const pending = fetch(`${service.url}/api/v1/todos`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-request-id": "abandoned-1" },
      body: JSON.stringify({ title: "left behind" }),
      signal: ctl.signal,
    });
    await eventually(() => out.records().find((r) => r.event === "chaos_latency"), "the request to be delayed");
    ctl.abort();
    await expect(pending).rejects.toThrow();
    await eventually(() => out.records().find((r) => r.event === "request_aborted"), "request_aborted");
    // No connection is left, so the server closes at once; the handler is still sleeping.
    await service.stop("SIGTERM");
    const mine = out.records().filter((r) => r.request_id === "abandoned-1").map((r) => r.event);
    expect(mine).toContain("todo_created");
    expect(out.records().filter((r) => r.event === "error")).toEqual([]);
  });
});
