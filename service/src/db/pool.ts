import pg from "pg";
import type { Config, DbTarget } from "../config.js";

const TIMESTAMP_OID = 1114; // timestamp without time zone

/**
 * Timestamps come back as Postgres text ("2025-09-05 15:00:00.123456") and are turned into the
 * course's naive ISO form ("2025-09-05T15:00:00.123456"), keeping the microseconds that a JS Date
 * would drop. The override is per pool, so no global pg state changes.
 */
const types = {
  getTypeParser(oid: number, format?: "text" | "binary") {
    if (oid === TIMESTAMP_OID && format !== "binary") return (value: string) => value.replace(" ", "T");
    return pg.types.getTypeParser(oid, format);
  },
};

export interface PoolTarget {
  connectionString?: string;
  host?: string;
  port?: number;
  database?: string;
  user?: string;
  password?: string;
}

/** How much longer than the server's own statement timeout the client waits for any answer. */
const FROZEN_SERVER_GRACE_MS = 1000;

export function createPool(target: PoolTarget, config: Pick<Config, "dbPoolMax" | "dbConnectTimeoutMs" | "dbQueryTimeoutMs">): pg.Pool {
  return new pg.Pool({
    ...target,
    max: config.dbPoolMax,
    connectionTimeoutMillis: config.dbConnectTimeoutMs,
    // Every request is bounded: Postgres cancels a statement that runs too long, and a server that
    // answers nothing at all (frozen, or cut off) is given up on a little later, on our side.
    statement_timeout: config.dbQueryTimeoutMs,
    query_timeout: config.dbQueryTimeoutMs + FROZEN_SERVER_GRACE_MS,
    idleTimeoutMillis: 30_000,
    application_name: "taskoverflow",
    // Timestamps are naive UTC, as in the course; UTC sessions make LOCALTIMESTAMP mean utcnow().
    options: "-c TimeZone=UTC",
    types,
  });
}

/** The host to name in logs: never the connection string, never the password. */
export function describeHost(target: DbTarget | PoolTarget): string {
  if ("kind" in target && target.kind === "embedded") return "embedded";
  const t = target as PoolTarget;
  if (t.connectionString) {
    try {
      return new URL(t.connectionString).hostname || "localhost";
    } catch {
      return "unknown";
    }
  }
  return t.host ?? process.env.PGHOST ?? "localhost";
}
