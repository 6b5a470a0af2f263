import {
  GetQueryResultsCommand,
  StartQueryCommand,
  StopQueryCommand,
  type CloudWatchLogsClient,
  type GetQueryResultsCommandOutput,
} from "@aws-sdk/client-cloudwatch-logs";
import type { QueryStatistics, ResultRow } from "../engine/api.js";
import { toRows } from "./results.js";
import { sleep, withRetry, type RetryOptions } from "./retry.js";

export interface CloudWatchQueryRequest {
  query: string;
  /** Empty when the query selects its groups itself with SOURCE. */
  logGroupNames: string[];
  /** Inclusive bounds, epoch ms (sent as whole seconds, as StartQuery wants). */
  start: number;
  end: number;
  limit?: number;
}

export type QueryEndStatus =
  | "Complete"
  | "Failed"
  | "Timeout"
  | "Cancelled"
  | "Unknown"
  | "BudgetExceeded"
  | "Interrupted";

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
  rows: ResultRow[];
  statistics: QueryStatistics;
}

export interface LifecycleOptions {
  signal?: AbortSignal;
  /** Stop the query once it has scanned more than this (`--max-gb`). */
  maxBytesScanned?: number;
  onProgress?: (progress: QueryProgressReport) => void;
  /** Told when StartQuery waits for a free slot (LimitExceeded) or a call is throttled. */
  onRetry?: RetryOptions["onRetry"];
  pollMs?: { first: number; max: number };
  now?: () => number;
}

const PAGE_SIZE = 10_000;

/**
 * One Logs Insights query from StartQuery to its last page: polls with a growing interval,
 * reports progress, enforces the scan budget, and always stops the query on AWS when the
 * caller gives up (signal) so nothing is left running and billing.
 */
export async function runCloudWatchQuery(
  client: CloudWatchLogsClient,
  request: CloudWatchQueryRequest,
  options: LifecycleOptions = {},
): Promise<QueryOutcome> {
  const now = options.now ?? Date.now;
  const started = now();
  const retry: RetryOptions = { signal: options.signal, onRetry: options.onRetry };
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
        { abortSignal: options.signal },
      ),
    { ...retry, maxAttempts: 30 },
  );
  if (!queryId) throw new Error("StartQuery answered without a queryId");

  const stop = () => stopQuietly(client, queryId);
  let interval = options.pollMs?.first ?? 250;
  const maxInterval = options.pollMs?.max ?? 2_000;
  let last: GetQueryResultsCommandOutput | undefined;
  try {
    for (;;) {
      await sleep(interval, options.signal);
      interval = Math.min(maxInterval, Math.round(interval * 1.5));
      last = await withRetry(
        () => client.send(new GetQueryResultsCommand({ queryId, maxItems: PAGE_SIZE }), { abortSignal: options.signal }),
        retry,
      );
      const statistics = toStatistics(last.statistics);
      const status = last.status ?? "Unknown";
      options.onProgress?.({ queryId, status, statistics, elapsedMs: now() - started });
      if (options.maxBytesScanned !== undefined && statistics.bytesScanned > options.maxBytesScanned && status !== "Complete") {
        await stop();
        return outcome(queryId, "BudgetExceeded", [last]);
      }
      if (status === "Scheduled" || status === "Running") continue;
      if (status !== "Complete") return outcome(queryId, status as QueryEndStatus, [last]);
      const pages = [last];
      for (let token = last.nextToken; token; token = pages[pages.length - 1].nextToken) {
        const page = await withRetry(
          () => client.send(new GetQueryResultsCommand({ queryId, nextToken: token, maxItems: PAGE_SIZE }), { abortSignal: options.signal }),
          retry,
        );
        pages.push(page);
      }
      return outcome(queryId, "Complete", pages);
    }
  } catch (error) {
    if (options.signal?.aborted) {
      await stop();
      return outcome(queryId, "Interrupted", last ? [last] : []);
    }
    throw error;
  }
}

async function stopQuietly(client: CloudWatchLogsClient, queryId: string): Promise<void> {
  try {
    await client.send(new StopQueryCommand({ queryId }));
  } catch {
    // The query may have ended on its own meanwhile; StopQuery then fails, and that is fine.
  }
}

function outcome(queryId: string, status: QueryEndStatus, pages: GetQueryResultsCommandOutput[]): QueryOutcome {
  const { fields, rows } = toRows(pages.flatMap((page) => page.results ?? []));
  const statistics = toStatistics(pages[0]?.statistics);
  return { queryId, status, fields, rows, statistics };
}

function toStatistics(stats: GetQueryResultsCommandOutput["statistics"]): QueryStatistics {
  return {
    recordsScanned: stats?.recordsScanned ?? 0,
    recordsMatched: stats?.recordsMatched ?? 0,
    bytesScanned: stats?.bytesScanned ?? 0,
  };
}
