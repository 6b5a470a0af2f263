import type { AppEvent } from "../events.js";
import { NumberList } from "../number-list.js";
import { appendChains, joinChains, nextLineAfter, NONE, Records, type SavedRecords } from "../records.js";
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
type Untimed = Omit<Execution, "ms" | "inferred"> & { route?: string };

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

// Per request (records.ts): the latest of its lines and of its statements' call counts, each chained to the one before.
const LINES = 0;
const CALLS = 1;
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
  private readonly index = new Map<string, number>();
  private readonly requests = new Map<string, number>();
  private requestRecords = new Records(2);
  private lines = new Records(LINE_FIELDS);
  private calls = new Records(CALL_FIELDS);
  /** Statements without a logged duration, per request slot (producers that log none). */
  private readonly untimed = new Map<number, Untimed[]>();
  /** Every execution tallied: time, order, duration, pool wait (NaN: not logged), for the grand totals. */
  private executions = new Records(4);
  private totalCalls = 0;
  private waited = 0;
  private untimedCount = 0;
  private inferred = false;
  private first = Infinity;
  private last = -Infinity;

  constructor(private readonly options: { route?: string; series?: boolean } = {}) {}

  push(event: AppEvent, order: number): void {
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
    return copy;
  }

  /** Everything folded so far as plain data, for a part folded on another thread (part-folds.ts). */
  save(): SavedStatements {
    return {
      tallies: this.tallies.map(({ durations, waits, timed, ...tally }) => ({
        ...tally,
        durations: durations.view().slice(),
        waits: waits.view().slice(),
        ...(timed ? { timed: timed.view().slice() } : {}),
      })),
      requestIds: [...this.requests.keys()],
      untimed: [...this.untimed],
      requestRecords: this.requestRecords.save(),
      lines: this.lines.save(),
      calls: this.calls.save(),
      executions: this.executions.save(),
      counts: [this.totalCalls, this.waited, this.untimedCount, this.inferred ? 1 : 0, this.first, this.last],
    };
  }

  /**
   * Folds in what a later part of the lines gave (`save` of a fold over them alone), as if its
   * lines had been pushed here: they come after the lines folded so far, `offset` of them, so
   * their orders move up by `offset` and each "first" of theirs wins only when earlier. Each
   * statement's durations follow the ones so far, as they would have; every figure read from
   * them is order-free (sorted, or summed in time order), but `rowsTotal`, added in two sums, is
   * exact for whole row counts.
   */
  merge(saved: SavedStatements, offset: number): void {
    const fingerprints = saved.tallies.map((theirs) => {
      let at = this.index.get(theirs.sql);
      if (at === undefined) {
        at = this.tallies.length;
        this.index.set(theirs.sql, at);
        this.tallies.push({ ...newTally(theirs.sql, { at: Infinity, order: Infinity }, theirs.timed !== undefined), firstAt: Infinity, firstOrder: Infinity });
      }
      const tally = this.tallies[at];
      if (before({ at: theirs.firstAt, order: theirs.firstOrder + offset }, tally.firstAt, tally.firstOrder)) {
        tally.firstAt = theirs.firstAt;
        tally.firstOrder = theirs.firstOrder + offset;
      }
      tally.durations.append(theirs.durations);
      tally.waits.append(theirs.waits);
      tally.rowsTotal += theirs.rowsTotal;
      tally.rowsCount += theirs.rowsCount;
      const slowest = { ...theirs.slowest, order: theirs.slowest.order + offset };
      if (slowest.ms > tally.slowest.ms || (slowest.ms === tally.slowest.ms && before(slowest, tally.slowest.at, tally.slowest.order))) tally.slowest = slowest;
      tally.inferred ||= theirs.inferred;
      if (theirs.timed) tally.timed?.append(theirs.timed);
      return at;
    });
    const records = Records.restore(saved.requestRecords);
    // Every line in one copy; a request's chain then starts where its first line landed.
    const lines = appendChains(this.lines, Records.restore(saved.lines), offset);
    const calls = Records.restore(saved.calls);
    const slots = saved.requestIds.map((id, from) => {
      let request = this.requests.get(id);
      if (request === undefined) this.requests.set(id, (request = this.requestRecords.add(NONE, NONE)));
      const head = records.get(from, LINES);
      this.requestRecords.set(request, LINES, joinChains(this.lines, head === NONE ? NONE : head + lines, this.requestRecords.get(request, LINES)));
      for (let i = records.get(from, CALLS); i !== NONE; i = calls.get(i, 4)) {
        this.addCalls(request, fingerprints[calls.get(i, 0)], calls.get(i, 1), { at: calls.get(i, 2), order: calls.get(i, 3) + offset });
      }
      return request;
    });
    for (const [from, statements] of saved.untimed) {
      const request = slots[from];
      const waiting = this.untimed.get(request) ?? [];
      for (const statement of statements) waiting.push({ ...statement, order: statement.order + offset });
      this.untimed.set(request, waiting);
    }
    const executions = Records.restore(saved.executions);
    for (let i = 0; i < executions.length; i++) this.executions.set(this.executions.addCopy(executions, i), 1, executions.get(i, 1) + offset);
    const [totalCalls, waited, untimedCount, inferred, first, last] = saved.counts;
    this.totalCalls += totalCalls;
    this.waited += waited;
    this.untimedCount += untimedCount;
    this.inferred ||= inferred === 1;
    this.first = Math.min(this.first, first);
    this.last = Math.max(this.last, last);
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
  private addCalls(request: number, fingerprint: number, calls: number, first: { at: number; order: number }): void {
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

/** A StatementFold as plain data (`StatementFold.save`): tallies with their lists as arrays, untimed statements by request slot. */
export interface SavedStatements {
  tallies: Array<Omit<StatementTally, "durations" | "waits" | "timed"> & { durations: Float64Array; waits: Float64Array; timed?: Float64Array }>;
  requestIds: string[];
  untimed: Array<[number, Untimed[]]>;
  requestRecords: SavedRecords;
  lines: SavedRecords;
  calls: SavedRecords;
  executions: SavedRecords;
  /** totalCalls, waited, untimedCount, inferred (1/0), first, last. */
  counts: number[];
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
}

function newTally(sql: string, execution: { at: number; order: number }, series: boolean): StatementTally {
  return {
    sql,
    firstAt: execution.at,
    firstOrder: execution.order,
    durations: new NumberList(),
    waits: new NumberList(),
    rowsTotal: 0,
    rowsCount: 0,
    slowest: { ms: -Infinity, at: Infinity, order: Infinity },
    inferred: false,
    ...(series ? { timed: new NumberList() } : {}),
  };
}

function before(execution: { at: number; order: number }, at: number, order: number): boolean {
  return execution.at < at || (execution.at === at && execution.order < order);
}
