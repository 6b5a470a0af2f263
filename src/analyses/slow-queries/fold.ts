import type { AppEvent } from "../events.js";
import { NumberList } from "../number-list.js";
import { nextLineAfter, NONE, Records } from "../records.js";
import { mergeStatements, saveStatements, type SavedStatements } from "./fold-parts.js";
import { before, CALLS, LINES, newTally } from "./tally.js";
import { isTransactionControl, N_PLUS_ONE_THRESHOLD } from "../n-plus-one.js";
import { sqlFingerprint } from "../sql-fingerprint.js";

/** One execution with its duration, measured or inferred (sql-executions.ts). */
interface Execution {
  at: number;
  order: number;
  sql: string;
  ms: number;
  inferred: boolean;
  requestId?: string;
  poolWaitMs?: number;
  rows?: number;
}

/** A statement without a logged duration, timed once all its request's lines are in. */
export type Untimed = Omit<Execution, "ms" | "inferred"> & { route?: string };

/** Everything the answer needs of one statement (all executions sharing a fingerprint). */
export interface StatementTally {
  sql: string;
  /** The first execution, by time then order: statements tied in rank keep this order. */
  firstAt: number;
  firstOrder: number;
  durations: NumberList;
  waits: NumberList;
  rowsTotal: number;
  rowsCount: number;
  slowest: { ms: number; at: number; order: number; requestId?: string };
  inferred: boolean;
  /** (time, ms) of each execution, for a series per time bin. */
  timed?: NumberList;
}

/** A statement run at least N_PLUS_ONE_THRESHOLD times in one request. */
export interface Repeat {
  sql: string;
  calls: number;
  requestId: string;
  firstAt: number;
  firstOrder: number;
}

/** A line other than statement parameters: time, order, the one before. */
const LINE_FIELDS = 3;
/** A statement the request ran: fingerprint index, calls, first time, first order, the one before. */
const CALL_FIELDS = 5;

/**
 * The statements of `queries/slow-queries.insights` tallied as the lines stream: per fingerprint
 * its durations (8 bytes each, for exact percentiles) and sums, per request how often it ran
 * each statement (for N+1) and the times of its lines (for producers that log no durations).
 * No line is kept; statements without a logged duration wait for their request's next line.
 */
export class StatementFold {
  readonly tallies: StatementTally[] = [];
  /** Also written by fold-parts.ts, merging parts. */
  readonly index = new Map<string, number>();
  /** Also written by fold-parts.ts, merging parts. */
  readonly requests = new Map<string, number>();
  requestRecords = new Records(2);
  lines = new Records(LINE_FIELDS);
  calls = new Records(CALL_FIELDS);
  /** Statements without a logged duration, per request slot (producers that log none). */
  /** Also written by fold-parts.ts, merging parts. */
  readonly untimed = new Map<number, Untimed[]>();
  /** Every execution tallied: time, order, duration, pool wait (NaN: not logged), for the grand totals. */
  executions = new Records(4);
  totalCalls = 0;
  waited = 0;
  untimedCount = 0;
  inferred = false;
  first = Infinity;
  last = -Infinity;
  /** With a route to keep to: every route template the lines name, to list when none is that route (also fold-parts.ts). */
  readonly routes = new Set<string>();

  constructor(private readonly options: { route?: string; series?: boolean } = {}) {}

  push(event: AppEvent, order: number): void {
    if (this.options.route !== undefined && event.route !== undefined) this.routes.add(event.route);
    const id = event.requestId;
    let request: number | undefined;
    if (id !== undefined) {
      request = this.requests.get(id);
      if (request === undefined) this.requests.set(id, (request = this.requestRecords.add(NONE, NONE)));
      if (event.event !== "db_params") this.requestRecords.set(request, LINES, this.lines.add(event.timestamp, order, this.requestRecords.get(request, LINES)));
    }
    if (event.event !== "db_query" || event.sql === undefined) return;
    // Statements are counted as untimed on every route; only the route's ones are tallied.
    if (event.sqlMs === undefined) {
      const execution = { at: event.timestamp, order, sql: event.sql, requestId: id, poolWaitMs: event.poolWaitMs, rows: event.rows, route: event.route };
      if (request !== undefined) {
        const waiting = this.untimed.get(request);
        if (waiting) waiting.push(execution);
        else this.untimed.set(request, [execution]);
      } else this.untimedCount++;
    } else if (this.onRoute(event)) {
      // One object with the fields `add` reads: a spread of the untimed shape per statement was 5% of slow-queries' CPU.
      this.add({ at: event.timestamp, order, sql: event.sql, ms: event.sqlMs, inferred: false, requestId: id, poolWaitMs: event.poolWaitMs, rows: event.rows }, request);
    }
  }

