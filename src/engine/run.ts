import type { QueryResult, ResultRow, RunOptions } from "./api.js";
import type { EventSource, IndexKey, ReadOptions, ReadStatistics } from "./source.js";
import { inBatches } from "./source.js";
import type { Plan } from "./compile/plan.js";
import { QueryError, type Diagnostic } from "./diagnostics.js";
import { parse, type ParseResult } from "./parser.js";
import type { ExternalData } from "./compile/types.js";
import { needsExternalData } from "./compile/subqueries.js";
import { runSubqueries } from "./external.js";
import { compileQuery } from "./compile/query.js";
import { Pipeline } from "./commands/pipeline.js";
import { Row as RowClass } from "./record.js";
import { renderRows } from "./render-rows.js";
import { runInParts } from "./parallel/run.js";
import { runFoldInParts } from "./parallel/fold.js";
import { MAX_JSON_DEPTH } from "./discover.js";
import { Breather } from "./breather.js";
import { RunDiscovery } from "./vended/discovery.js";
import { flowRecordsFor } from "./vended/flow-stats.js";

/** Events between two `onProgress` calls. */
export const PROGRESS_EVERY = 10_000;

/**
 * Parses and compiles without running: every diagnostic of the query, in text order. Lookup
 * tables are not read and subqueries not run (their own problems are found).
 */
export function checkQuery(text: string): Diagnostic[] {
  return compilePlan(text, {}, { checkOnly: true }).diagnostics;
}

/** The field values every event a query matches has (`ReadOptions.indexKeys`); none for a query with problems. */
export function indexKeysOf(text: string): IndexKey[] {
  const { plan, diagnostics } = compilePlan(text, {}, { checkOnly: true });
  return diagnostics.length > 0 ? [] : plan.indexKeys;
}

/**
 * The columns a query's result has, in order, as `runQuery` gives them (`QueryResult.fields`),
 * or undefined for a query the engine does not run (refused or wrong): for ordering the columns
 * of the same query's rows from CloudWatch, whose rows leave out fields they have no value for.
 */
export function outputColumns(text: string): string[] | undefined {
  const { plan, diagnostics } = compilePlan(text, {}, { checkOnly: true });
  return diagnostics.length > 0 ? undefined : plan.columns.map((c) => c.name);
}

/** Parses and compiles a query (also in the workers of engine/parallel). */
export function compilePlan(
  text: string,
  options: Pick<RunOptions, "now" | "start" | "end" | "limit" | "maxStatsGroups" | "logFormats"> & { unbounded?: boolean },
  external: ExternalData = { checkOnly: true },
  parsed: ParseResult = parse(text),
): { plan: Plan; diagnostics: Diagnostic[] } {
  const compiled = compileQuery(parsed.query, {
    env: { now: options.now ?? Date.now(), start: options.start, end: options.end, external },
    limit: options.limit,
    maxStatsGroups: options.maxStatsGroups,
    unbounded: options.unbounded,
  });
  compiled.plan.counter.discovery = new RunDiscovery(options.logFormats, compiled.plan.fields);
  return { plan: compiled.plan, diagnostics: mergeDiagnostics(parsed.diagnostics, compiled.diagnostics) };
}

/** Parser and compiler diagnostics in text order, without duplicates. */
function mergeDiagnostics(a: Diagnostic[], b: Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  return [...a, ...b]
    .filter((d) => {
      const key = `${d.code}:${d.span.start}:${d.span.end}`;
      return seen.has(key) ? false : (seen.add(key), true);
    })
    .sort((x, y) => x.span.start - y.span.start);
}

/**
 * Runs a Logs Insights query over a source: parse, compile (a `QueryError` carries every
 * problem), stream the events through the plan, render the rows as GetQueryResults would.
 */
