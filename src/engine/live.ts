import type { QueryStatistics, ResultRow, RunOptions } from "./api.js";
import type { LogEvent } from "./source.js";
import type { Plan } from "./compile/plan.js";
import { QueryError } from "./diagnostics.js";
import { Pipeline } from "./commands/pipeline.js";
import { Row } from "./record.js";
import { renderValue } from "./render.js";
import { compilePlan } from "./run.js";
import { parse } from "./parser.js";
import { subqueriesOf } from "./compile/subqueries.js";
import { discoverFields } from "./discover.js";

/**
 * A query that keeps running while events keep coming (`tolog ... --follow`): events are pushed
 * in as they arrive, a batch at a time, and the query's state carries over between batches, so
 * a stats holds its groups, not the events (memory is bounded by the groups, as in a one-off run).
 *
 * A query whose commands all pass rows on as they come (fields, filter, parse, display) is
 * `streaming`: each event's rows are handed out by `take()`, in arrival order, with no row cap
 * and no ordering by time (as a live tail). Any other (stats, sort, dedup, limit after those) is
 * redrawn: `snapshot()` is the result the query would return if the input ended now, with the
 * usual row cap and order.
 */
export interface LiveQuery {
  readonly fields: string[];
  /**
   * The only non-system fields the query reads from events, when it reads none other
   * (`ReadOptions.fields`): a source feeding several queries may extract their union.
   */
  readonly readFields: string[] | undefined;
  readonly streaming: boolean;
  /** A `limit` was reached: no event can add a row any more. */
  readonly done: boolean;
  push(events: readonly LogEvent[]): void;
  /** Rows of a streaming query made since the last call. */
  take(): ResultRow[];
  /** The whole result so far (a redrawn query; for a streaming one, nothing: its rows were taken). */
  snapshot(): ResultRow[];
  statistics(): QueryStatistics;
}

export type LiveQueryOptions = Pick<RunOptions, "now" | "start" | "end" | "limit" | "maxStatsGroups" | "groups" | "logFormats" | "lookups">;

/** Compiles `text` for live use; a `QueryError` carries every problem, as `runQuery` throws it. */
export function openLiveQuery(text: string, options: LiveQueryOptions = {}): LiveQuery {
  const now = options.now ?? Date.now();
  const parsed = parse(text);
  const checked = compilePlan(text, { ...options, now }, { checkOnly: true }, parsed);
  if (checked.diagnostics.length > 0) throw new QueryError(text, checked.diagnostics);
  if (subqueriesOf(parsed.query.commands).length > 0) {
    // A subquery's rows are the whole range's, read before the query runs: there is no such
    // moment when following.
    throw new QueryError(text, [{ code: "TL501", span: parsed.query.commands[0]?.span ?? { start: 0, end: text.length }, message: "a query with a subquery cannot run with --follow: its subquery would need every event before the first one arrives" }]);
  }
  const external = { lookups: options.lookups };
  const compile = (unbounded: boolean): Plan => {
    const { plan, diagnostics } = compilePlan(text, { ...options, now, unbounded }, external, parsed);
    if (diagnostics.length > 0) throw new QueryError(text, diagnostics);
    return plan;
  };
  const unbounded = compile(true);
  const streaming = !unbounded.stages.some((stage) => stage.blocking);
  return new RunningQuery(streaming ? unbounded : compile(false), streaming, options);
}

class RunningQuery implements LiveQuery {
  readonly fields: string[];
  readonly readFields: string[] | undefined;
  private readonly pipeline: Pipeline;
  private seq = 0;
  private scanned = 0;
  private bytes = 0;
  private readonly start: number;
  private readonly end: number;
  private readonly group: ((name: string) => boolean) | undefined;

  constructor(
    private readonly plan: Plan,
    readonly streaming: boolean,
    options: LiveQueryOptions,
  ) {
    this.fields = plan.columns.map((column) => column.name);
    this.readFields = plan.fields;
    this.pipeline = new Pipeline(plan.stages);
    this.start = options.start ?? -Infinity;
    this.end = options.end ?? Infinity;
    const groups = plan.groups ?? options.groups;
    const names = new Set(groups?.names ?? []);
    const prefixes = groups?.prefixes ?? [];
    this.group = names.size + prefixes.length === 0 ? undefined : (name) => names.has(name) || prefixes.some((prefix) => name.startsWith(prefix));
  }

  get done(): boolean {
    return this.pipeline.stopped;
  }

  push(events: readonly LogEvent[]): void {
    for (const event of events) {
      if (this.pipeline.stopped) return;
      // What a source does before the engine sees an event: the time range and SOURCE's groups.
      if (event.timestamp < this.start || event.timestamp > this.end) continue;
      if (this.group && !this.group(event.logGroup)) continue;
      this.scanned++;
      this.bytes += Buffer.byteLength(event.message);
      this.pipeline.push(new Row(event, this.seq++, this.plan.counter));
    }
  }

  take(): ResultRow[] {
    return this.streaming ? this.render(this.pipeline.take()) : [];
  }

  snapshot(): ResultRow[] {
    return this.streaming ? [] : this.render(this.pipeline.partial());
  }

  statistics(): QueryStatistics {
    return { recordsScanned: this.scanned, bytesScanned: this.bytes, recordsMatched: this.plan.counter.matched };
  }

  private render(rows: readonly Row[]): ResultRow[] {
    return rows.map((row) => {
      const out: ResultRow = {};
      for (const column of this.plan.columns) {
        const text = renderValue(column.value(row));
        if (text !== undefined) out[column.name] = text;
      }
      return out;
    });
  }
}

/**
 * Events about to be pushed into several live queries get their fields discovered once, here,
 * instead of once per query: a row reads `LogEvent.fields` first, and these are exactly the
 * fields its own discovery would find. (A source's extracted subset is replaced by the whole.)
 */
export function discoverOnce(events: readonly LogEvent[]): void {
  // JSON lines only: a text line's fields depend on each run's log formats (vended/discovery.ts).
  for (const event of events) if (event.fields === undefined && event.message.charCodeAt(0) === 123 /* { */) (event as { fields?: LogEvent["fields"] }).fields = discoverFields(event.message);
}

/** The fields every one of `queries` reads, when each reads only plain fields; else undefined (read them all). */
export function unionOfReadFields(queries: Iterable<LiveQuery>): string[] | undefined {
  const union = new Set<string>();
  for (const query of queries) {
    if (query.readFields === undefined) return undefined;
    for (const field of query.readFields) union.add(field);
  }
  return [...union];
}
