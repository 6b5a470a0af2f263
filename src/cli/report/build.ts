import { formatTime } from "../../analyses/format.js";
import { latency } from "../../analyses/latency/query.js";
import { races } from "../../analyses/races/query.js";
import { binFor, type ReportModel } from "../../analyses/report/model.js";
import { savedQueryLoader } from "../../analyses/saved-query-loader.js";
import type { SavedQueryRunner } from "../../analyses/saved-query-runner.js";
import { slowQueries } from "../../analyses/slow-queries/query.js";
import { findSlowestRequest, traceRequest } from "../../analyses/trace/query.js";
import { REQUEST_LINES, SQL_LINES, TODO_LINES } from "../../analyses/nothing-found.js";
import type { QueryResult, ResultRow } from "../../engine/api.js";
import { parseResultTime } from "../../output/chart/from-result.js";
import { openLiveQuery, unionOfReadFields } from "../../engine/live.js";
import { inBatches, type ReadStatistics } from "../../engine/source.js";
import { analysisRunner, type AnalysisArgs } from "../commands/analysis-support.js";
import type { HandlerContext } from "../context.js";
import { queryDirs } from "../query-text.js";
import { localProgress } from "../local-progress.js";
import { ReadOnceRunner } from "./read-once-runner.js";
import { resolveSource, type QuerySource } from "../resolve-source.js";
import { runQueryOn } from "../run-query.js";
import { resolveTimeRange, type TimeRange } from "../time-range.js";
import { OVERVIEW_QUERIES, overviewOf, spanOf, type OverviewResults } from "./overview.js";

export interface ReportOptions {
  title?: string;
  /** Chart bin width, ms; by default about 60 bins over the events found. */
  binMs?: number;
  toolVersion: string;
}

const TOP_STATEMENTS = 10;

/** Runs every analysis the report shows over the source and gathers their models. */
export async function buildReport(args: AnalysisArgs, ctx: HandlerContext, options: ReportOptions): Promise<ReportModel> {
  const range = resolveTimeRange(args, ctx.now());
  const source = await resolveSource(args, ctx);
  const started = performance.now();
  const read = source.kind === "local" ? await readOnce(source, range, args, ctx) : await queryEach(source, range, args, ctx);
  const { overview } = read;
  const run = once(read.run);
  // The run is where its requests are (a stray line, such as a file that is not a log, must
  // not stretch the charts); logs without requests span all their events.
  const span = spanOfRows(await run("latency")) ?? spanOf(overview);
  const window = range.start !== undefined && range.end !== undefined ? { start: range.start, end: range.end } : span;
  // A range covers whole seconds, its last to .999 (time-range.ts): an hour's is 3,600,999 ms, and 60 one-minute bins.
  const spanMs = window === undefined ? 60_000 : window.end - window.start - (window === span ? 0 : 999);
  const binMs = options.binMs ?? binFor(spanMs);
  const closed = range.start !== undefined && range.end !== undefined ? { window: { start: range.start, end: range.end } } : {};
  const latencyModel = await latency(run, { binMs, ...closed });
  const slowModel = await slowQueries(run, { top: TOP_STATEMENTS, ...closed });
  const racesModel = await races(run, closed);
  const slowestId = await findSlowestRequest(run);
  // The slowest request's lines, read again by its id (a needle: the local scan skips the rest).
  const slowest = slowestId === undefined ? undefined : await traceRequest((await analysisRunner(args, ctx)).run, slowestId);
  ctx.info(ctx.chalk.dim(`read ${overview.perSecond.statistics.recordsScanned.toLocaleString("en")} events in ${((performance.now() - started) / 1000).toFixed(1)} s`));

  const { followUp, searched } = await analysisRunner(args, ctx);
  const missing: string[] = [];
  // A range without them is not logs without them: CloudWatch's is the last hour unless given.
  const where = `in these logs${rangeText(searched)}`;
  const hasRequests = latencyModel.overall.requests + latencyModel.overall.unfinished > 0;
  if (!hasRequests) missing.push(`Latency, throughput and where the time goes: no ${REQUEST_LINES} ${where}.`);
  if (slowModel.statements.length === 0) missing.push(`Slow SQL: no ${SQL_LINES} ${where}.`);
  if (racesModel.summary.created === 0) missing.push(`Orphaned todos: no ${TODO_LINES} ${where}.`);
  if (!slowest) missing.push("Slowest request: no finished request to trace.");
  return {
    title: options.title ?? "TaskOverflow run report",
    source: source.kind === "local" ? source.paths.join(", ") : source.logGroups.join(", "),
    generatedAt: Date.now(),
    toolVersion: options.toolVersion,
    ...(window ? { window } : {}),
    overview: overviewOf(overview, binMs, window),
    ...(hasRequests ? { latency: latencyModel } : {}),
    ...(slowModel.statements.length > 0 ? { slowQueries: slowModel } : {}),
    ...(racesModel.summary.created > 0 ? { races: racesModel } : {}),
    ...(slowest ? { slowest } : {}),
    missing,
    commands: [
      ...(hasRequests ? [{ label: "latency over time", command: followUp(["latency", "--by-time", `${binMs / 1000}s`, "--chart"]) }] : []),
      ...(slowModel.statements.length > 0 ? [{ label: "slow SQL", command: followUp(["slow-queries"]) }] : []),
      ...(racesModel.summary.created > 0 ? [{ label: "orphaned todos", command: followUp(["races"]) }] : []),
      ...(slowestId ? [{ label: "slowest request", command: followUp(["trace", slowestId]) }] : []),
    ],
    ...(followUp.placeholder !== undefined ? { commandsPlaceholder: followUp.placeholder } : {}),
  };
}

