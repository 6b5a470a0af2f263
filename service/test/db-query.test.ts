import net from "node:net";
import pg from "pg";
import { expect, it } from "vitest";
import { createDb } from "../src/db/query.js";
import { createLogger } from "../src/logging/logger.js";
import { captureOutput } from "./helpers.js";

/** A loopback port nothing listens on: bound by the OS, then closed. */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

it("a statement that never gets a connection logs its time as pool wait and no SQL time", async () => {
  const pool = new pg.Pool({ host: "127.0.0.1", port: await closedPort(), connectionTimeoutMillis: 2000, max: 1 });
  pool.on("error", () => undefined);
  const out = captureOutput();
  const log = createLogger({ logLevel: "info", service: "taskoverflow", instance: "test", version: "0" }, out);
  const db = createDb(pool, log, () => undefined);
  try {
    await expect(db.query({ sql: "SELECT 1", operation: "SELECT", table: "none" })).rejects.toThrow();
  } finally {
    await pool.end();
  }
  const line = out.records().find((record) => record.event === "db_query");
  // pool_wait_ms + duration_ms is the statement's whole time: counted once, as waiting
  expect(line).toMatchObject({ level: "error", duration_ms: 0, error_code: "ECONNREFUSED" });
  expect(line?.pool_wait_ms).toBeGreaterThan(0);
});