export async function runQuery(text: string, source: EventSource, options: RunOptions = {}): Promise<QueryResult> {
  const now = options.now ?? Date.now();
  const { onRows } = options;
  const unbounded = onRows !== undefined;
  const parsed = parse(text);
  const checked = compilePlan(text, { ...options, now, unbounded }, { checkOnly: true }, parsed);
  if (checked.diagnostics.length > 0) throw new QueryError(text, checked.diagnostics);
  // Lookup tables are read and subqueries run only for a query with no problem of its own.
  const subqueries = await runSubqueries(parsed.query, source, { ...options, now });
  const { plan, diagnostics } = needsExternalData(parsed.query.commands)
    ? compilePlan(text, { ...options, now, unbounded }, { lookups: options.lookups, subqueries }, parsed)
    : checked;
  if (diagnostics.length > 0) throw new QueryError(text, diagnostics);
  const { signal, onProgress } = options;
  throwIfAborted(signal);
  const job = {
    text,
    options: { start: options.start, end: options.end, limit: options.limit, maxStatsGroups: options.maxStatsGroups, now, groups: options.groups, unbounded, logFormats: options.logFormats },
  };
  const readOptions = readOptionsFor(plan, { ...options, signal });
  const listed =
    onRows && options.partFolds && (await runFoldInParts(job, plan, source, readOptions, { ...options.partFolds, numberColumns: options.numberColumns }, onRows, onProgress));
  if (listed) {
    warnTooDeep(listed.tooDeep, options);
    warnNearMisses(plan, options);
    return { status: "Complete", fields: plan.columns.map((c) => c.name), rows: [], statistics: listed.statistics };
  }
  const inParts = await runInParts(job, plan, source, readOptions, onProgress && ((p) => onProgress({ statistics: p.statistics, partialRows: () => renderRows(plan, p.partialRows()) })));
  if (inParts) {
    const rows = renderRows(plan, inParts.rows);
    warnTooDeep(inParts.tooDeep, options);
    warnNearMisses(plan, options);
    if (onRows) onRows(rows);
    return { status: "Complete", fields: plan.columns.map((c) => c.name), rows: onRows ? [] : rows, statistics: inParts.statistics, ...truncation(plan, rows) };
  }
  const read: ReadStatistics = { recordsScanned: 0, bytesScanned: 0 };
  const pipeline = new Pipeline(plan.stages);
  const statistics = () => ({ ...read, recordsMatched: plan.counter.matched });
  let seq = 0;
  const breather = new Breather();
  const progress = (): void => onProgress?.({ statistics: statistics(), partialRows: () => renderRows(plan, pipeline.partial()) });
  // Usual flow records straight to the stats, every other event through the pipeline, by the source.
  const flow = flowRecordsFor(plan, readOptions, () => pipeline.idRowsAt(plan.partial!.at), (event) => pipeline.push(new RowClass(event, seq++, plan.counter)));
  throwIfAborted(signal);
  // Set on the same object: a source keeps what a split that did not happen found for it (its files).
  if (flow) readOptions.flowRecords = flow;
  reading: for await (const batch of inBatches(source.read(readOptions, read))) {
    const turn = breather.breathe(batch.length);
    if (turn) await turn;
    throwIfAborted(signal);
    for (const event of batch) {
      pipeline.push(new RowClass(event, seq++, plan.counter));
      if (onProgress && seq % PROGRESS_EVERY === 0) progress();
      if (pipeline.stopped) break reading;
    }
    if (flow?.progressDue(PROGRESS_EVERY)) progress();
    if (onRows) {
      const ready = pipeline.take();
      if (ready.length > 0) onRows(renderRows(plan, ready, options.numberColumns));
    }
  }
  throwIfAborted(signal);
  // Rendering reads the fields of rows kept whole, so it comes before the count of deep events.
  const rows = renderRows(plan, pipeline.finish(), onRows && options.numberColumns);
  warnTooDeep(plan.counter.tooDeep, options);
  warnNearMisses(plan, options);
  if (onRows && rows.length > 0) onRows(rows);
  return { status: "Complete", fields: plan.columns.map((c) => c.name), rows: onRows ? [] : rows, statistics: statistics(), ...truncation(plan, rows) };
}

/** `QueryResult.truncated` when the row cap left rows out (never with `onRows`, which has no cap). */
function truncation(plan: Plan, rows: readonly unknown[]): Pick<QueryResult, "truncated"> {
  return plan.counter.capped ? { truncated: { rowCap: rows.length } } : {};
}

/** Tells once how many events were read without their fields for nesting too deeply. */
function warnTooDeep(count: number, options: RunOptions): void {
  if (count === 0) return;
  const events = count === 1 ? "1 event nests" : `${count.toLocaleString("en")} events nest`;
  options.onWarning?.(
    `${events} JSON more than ${MAX_JSON_DEPTH} levels deep: their fields were not discovered (system fields such as @timestamp and @message were read)`,
  );
}

/** Per log stream where lines almost matched a vended format: how many lines were read as which. */
function warnNearMisses(plan: Plan, options: RunOptions): void {
  for (const report of plan.counter.discovery?.tallies.nearMissReports() ?? []) options.onWarning?.(report);
}

/** What to ask the source for. */
export function readOptionsFor(plan: Plan, options: Pick<RunOptions, "start" | "end" | "groups" | "signal" | "logFormats">): ReadOptions {
  return {
    start: options.start,
    end: options.end,
    groups: plan.groups ?? options.groups,
    needles: plan.needles.length > 0 ? plan.needles : undefined,
    indexKeys: plan.indexKeys.length > 0 ? plan.indexKeys : undefined,
    fields: plan.fields,
    messageUnread: plan.fields !== undefined && !plan.readsMessage,
    timeUnread: !plan.readsTime && (options.start ?? -Infinity) === -Infinity && (options.end ?? Infinity) === Infinity,
    signal: options.signal,
    logFormats: options.logFormats,
  };
}

function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new DOMException("The query was cancelled", "AbortError");
}
