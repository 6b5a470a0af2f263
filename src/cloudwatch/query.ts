import {
  GetQueryResultsCommand,
  StartQueryCommand,
  StopQueryCommand,
  type CloudWatchLogsClient,
  type GetQueryResultsCommandOutput,
} from "@aws-sdk/client-cloudwatch-logs";
import type { QueryStatistics, ResultRow } from "../engine/api.js";
import { outputColumns } from "../engine/index.js";
import { toRows } from "./results.js";
import { sleep, withRetry, type RetryOptions } from "./retry.js";

export interface CloudWatchQueryRequest {
  query: string;
  /** Empty when the query selects its groups itself with SOURCE. */
  logGroupNames: string[];
  /** Inclusive bounds, epoch ms (sent as whole seconds, as StartQuery wants). */
  start: number;
  end: number;
  /** StartQuery's `limit` (1-100,000); CloudWatch returns 10,000 rows when it is absent. */
  limit?: number;
}

export type QueryEndStatus = "Complete" | "Failed" | "Timeout" | "Cancelled" | "Unknown" | "BudgetExceeded" | "Interrupted";

export interface QueryProgressReport {
  queryId: string;
  status: string;
  statistics: QueryStatistics;
  elapsedMs: number;
}

export interface QueryOutcome {
  queryId: string;
  status: QueryEndStatus;
  fields: string[];
  /** Every row when Complete; otherwise the partial rows of the last poll. */
  rows: ResultRow[];
  statistics: QueryStatistics;
}

export interface LifecycleOptions {
  signal?: AbortSignal;
  /** Stop the query once it has scanned more than this (`--max-gb`). */
  maxBytesScanned?: number;
  onProgress?: (progress: QueryProgressReport) => void;
  /** Told when a call waits: throttling, service errors, LimitExceeded on StartQuery. */
  onRetry?: RetryOptions["onRetry"];
  /** Poll interval: starts at `first`, grows by half each poll up to `max`. */
  pollMs?: { first: number; max: number };
  /** Rows per GetQueryResults page (CloudWatch: at most 10,000). */
  pageSize?: number;
  /** Passed to every retried call; tests make retries immediate. */
  retry?: Pick<RetryOptions, "baseDelayMs" | "maxDelayMs" | "random">;
  now?: () => number;
}

export const MAX_PAGE_SIZE = 10_000;
/** Too many concurrent queries is worth waiting for: about 5 minutes of backoff in all. */
const START_ATTEMPTS = 40;

/**
 * One Logs Insights query from StartQuery to its last page: polls with a growing interval,
 * reports progress, enforces the scan budget, and always stops the query on AWS when the
 * caller gives up (signal) or the budget is spent, so nothing is left running and billing.
 */
export async function runCloudWatchQuery(
  client: CloudWatchLogsClient,
  request: CloudWatchQueryRequest,
  options: LifecycleOptions = {},
): Promise<QueryOutcome> {
  const now = options.now ?? Date.now;
  const started = now();
  const retry: RetryOptions = { ...options.retry, signal: options.signal, onRetry: options.onRetry };
  const pageSize = Math.min(options.pageSize ?? MAX_PAGE_SIZE, MAX_PAGE_SIZE);
  if (options.signal?.aborted) return empty("", "Interrupted");
  // StartQuery is not aborted by the signal: had the request reached AWS, the query would run
  // with no id to stop it by. It is short; an interrupt during it is handled right after.
  const { queryId } = await withRetry(
    () =>
      client.send(
        new StartQueryCommand({
          queryString: request.query,
          logGroupNames: request.logGroupNames.length > 0 ? request.logGroupNames : undefined,
          startTime: Math.floor(request.start / 1000),
          endTime: Math.floor(request.end / 1000),
          limit: request.limit,
        }),
      ),
    { ...retry, signal: undefined, maxAttempts: START_ATTEMPTS },
  );
  if (!queryId) throw new Error("StartQuery answered without a queryId");

  let interval = options.pollMs?.first ?? 250;
  const maxInterval = options.pollMs?.max ?? 2_000;
  let last: GetQueryResultsCommandOutput | undefined;
  try {
    for (;;) {
      await sleep(interval, options.signal);
      interval = Math.min(maxInterval, Math.round(interval * 1.5));
      last = await withRetry(
        () => client.send(new GetQueryResultsCommand({ queryId, maxItems: pageSize }), { abortSignal: options.signal }),
        retry,
      );
      const statistics = toStatistics(last.statistics);
      const status = last.status ?? "Unknown";
      options.onProgress?.({ queryId, status, statistics, elapsedMs: now() - started });
      if (status === "Scheduled" || status === "Running") {
        if (options.maxBytesScanned !== undefined && statistics.bytesScanned > options.maxBytesScanned) {
          await stopQuietly(client, queryId);
          return outcome(request, queryId, "BudgetExceeded", [last]);
        }
        continue;
      }
      if (status !== "Complete") return outcome(request, queryId, status as QueryEndStatus, [last]);
      const pages = [last];
      for (let token = last.nextToken; token; token = pages[pages.length - 1].nextToken) {
        const page = await withRetry(
          () => client.send(new GetQueryResultsCommand({ queryId, nextToken: token, maxItems: pageSize }), { abortSignal: options.signal }),
          retry,
        );
        pages.push(page);
      }
      return outcome(request, queryId, "Complete", pages);
    }
  } catch (error) {
    if (options.signal?.aborted) {
      await stopQuietly(client, queryId);
      return outcome(request, queryId, "Interrupted", last ? [last] : []);
    }
    throw error;
  }
}

async function stopQuietly(client: CloudWatchLogsClient, queryId: string): Promise<void> {
  try {
    await withRetry(() => client.send(new StopQueryCommand({ queryId })), { maxAttempts: 3 });
  } catch {
    // The query may have ended on its own meanwhile; StopQuery then fails, and that is fine.
  }
}

function empty(queryId: string, status: QueryEndStatus): QueryOutcome {
  return { queryId, status, fields: [], rows: [], statistics: toStatistics(undefined) };
}

function outcome(request: CloudWatchQueryRequest, queryId: string, status: QueryEndStatus, pages: GetQueryResultsCommandOutput[]): QueryOutcome {
  const { fields, rows } = toRows(pages.flatMap((page) => page.results ?? []), outputColumns(request.query));
  // Statistics of the poll that saw the end; later pages repeat them.
  const statistics = toStatistics(pages[0]?.statistics);
  return { queryId, status, fields, rows, statistics };
}

export function toStatistics(stats: GetQueryResultsCommandOutput["statistics"]): QueryStatistics {
  return {
    recordsScanned: stats?.recordsScanned ?? 0,
    recordsMatched: stats?.recordsMatched ?? 0,
    bytesScanned: stats?.bytesScanned ?? 0,
  };
}