  private onRoute(statement: { route?: string }): boolean {
    return this.options.route === undefined || statement.route === this.options.route;
  }

  /**
   * The tallies so far, with the statements that wait for their request's next line timed by the
   * lines in so far: in a copy, so that this fold goes on taking lines (`--follow`).
   */
  finish(): StatementFoldResult {
    if (this.untimed.size === 0) return this.result();
    const settled = this.clone();
    settled.timeWaiting();
    return settled.result();
  }

  private timeWaiting(): void {
    for (const request of this.requests.values()) {
      for (const statement of this.untimed.get(request) ?? []) {
        const next = nextLineAfter(this.lines, this.requestRecords.get(request, LINES), statement.at, statement.order);
        if (next === undefined) this.untimedCount++;
        else if (this.onRoute(statement)) this.add({ ...statement, ms: next - statement.at, inferred: true }, request);
      }
    }
    this.untimed.clear();
  }

  private result(): StatementFoldResult {
    return {
      tallies: this.tallies,
      totalCalls: this.totalCalls,
      ...this.totals(),
      untimed: this.untimedCount,
      inferred: this.inferred,
      ...(this.first <= this.last ? { span: { start: Math.floor(this.first), end: Math.ceil(this.last) } } : {}),
      repeats: this.repeats(),
      routes: [...this.routes].sort(),
    };
  }

  /** An independent copy of everything folded so far. */
  clone(): StatementFold {
    const copy = new StatementFold(this.options);
    for (const tally of this.tallies) {
      copy.tallies.push({ ...tally, durations: tally.durations.clone(), waits: tally.waits.clone(), ...(tally.timed ? { timed: tally.timed.clone() } : {}) });
    }
    for (const [key, value] of this.index) copy.index.set(key, value);
    for (const [key, value] of this.requests) copy.requests.set(key, value);
    for (const [key, value] of this.untimed) copy.untimed.set(key, [...value]);
    copy.requestRecords = this.requestRecords.clone();
    copy.lines = this.lines.clone();
    copy.calls = this.calls.clone();
    copy.executions = this.executions.clone();
    copy.totalCalls = this.totalCalls;
    copy.waited = this.waited;
    copy.untimedCount = this.untimedCount;
    copy.inferred = this.inferred;
    copy.first = this.first;
    copy.last = this.last;
    for (const route of this.routes) copy.routes.add(route);
    return copy;
  }

  /** Everything folded so far as plain data, for a part folded on another thread (part-folds.ts, fold-parts.ts). */
  save(): SavedStatements {
    return saveStatements(this);
  }

  /** Folds in what a later part of the lines gave (fold-parts.ts). */
  merge(saved: SavedStatements, offset: number): void {
    mergeStatements(this, saved, offset);
  }

  /**
   * The grand totals, added up in time order (then the order lines came in), as a sum over every
   * line sorted by time gives them: to the last bit, whatever order the lines arrived in.
   */
  private totals(): { totalMs: number; poolWaitMs?: number } {
    const e = this.executions;
    const indexes = Array.from({ length: e.length }, (_, i) => i).sort((a, b) => e.get(a, 0) - e.get(b, 0) || e.get(a, 1) - e.get(b, 1));
    let totalMs = 0;
    let poolWaitMs = 0;
    for (const i of indexes) {
      totalMs += e.get(i, 2);
      const wait = e.get(i, 3);
      if (!Number.isNaN(wait)) poolWaitMs += wait;
    }
    return { totalMs, ...(this.waited > 0 ? { poolWaitMs } : {}) };
  }

