import { Chalk } from "chalk";
import type { RenderOptions } from "../../analyses/render-options.js";
import { savedQueryLoader } from "../../analyses/saved-query-loader.js";
import { createSavedQueryRunner, type QueryParams, type SavedQueryRunner } from "../../analyses/saved-query-runner.js";
import type { OptionSpecs } from "../command.js";
import type { HandlerContext } from "../context.js";
import { UsageError } from "../../shared/errors.js";
import { savedQueryOptions, sourceOptions, timeOptions } from "../options.js";
import { queryDirs } from "../query-text.js";
import { resolveSource, type QuerySource } from "../resolve-source.js";
import type { ResultRow } from "../../engine/api.js";
import { runQueryOn } from "../run-query.js";
import { resolveTimeRange, type TimeRange } from "../time-range.js";

/** The options of trace, slow-queries and races: source, range, table|json, interactive. */
export const analysisOptions = {
  ...sourceOptions,
  ...timeOptions,
  ...savedQueryOptions,
  format: {
    type: "string",
    choices: ["table", "json"],
    default: "table",
    describe: "table for people, json for scripts",
  },
  interactive: {
    type: "boolean",
    alias: "i",
    describe: "Browse the answer in an interactive view (only on a terminal)",
  },
} as const satisfies OptionSpecs;

export interface AnalysisArgs {
  logs?: string[];
  since?: string;
  start?: string;
  end?: string;
  queriesDir?: string;
  format?: string;
  interactive?: boolean;
}

/** A runner for the analyses' saved queries over the selected source and range. */
export async function analysisRunner(args: AnalysisArgs, ctx: HandlerContext): Promise<{ run: SavedQueryRunner; range: TimeRange }> {
  const range = resolveTimeRange(args, ctx.now());
  const source = await resolveSource(args, ctx);
  if (source.kind === "local") return { run: localRunner(source, args, range, ctx), range };
  let toldSlicing = false;
  const run = createSavedQueryRunner({
    loadQuery: savedQueryLoader(queryDirs(args, ctx)),
    run: (query, window) => runQueryOn(source, query, { start: window.start, end: window.end }, ctx),
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
  return { run, range };
}

/**
 * Local files have no row cap: each saved query runs once over the range, its rows streamed
 * out of the engine as they are found (no default ordering, no re-reading per time slice).
 */
function localRunner(source: QuerySource, args: AnalysisArgs, range: TimeRange, ctx: HandlerContext): SavedQueryRunner {
  const loadQuery = savedQueryLoader(queryDirs(args, ctx));
  const each = async (name: string, params: QueryParams, onRows: (rows: ResultRow[]) => void): Promise<void> => {
    await runQueryOn(source, await loadQuery(name, params), { start: range.start, end: range.end, onRows }, ctx);
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

/** How the answer is shown: an ink view (`-i` on a terminal), a table or JSON. */
export function outputMode(args: AnalysisArgs, ctx: HandlerContext): "interactive" | "table" | "json" {
  if (args.interactive) {
    if (args.format === "json") throw new UsageError("--interactive cannot be combined with --format json.");
    if (ctx.io.isTTY) return "interactive";
    ctx.warn("--interactive needs a terminal; printing the table instead");
  }
  return args.format === "json" ? "json" : "table";
}

export function renderOptions(ctx: HandlerContext): RenderOptions {
  return { chalk: ctx.color ? ctx.chalk : new Chalk({ level: 0 }), width: ctx.io.columns ?? 120 };
}

export function printJson(value: unknown, ctx: HandlerContext): void {
  ctx.print(JSON.stringify(value, null, 2));
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}
