import { randomUUID } from "node:crypto";
import type { QueryResult, QueryStatistics, ResultRow } from "../engine/api.js";
import type { ServeLookupTables } from "./lookup-tables.js";
import { limitExceeded } from "./errors.js";
import type { QueryRun, QueryRunner } from "./query-runner.js";
import type { Store } from "./store.js";

/**
 * Logs Insights queries started on the endpoint: their lifecycle (Scheduled -> Running ->
 * Complete, or Failed / Cancelled / Timeout), their progress while they run, and their results
 * afterwards, kept for GetQueryResults paging. A query is Scheduled until the runner (query
 * threads) takes it; StopQuery and the time-out end its run where it is.
 */
export type QueryStatus = "Scheduled" | "Running" | "Complete" | "Failed" | "Cancelled" | "Timeout";

export interface QueryRecord {
  queryId: string;
  queryString: string;
  logGroupNames: string[];
  createTime: number;
  status: QueryStatus;
  /** Inclusive bounds, epoch ms. */
  start: number;
  end: number;
  limit?: number;
  run?: QueryRun;
  result?: QueryResult;
  /** Why a Failed query failed (kept for the request log, not sent: the API has no field). */
  failure?: string;
  finishTime?: number;
}

export interface QueryTableOptions {
  store: Store;
  runner: QueryRunner;
  /** The tables `lookup` and `cidrlookup` read (CreateLookupTable). */
  lookups?: ServeLookupTables;
  /** Scheduled + Running queries allowed at once; beyond, StartQuery answers LimitExceededException. */
  maxConcurrent: number;
  /** Fault injection: how long every query takes (0: as long as the engine needs). */
  queryTimeMs: number;
  /**
   * A query still running this long after it started running (a thread took it and loaded the
   * engine; time spent Scheduled does not count) ends as Timeout (CloudWatch: 60 minutes).
   */
  timeoutMs: number;
  /** Finished queries kept for GetQueryResults; the oldest are forgotten beyond this. */
  keepFinished: number;
  /**
   * Rows of finished queries kept, all told: the queries that finished first are forgotten beyond
   * this too (the last to finish is always kept). 1000 results of 10,000 rows held 3 GB.
   */
  keepRows: number;
  now(): number;
}

const ZERO: QueryStatistics = { recordsScanned: 0, recordsMatched: 0, bytesScanned: 0 };

export class QueryTable {
  private readonly byId = new Map<string, QueryRecord>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly timeouts = new WeakMap<QueryRecord, NodeJS.Timeout>();

  constructor(private readonly options: QueryTableOptions) {}

  get(queryId: string): QueryRecord | undefined {
    return this.byId.get(queryId);
  }

  /** Newest first, as DescribeQueries lists them. */
  list(): QueryRecord[] {
    return [...this.byId.values()].sort((a, b) => b.createTime - a.createTime);
  }

  active(): number {
    let n = 0;
    for (const q of this.byId.values()) if (q.status === "Scheduled" || q.status === "Running") n++;
    return n;
  }

  start(spec: { queryString: string; logGroupNames: string[]; start: number; end: number; limit?: number }): QueryRecord {
    if (this.active() >= this.options.maxConcurrent) {
      throw limitExceeded(`Account maximum query concurrency limit of [${this.options.maxConcurrent}] reached.`);
    }
    const record: QueryRecord = {
      queryId: randomUUID(),
      ...spec,
      createTime: this.options.now(),
      status: "Scheduled",
    };
    this.byId.set(record.queryId, record);
    this.forgetOldFinished();
    // Scheduled for a fifth of an injected query time, else until the next turn of the loop.
    this.later(this.options.queryTimeMs / 5, () => this.run(record));
    return record;
  }

  /** Returns false when the query had already ended. */
  stop(record: QueryRecord): boolean {
    if (record.status !== "Scheduled" && record.status !== "Running") return false;
    this.finish(record, "Cancelled");
    return true;
  }

  statistics(record: QueryRecord): QueryStatistics {
    return record.result?.statistics ?? record.run?.progress()?.statistics ?? ZERO;
  }

  /** Complete: every row; while running: the partial rows so far; otherwise none. */
  rows(record: QueryRecord): ResultRow[] {
    if (record.result) return record.result.rows;
    if (record.status === "Running") return record.run?.progress()?.partialRows() ?? [];
    return [];
  }

  async close(): Promise<void> {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    for (const record of this.byId.values()) if (!isFinished(record)) this.finish(record, "Cancelled");
    await this.options.runner.close();
  }

  private run(record: QueryRecord): void {
    if (record.status !== "Scheduled") return;
    const paceMs = this.options.queryTimeMs > 0 ? (this.options.queryTimeMs * 4) / 5 : 0;
    const run = this.options.runner.start({
      queryString: record.queryString,
      options: {
        start: record.start,
        end: record.end,
        ...(record.limit !== undefined ? { limit: record.limit } : {}),
        groups: { names: record.logGroupNames },
        now: record.createTime,
      },
      snapshot: this.options.store.snapshot(),
      // Copied to the query's thread, so only for a query that can read them.
      ...(this.options.lookups && /lookup/i.test(record.queryString) ? { lookupTables: this.options.lookups.bodies() } : {}),
      paceMs,
    });
    record.run = run;
    void run.started.then(() => {
      if (record.status !== "Scheduled") return;
      record.status = "Running";
      this.timeouts.set(record, this.later(this.options.timeoutMs, () => this.finish(record, "Timeout")));
    });
    run.result.then(
      (result) => {
        if (isFinished(record)) return; // stopped or timed out meanwhile
        record.result = result;
        this.finish(record, "Complete");
      },
      (error: unknown) => {
        if (isFinished(record)) return;
        record.failure = error instanceof Error ? error.message : String(error);
        this.finish(record, "Failed");
      },
    );
  }

  private finish(record: QueryRecord, status: QueryStatus): void {
    if (isFinished(record)) return;
    record.status = status;
    record.finishTime = this.options.now();
    const timeout = this.timeouts.get(record);
    if (timeout) {
      clearTimeout(timeout);
      this.timers.delete(timeout);
    }
    if (status !== "Complete") record.run?.stop();
    this.forgetOldFinished();
  }

  private later(ms: number, work: () => void): NodeJS.Timeout {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      work();
    }, ms);
    timer.unref();
    this.timers.add(timer);
    return timer;
  }

  /** The queries that finished longest ago first, the one that finished last always kept (its client is about to fetch it). */
  private forgetOldFinished(): void {
    const finished = [...this.byId.values()].filter(isFinished).sort((a, b) => (a.finishTime ?? 0) - (b.finishTime ?? 0) || a.createTime - b.createTime);
    let rows = finished.reduce((sum, record) => sum + (record.result?.rows.length ?? 0), 0);
    for (let i = 0; i < finished.length - 1; i++) {
      if (finished.length - i <= this.options.keepFinished && rows <= this.options.keepRows) break;
      rows -= finished[i].result?.rows.length ?? 0;
      this.byId.delete(finished[i].queryId);
    }
  }
}

function isFinished(record: QueryRecord): boolean {
  return record.status !== "Scheduled" && record.status !== "Running";
}