  private add(execution: Execution, request: number | undefined): void {
    const fingerprint = sqlFingerprint(execution.sql);
    let at = this.index.get(fingerprint);
    if (at === undefined) {
      at = this.tallies.length;
      this.index.set(fingerprint, at);
      this.tallies.push(newTally(fingerprint, execution, this.options.series === true));
    }
    const tally = this.tallies[at];
    const { ms } = execution;
    if (before(execution, tally.firstAt, tally.firstOrder)) {
      tally.firstAt = execution.at;
      tally.firstOrder = execution.order;
    }
    tally.durations.push(ms);
    if (execution.poolWaitMs !== undefined) {
      tally.waits.push(execution.poolWaitMs);
      this.waited++;
    }
    if (execution.rows !== undefined) {
      tally.rowsTotal += execution.rows;
      tally.rowsCount++;
    }
    const slowest = tally.slowest;
    if (ms > slowest.ms || (ms === slowest.ms && before(execution, slowest.at, slowest.order))) {
      tally.slowest = { ms, at: execution.at, order: execution.order, ...(execution.requestId !== undefined ? { requestId: execution.requestId } : {}) };
    }
    tally.inferred ||= execution.inferred;
    tally.timed?.push(execution.at);
    tally.timed?.push(ms);
    this.executions.add(execution.at, execution.order, ms, execution.poolWaitMs ?? NaN);
    this.totalCalls++;
    this.inferred ||= execution.inferred;
    if (execution.at < this.first) this.first = execution.at;
    if (execution.at > this.last) this.last = execution.at;
    if (request !== undefined && !isTransactionControl(execution.sql)) this.countCall(request, at, execution);
  }

  private countCall(request: number, fingerprint: number, execution: Execution): void {
    this.addCalls(request, fingerprint, 1, execution);
  }

  /** `calls` more runs of a statement by a request, the first of them at `first`. */
  /** `calls` more runs of a statement by a request (also fold-parts.ts). */
  addCalls(request: number, fingerprint: number, calls: number, first: { at: number; order: number }): void {
    const c = this.calls;
    for (let i = this.requestRecords.get(request, CALLS); i !== NONE; i = c.get(i, 4)) {
      if (c.get(i, 0) !== fingerprint) continue;
      c.set(i, 1, c.get(i, 1) + calls);
      if (before(first, c.get(i, 2), c.get(i, 3))) {
        c.set(i, 2, first.at);
        c.set(i, 3, first.order);
      }
      return;
    }
    this.requestRecords.set(request, CALLS, c.add(fingerprint, calls, first.at, first.order, this.requestRecords.get(request, CALLS)));
  }

  /** Statements run N_PLUS_ONE_THRESHOLD times or more in one request: most calls first, then by their first run. */
  private repeats(): Repeat[] {
    const repeats: Repeat[] = [];
    const c = this.calls;
    for (const [requestId, request] of this.requests) {
      for (let i = this.requestRecords.get(request, CALLS); i !== NONE; i = c.get(i, 4)) {
        if (c.get(i, 1) < N_PLUS_ONE_THRESHOLD) continue;
        repeats.push({ sql: this.tallies[c.get(i, 0)].sql, calls: c.get(i, 1), requestId, firstAt: c.get(i, 2), firstOrder: c.get(i, 3) });
      }
    }
    return repeats.sort((a, b) => b.calls - a.calls || a.firstAt - b.firstAt || a.firstOrder - b.firstOrder);
  }
}

export interface StatementFoldResult {
  tallies: StatementTally[];
  totalCalls: number;
  /** Added up in time order (then arrival order), as summing the lines sorted by time does. */
  totalMs: number;
  /** Undefined when no execution logged pool_wait_ms. */
  poolWaitMs?: number;
  untimed: number;
  inferred: boolean;
  /** First and last execution, whole ms. */
  span?: { start: number; end: number };
  repeats: Repeat[];
  /** The route templates the lines name, sorted; gathered only with a route to keep to. */
  routes: string[];
}
