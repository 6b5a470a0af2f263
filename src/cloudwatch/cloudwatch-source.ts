import type { CloudWatchLogsClient } from "@aws-sdk/client-cloudwatch-logs";
import type { QueryResult, ResultRow, RunOptions } from "../engine/api.js";
import { QueryError } from "../engine/diagnostics.js";
import type { Diagnostic } from "../engine/diagnostics.js";
import { UserError } from "../shared/errors.js";
import { createLogsClient, type AwsTarget } from "./client.js";
import { fetchCompleteResults } from "./complete-results.js";
import { explainAwsError, markQueryLocation, type ErrorContext } from "./errors.js";
import { withInterruptSignal } from "./interrupt.js";
import { listAllGroupNames, LogGroupSelectionError, resolveLogGroups } from "./log-groups.js";
import { createProgressLine } from "./progress.js";
import { endedError } from "./query-ended.js";
import { rowTime } from "./time-slices.js";

/** The `--log-group` family of options, as the CLI parsed them. */
export interface CloudWatchArgs {
  logGroup?: string[];
  region?: string;
  profile?: string;
  endpointUrl?: string;
  maxGb?: number;
}

/** Where a query runs when `--log-group` is given: Logs Insights on CloudWatch. */
export interface CloudWatchQuerySource {
  kind: "cloudwatch";
  logGroups: string[];
  client: CloudWatchLogsClient;
  /**
   * Runs one query. As CloudWatch returns it by default: at most `options.limit` rows (10,000
   * unless given), `truncated` set when the cap is known to have cut rows (of a query that keeps
   * events one by one). With `everyRow` (the analyses), every row:
   * a result at the cap is fetched again in time slices, or a UserError says what is missing.
   */
  run(text: string, options: RunOptions, fetch?: { everyRow?: boolean }): Promise<QueryResult>;
}

/**
 * What opening a CloudWatch source needs from its caller; the CLI's handler context is one.
 * Narrow on purpose, so that this layer does not depend on the CLI.
 */
export interface CloudWatchRunContext {
  io: { env: Record<string, string | undefined>; stderr: { write(text: string): unknown }; isTTY: boolean };
  info(message: string): void;
  /** --debug: also how many queries a sliced fetch took. */
  debug?: boolean;
  now(): number;
  engine(): Promise<{ checkQuery(text: string): Diagnostic[] }>;
}

/** Default range on CloudWatch (every query costs money): the last hour. */
export const DEFAULT_RANGE_MS = 60 * 60_000;
const GB = 1024 ** 3;
/** Checks that only say "not supported offline": CloudWatch runs those. */
const OFFLINE_ONLY = new Set(["TL501", "TL502"]);

export function awsTarget(args: Pick<CloudWatchArgs, "region" | "profile" | "endpointUrl">): AwsTarget {
  return { region: args.region, profile: args.profile, endpointUrl: args.endpointUrl };
}

export async function openCloudWatchSource(args: CloudWatchArgs, ctx: CloudWatchRunContext): Promise<CloudWatchQuerySource> {
  const maxBytes = maxBytesOf(args.maxGb);
  const client = createLogsClient(awsTarget(args), ctx.io.env);
  const patterns = args.logGroup ?? [];
  const groups = await callAws(() => resolveLogGroups(client, patterns), { env: ctx.io.env, operation: "DescribeLogGroups" });
  for (const { pattern, count } of groups.matches) ctx.info(`--log-group ${pattern}: ${count} log ${count === 1 ? "group" : "groups"} matched`);
  const progress = createProgressLine(ctx.io.stderr, ctx.io.isTTY);

  const run = async (text: string, options: RunOptions, fetch: { everyRow?: boolean } = {}): Promise<QueryResult> => {
    const engine = await ctx.engine();
    // A typo never costs money or a round trip: the local engine checks the query first.
    const diagnostics = engine.checkQuery(text).filter((d) => !OFFLINE_ONLY.has(d.code));
    if (diagnostics.length > 0) throw new QueryError(text, diagnostics);
    const end = options.end ?? ctx.now();
    const start = options.start ?? end - DEFAULT_RANGE_MS;
    const outcome = await callAws(
      () =>
        withInterruptSignal((signal) =>
          fetchCompleteResults(
            client,
            { query: text, logGroupNames: groups.names, start, end, ...(options.limit !== undefined ? { limit: options.limit } : {}) },
            {
              everyRow: fetch.everyRow === true,
              signal,
              maxBytesScanned: maxBytes,
              onProgress: (report) => progress.update(report),
              onRetry: (error, attempt, delayMs) => {
                const name = error instanceof Error ? error.name : "error";
                const why = name === "LimitExceededException" ? "too many concurrent queries in the account; waiting for a free slot" : name;
                ctx.info(`${why}: retry ${attempt} in ${(delayMs / 1000).toFixed(1)}s`);
              },
            },
          ),
        ),
      { env: ctx.io.env, operation: "StartQuery", logGroups: groups.names, client, query: text },
    ).finally(() => progress.done());
    const rows = clipToWindow(outcome.rows, start, end);
    const result: QueryResult = { status: "Complete", fields: outcome.fields, rows, statistics: outcome.statistics, ...(outcome.cut !== undefined ? { truncated: { rowCap: outcome.cut } } : {}) };
    // A line per fetch would break the one progress line of an analysis that runs several.
    if (outcome.sliced && ctx.debug) ctx.info(`fetched in ${outcome.queries} queries (time slices past the row cap)`);
    const ended = endedError(outcome, maxBytes, result);
    if (ended) throw ended;
    return result;
  };
  return { kind: "cloudwatch", logGroups: groups.names, client, run };
}

/**
 * StartQuery takes whole seconds, so a window that starts or ends inside a second (the
 * analyses' time slices do) gets the rest of that second too; rows with a @timestamp outside
 * the window are dropped so that adjacent windows never return the same row.
 */
export function clipToWindow(rows: ResultRow[], start: number, end: number): ResultRow[] {
  if (start % 1000 === 0 && end % 1000 === 999) return rows;
  return rows.filter((row) => {
    const time = rowTime(row);
    return time === undefined || Number.isNaN(time) || (time >= start && time <= end);
  });
}

function maxBytesOf(maxGb: number | undefined): number | undefined {
  if (maxGb === undefined) return undefined;
  if (!Number.isFinite(maxGb) || maxGb <= 0) {
    throw new UserError(`--max-gb ${maxGb} is not a positive number.`, { hint: "Give the most GB a query may scan, e.g. --max-gb 0.5." });
  }
  return maxGb * GB;
}

/**
 * Runs AWS calls, turning the errors people can act on into UserErrors with the action as the
 * hint; anything else is re-thrown as it is.
 */
export async function callAws<T>(
  work: () => Promise<T>,
  context: ErrorContext & { client?: CloudWatchLogsClient; query?: string },
): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof UserError || error instanceof QueryError) throw error;
    if (error instanceof LogGroupSelectionError) throw new UserError(error.message, { hint: error.hint, cause: error });
    const knownGroups =
      error instanceof Error && error.name === "ResourceNotFoundException" && context.client
        ? await listAllGroupNames(context.client).catch(() => undefined)
        : undefined;
    const explained = explainAwsError(error, { ...context, knownGroups });
    if (!explained) throw error;
    const marked = explained.queryLocation && context.query ? `\n${markQueryLocation(context.query, explained.queryLocation)}` : "";
    throw new UserError(explained.message + marked, { hint: explained.hint, cause: error });
  }
}
