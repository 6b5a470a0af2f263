import type pg from "pg";
import type { AppLogger } from "../logging/logger.js";

/**
 * Tracks whether the database is reachable. The first connection failure logs `db_unavailable`
 * and starts a probe (SELECT 1 every `probeMs`); the first probe that succeeds logs
 * `db_recovered`. Meanwhile the app answers 503 without touching the pool.
 */
export class DbAvailability {
  private down = false;
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;
  private lastError = "";
  private downSince = 0;

  constructor(
    private readonly pool: pg.Pool,
    private readonly log: AppLogger,
    private readonly probeMs = 1000,
  ) {}

  get available(): boolean {
    return !this.down;
  }

  markDown(err: unknown): void {
    if (this.down || this.stopped) return;
    this.down = true;
    this.lastError = errorText(err);
    this.downSince = performance.now();
    this.log.error("db", { event: "db_unavailable", error: this.lastError }, "database unavailable");
    this.schedule();
  }

  /** A cheap round trip; used by the health route and by the probe. */
  async ping(timeoutMs = 2000): Promise<void> {
    const client = await this.pool.connect();
    let broken: Error | undefined;
    try {
      await client.query({ text: "SELECT 1", query_timeout: timeoutMs } as pg.QueryConfig);
    } catch (err) {
      broken = err as Error;
      throw err;
    } finally {
      client.release(broken);
    }
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => void this.probe(), this.probeMs);
    this.timer.unref();
  }

  private async probe(): Promise<void> {
    try {
      await this.ping();
      if (this.stopped) return;
      this.down = false;
      const downMs = Math.round(performance.now() - this.downSince);
      this.log.info("db", { event: "db_recovered", error: this.lastError, down_ms: downMs }, "database reachable again");
    } catch {
      this.schedule();
    }
  }
}

function errorText(err: unknown): string {
  const e = err as { code?: string; message?: string } | undefined;
  const msg = e?.message ?? String(err);
  return e?.code ? `${e.code}: ${msg}` : msg;
}
