import type pg from "pg";
import type { AppLogger } from "../logging/logger.js";
import { ms } from "../logging/logger.js";
import { currentContext } from "../logging/request-context.js";

export type Operation = "SELECT" | "INSERT" | "UPDATE" | "DELETE" | "CREATE" | "ALTER" | "OTHER";

export interface Statement {
  /** Parameterised text with $1 placeholders; values go in `params` and are never logged. */
  sql: string;
  params?: unknown[];
  operation: Operation;
  table: string;
}

/** SQLSTATE classes and client errors that mean "the database is not there", not "bad query". */
export function isConnectionError(err: unknown): boolean {
  const e = err as { code?: string; message?: string } | undefined;
  const code = e?.code ?? "";
  if (/^(08|57P0|53300)/.test(code)) return true;
  if (["ECONNREFUSED", "ECONNRESET", "ENOTFOUND", "ETIMEDOUT", "EPIPE", "EAI_AGAIN"].includes(code)) return true;
  const msg = e?.message ?? "";
  // "Query read timeout": the server did not answer a statement at all (query_timeout).
  return /timeout exceeded when trying to connect|Query read timeout|Connection terminated|connection.*(closed|ended)|Client has encountered a connection error/i.test(msg);
}

/** Postgres cancelled a statement that ran past statement_timeout: the database is up, but too slow now. */
export function isStatementTimeout(err: unknown): boolean {
  return (err as { code?: string } | undefined)?.code === "57014";
}

export interface Db {
  query<R extends pg.QueryResultRow = pg.QueryResultRow>(stmt: Statement): Promise<pg.QueryResult<R>>;
}

/**
 * The only way the service talks to Postgres: every statement is timed (pool wait and execution
 * separately), counted into the current request, and logged as `db_query` with its text.
 */
export function createDb(pool: pg.Pool, log: AppLogger, onConnectionError: (err: unknown) => void): Db {
  return {
    async query<R extends pg.QueryResultRow>(stmt: Statement) {
      const ctx = currentContext();
      const t0 = performance.now();
      let client: pg.PoolClient | undefined;
      let waited = 0;
      let failure: unknown;
      try {
        client = await pool.connect();
        waited = performance.now() - t0;
        const t1 = performance.now();
        const result = await client.query<R>(stmt.sql, stmt.params);
        const took = performance.now() - t1;
        if (ctx) {
          ctx.dbQueries++;
          ctx.dbMs += took;
        }
        log.info(
          "db",
          { event: "db_query", sql: stmt.sql, operation: stmt.operation, table: stmt.table, duration_ms: ms(took), rows: result.rowCount ?? 0, pool_wait_ms: ms(waited) },
          `${stmt.operation} ${stmt.table}`,
        );
        return result;
      } catch (err) {
        // No connection: the whole time was spent waiting for one, and no SQL ran.
        if (!client) waited = performance.now() - t0;
        const took = client ? performance.now() - t0 - waited : 0;
        if (ctx) {
          ctx.dbQueries++;
          ctx.dbMs += took;
        }
        failure = err;
        const e = err as { code?: string; message?: string };
        log.error(
          "db",
          {
            event: "db_query",
            sql: stmt.sql,
            operation: stmt.operation,
            table: stmt.table,
            duration_ms: ms(took),
            rows: 0,
            pool_wait_ms: ms(waited),
            error_code: e.code ?? "CLIENT",
            error: e.message ?? String(err),
          },
          `${stmt.operation} ${stmt.table} failed`,
        );
        if (isConnectionError(err)) onConnectionError(err);
        throw err;
      } finally {
        // A broken connection is discarded rather than handed to the next request.
        client?.release(failure !== undefined && isConnectionError(failure) ? (failure as Error) : undefined);
      }
    },
  };
}
