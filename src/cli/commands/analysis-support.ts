import { printNote } from "../print-note.js";
import { Chalk } from "chalk";
import type { RenderOptions } from "../../analyses/render-options.js";
import { savedQueryLoader } from "../../analyses/saved-query-loader.js";
import { createSavedQueryRunner, type EachOptions, type QueryParams, type SavedQueryRunner } from "../../analyses/saved-query-runner.js";
import { renderCsv } from "../../output/csv.js";
import type { OutputFormat, Tabular } from "../../output/formats.js";
import { recordsToTabular, renderRecordsNdjson, withoutFloatNoise } from "../../output/records.js";
import type { OptionSpecs } from "../command.js";
import type { HandlerContext } from "../context.js";
import { followUpCommand, invocation, type FollowUp, type FollowUpArgs } from "../follow-up.js";
import { UsageError, UserError } from "../../shared/errors.js";
import { MAX_BINS, TooManyBinsError } from "../../analyses/bin-duration.js";
import { formatOptions, limitOptions, savedQueryOptions, sourceOptions, timeOptions } from "../options.js";
import { followOptions } from "../follow/options.js";
import { MAX_LIMIT, type RowsCut } from "../limit.js";
import { queryDirs } from "../query-text.js";
import { warnOfShadowedQueries } from "../follow-up-shadows.js";
import { resolveSource, type QuerySource } from "../resolve-source.js";
import { searchedWhere } from "../searched-where.js";
import type { ResultRow } from "../../engine/api.js";
import { runQueryOn } from "../run-query.js";
import { resolveTimeRange, type TimeRange } from "../time-range.js";

/** The options of trace, slow-queries and races: source, range, every format, --limit, interactive. */
export const analysisOptions = {
  ...sourceOptions,
  ...timeOptions,
  ...savedQueryOptions,
  ...formatOptions,
  ...limitOptions,
  interactive: {
    type: "boolean",
    alias: "i",
    describe: "Browse the answer in an interactive view (only on a terminal)",
  },
  ...followOptions,
} as const satisfies OptionSpecs;

export interface AnalysisArgs extends FollowUpArgs {
  follow?: boolean;
  interval?: string;
  since?: string;
  start?: string;
  end?: string;
  format?: string;
  limit?: number;
  interactive?: boolean;
}

/** What is said beside an answer, whatever the analysis. */
export interface AnswerContext {
  /** Follow-up commands over the same logs and range, for `next:` and `Example:` lines. */
  followUp: FollowUp;
  /** The logs read, and the range when one was chosen: where an answer that found nothing looked. */
  where: string;
}

export interface AnalysisRun extends AnswerContext {
  run: SavedQueryRunner;
  range: TimeRange;
  /** The range the queries read: on CloudWatch without one given, the last hour it defaults to. */
  searched: TimeRange;
}

/** A runner for the analyses' saved queries over the selected source and range. */
export async function analysisRunner(args: AnalysisArgs, ctx: HandlerContext): Promise<AnalysisRun> {
  const range = resolveTimeRange(args, ctx.now());
  const source = await resolveSource(args, ctx);
  if (source.kind === "local") {
    const followUp = warnOfShadowedQueries(followUpCommand(invocation(ctx.io.env), args, range), args, ctx);
    return { run: localRunner(source, args, range, ctx), range, searched: range, followUp, where: searchedWhere(source, range) };
  }
  let toldSlicing = false;
  const run = createSavedQueryRunner({
    loadQuery: savedQueryLoader(queryDirs(args, ctx)),
    run: (query, window) => runQueryOn(source, query, { start: window.start, end: window.end }, ctx, { everyRow: true }),
    window: range,
    // CloudWatch results come complete (paged and split past the cap by src/cloudwatch): no re-slicing.
    ...(source.kind === "cloudwatch" ? { cap: Number.POSITIVE_INFINITY } : {}),
    // Said once: a large range may split many times, and the lines would bury the answer.
    onRun: (window, rows, truncated) => {
      if (!truncated || toldSlicing) return;
      toldSlicing = true;
      ctx.info(`${rows} rows (the row cap) between ${iso(window.start)} and ${iso(window.end)}: fetching in smaller time slices`);
    },
  });
  // A follow-up pasted later must read the same hour.
  const searched = await searchedRange(source, range, ctx);
  return { run, range, searched, followUp: warnOfShadowedQueries(followUpCommand(invocation(ctx.io.env), args, searched), args, ctx), where: searchedWhere(source, range, searched) };
}

/** CloudWatch reads the last hour when no range is given. */
async function searchedRange(source: QuerySource, range: TimeRange, ctx: HandlerContext): Promise<TimeRange> {
  if (source.kind !== "cloudwatch" || (range.start !== undefined && range.end !== undefined)) return range;
  const { DEFAULT_RANGE_MS } = await import("../../cloudwatch/cloudwatch-source.js");
  const end = range.end ?? ctx.now();
  return { start: range.start ?? end - DEFAULT_RANGE_MS, end };
}