/** ` between <start> and <end> UTC, the range searched` (or from / up to, for one bound); nothing for all the logs. */
function rangeText({ start, end }: TimeRange): string {
  if (start === undefined && end === undefined) return "";
  const bounds = start === undefined ? `up to ${formatTime(end!)} UTC` : end === undefined ? `from ${formatTime(start)} UTC on` : `between ${formatTime(start)} and ${formatTime(end)} UTC`;
  return ` ${bounds}, the range searched`;
}

/** Each saved query asked for once (on CloudWatch each run costs a Logs Insights query). */
function once(run: SavedQueryRunner): SavedQueryRunner {
  const results = new Map<string, Promise<ResultRow[]>>();
  return (name, params = {}) => {
    const key = `${name}\u0000${JSON.stringify(params)}`;
    let rows = results.get(key);
    if (!rows) results.set(key, (rows = run(name, params)));
    return rows;
  };
}

function spanOfRows(rows: readonly ResultRow[]): { start: number; end: number } | undefined {
  let start = Infinity;
  let end = -Infinity;
  for (const row of rows) {
    const at = parseResultTime(row["@timestamp"]);
    if (at === undefined) continue;
    if (at < start) start = at;
    if (at > end) end = at;
  }
  return start <= end ? { start, end } : undefined;
}

/**
 * Local files are read once: every saved query the analyses read and the overview's queries run
 * side by side over the same events (as `--follow` runs them), instead of one read per query.
 */
async function readOnce(source: Extract<QuerySource, { kind: "local" }>, range: TimeRange, args: AnalysisArgs, ctx: HandlerContext): Promise<{ run: SavedQueryRunner; overview: OverviewResults }> {
  const now = ctx.now();
  const open = (text: string) => openLiveQuery(text, { now, start: range.start, end: range.end });
  const runner = new ReadOnceRunner(savedQueryLoader(queryDirs(args, ctx)), open);
  // Over no events yet: opens every saved query the report's analyses ask for.
  await Promise.all([latency(runner.run), slowQueries(runner.run), races(runner.run), findSlowestRequest(runner.run)]);
  runner.seal();
  const overview = Object.fromEntries(Object.entries(OVERVIEW_QUERIES).map(([name, text]) => [name, open(text)])) as Record<keyof OverviewResults, ReturnType<typeof open>>;
  const stats: ReadStatistics = { recordsScanned: 0, bytesScanned: 0 };
  // The source takes out only the fields the queries filter and group on (a fast scan of each
  // line), instead of each query parsing every line's JSON.
  const fields = unionOfReadFields([...runner.liveQueries(), ...Object.values(overview)]);
  // The command's one progress line, which the slowest request's trace then goes on from.
  const progress = localProgress(ctx);
  for await (const batch of inBatches(source.events.read({ start: range.start, end: range.end, ...(fields ? { fields } : {}) }, stats))) {
    runner.push(batch);
    for (const live of Object.values(overview)) live.push(batch);
    progress.onProgress?.({ statistics: { ...stats, recordsMatched: 0 }, partialRows: () => [] });
  }
  progress.done({ ...stats, recordsMatched: 0 });
  const result = (name: keyof OverviewResults): QueryResult => ({ status: "Complete", fields: overview[name].fields, rows: overview[name].snapshot(), statistics: overview[name].statistics() });
  return { run: runner.run, overview: { perSecond: result("perSecond"), levels: result("levels"), messages: result("messages") } };
}

/** CloudWatch: each saved query and each overview query runs on Logs Insights. */
async function queryEach(source: QuerySource, range: TimeRange, args: AnalysisArgs, ctx: HandlerContext): Promise<{ run: SavedQueryRunner; overview: OverviewResults }> {
  const { run, range: resolved } = await analysisRunner(args, ctx);
  const window = { start: resolved.start ?? range.start, end: resolved.end ?? range.end };
  const query = (text: string) => runQueryOn(source, text, window, ctx);
  const [perSecond, levels, messages] = await Promise.all([query(OVERVIEW_QUERIES.perSecond), query(OVERVIEW_QUERIES.levels), query(OVERVIEW_QUERIES.messages)]);
  return { run, overview: { perSecond, levels, messages } };
}