/**
 * Local files have no row cap: each saved query runs once over the range, its rows streamed
 * out of the engine as they are found (no default ordering, no re-reading per time slice).
 */
function localRunner(source: QuerySource, args: AnalysisArgs, range: TimeRange, ctx: HandlerContext): SavedQueryRunner {
  const loadQuery = savedQueryLoader(queryDirs(args, ctx));
  const each = async (name: string, params: QueryParams, onRows: (rows: ResultRow[]) => void, options: EachOptions = {}): Promise<void> => {
    const { parts, numberColumns } = options;
    await runQueryOn(source, await loadQuery(name, params), { start: range.start, end: range.end, onRows, ...(parts ? { partFolds: parts } : {}), ...(numberColumns ? { numberColumns } : {}) }, ctx);
  };
  const run = async (name: string, params: QueryParams = {}): Promise<ResultRow[]> => {
    const rows: ResultRow[] = [];
    await each(name, params, (batch) => {
      for (const row of batch) rows.push(row);
    });
    return rows;
  };
  return Object.assign(run, { each });
}

const REPORT_WIDTH = 160;

export type AnalysisMode = "interactive" | OutputFormat;

/** How the answer is shown: an ink view (`-i` on a terminal), or one of the output formats. */
export function outputMode(args: AnalysisArgs, ctx: HandlerContext): AnalysisMode {
  const format = (args.format ?? "table") as OutputFormat;
  if (args.interactive) {
    if (format !== "table") throw new UsageError(`--interactive cannot be combined with --format ${format}.`);
    if (ctx.io.isTTY) return "interactive";
    ctx.warn("--interactive needs a terminal; printing the table instead");
  }
  return format;
}

export function renderOptions(ctx: HandlerContext, answer: AnswerContext): RenderOptions {
  return {
    chalk: ctx.color ? ctx.chalk : new Chalk({ level: 0 }),
    // Not a terminal (a file, a pipe): wide enough for every column of the analyses' tables,
    // with the free text (statements, messages) still cut: a report is read, not scrolled.
    width: ctx.io.isTTY ? (ctx.io.columns ?? 80) : REPORT_WIDTH,
    wrap: ctx.io.isTTY,
    note: (message) => printNote(ctx, message),
    command: answer.followUp,
    searched: answer.where,
  };
}

/** What an analysis prints in each non-interactive format. */
export interface AnalysisOutput {
  /** The whole answer, with numbers as numbers. */
  json(): unknown;
  /** The main table (one object per event, statement or todo), for csv and ndjson. */
  rows(): Record<string, unknown>[];
  /**
   * The main table's columns where they are known without rows (a fixed table), for the header
   * of an empty csv; absent for trace, whose columns are its events' own fields.
   */
  columns?(): string[];
  /** For people. */
  table(options: RenderOptions): string;
  /** `--limit` cut the main table: JSON says so as a query's does (`truncated`). */
  truncated?: RowsCut;
}

export function printAnalysis(format: OutputFormat, output: AnalysisOutput, ctx: HandlerContext, answer: AnswerContext): void {
  switch (format) {
    case "json":
      return ctx.print(JSON.stringify(withTruncated(output.json(), output.truncated), withoutFloatNoise, 2));
    case "ndjson": {
      // No rows, no lines (not an empty one).
      const text = renderRecordsNdjson(output.rows());
      return text === "" ? undefined : ctx.print(text);
    }
    case "csv": {
      // No columns known (no rows, and none without them): nothing rather than an empty header line.
      const table = analysisTable(output);
      return table.fields.length === 0 ? undefined : ctx.print(renderCsv(table));
    }
    case "table":
      return ctx.print(output.table(renderOptions(ctx, answer)));
  }
}

/** The answer with a query's `truncated` marker (and how many rows there were) when `--limit` cut its main table. */
function withTruncated(json: unknown, cut: RowsCut | undefined): unknown {
  if (cut === undefined || typeof json !== "object" || json === null || Array.isArray(json)) return json;
  return { ...json, truncated: { rowCap: cut.rowCap, raiseWith: "--limit", maxLimit: MAX_LIMIT, table: cut.table, rows: cut.rows } };
}

/** The main table for csv: its rows' columns, or with no row the columns known without one. */
export function analysisTable(output: AnalysisOutput): Tabular {
  const table = recordsToTabular(output.rows());
  return table.rows.length === 0 && output.columns ? { fields: output.columns(), rows: [] } : table;
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

/** An analysis's model with `--by-time`: a bin too narrow for the data's span is the user's to widen. */
export async function withinBinLimit<T>(byTime: string | undefined, build: () => Promise<T>): Promise<T> {
  try {
    return await build();
  } catch (error) {
    if (!(error instanceof TooManyBinsError)) throw error;
    throw new UserError(`--by-time ${byTime} over the data found makes ${error.bins.toLocaleString("en")} bins, more than ${MAX_BINS.toLocaleString("en")}.`, {
      hint: "Use a wider bin (1m, 5m, 1h) or a shorter range (--since, --start/--end).",
    });
  }
}
