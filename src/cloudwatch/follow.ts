import { FilterLogEventsCommand, type CloudWatchLogsClient, type FilteredLogEvent } from "@aws-sdk/client-cloudwatch-logs";
import type { EventFeed } from "../engine/feed.js";
import type { LogEvent } from "../engine/source.js";
import { withRetry, type RetryOptions } from "./retry.js";

/**
 * How far back each poll looks again, ms. FilterLogEvents selects by event time, and an event
 * can arrive (be ingested) a little after later ones: each poll asks again for the last minute
 * and drops the events it has seen (by event id). An event that arrives more than this late is
 * missed, as it would be by any tail of CloudWatch.
 */
export const FOLLOW_OVERLAP_MS = 60_000;
/** Pages fetched per group and poll: a busy group is caught up with over several polls. */
const PAGES_PER_POLL = 10;

export interface CloudWatchFeedOptions {
  /** Events from this time on, epoch ms. */
  start: number;
  now: () => number;
  retry?: RetryOptions;
  pollEveryMs?: number;
}

/**
 * Log groups followed by polling FilterLogEvents (CloudWatch Logs has no push API but Live Tail,
 * a paid streaming session): every poll fetches the events since the newest one seen, less
 * FOLLOW_OVERLAP_MS, page by page. The query itself runs on tolog's engine over these events,
 * so a redraw costs no Logs Insights scan.
 */
export function followLogGroups(client: CloudWatchLogsClient, groups: readonly string[], options: CloudWatchFeedOptions): EventFeed {
  const followed = groups.map((group) => new FollowedGroup(client, group, options));
  return {
    // FilterLogEvents has a quota of a few requests per second per account and region, shared
    // with every other tool: one poll per group every few seconds stays well inside it.
    pollEveryMs: options.pollEveryMs ?? 5000,
    describe: () => (groups.length === 1 ? `log group ${groups[0]}` : `${groups.length} log groups`),
    async poll() {
      const events: LogEvent[] = [];
      let behind = false;
      for (const group of followed) {
        const polled = await group.poll();
        for (const event of polled.events) events.push(event);
        behind ||= polled.behind;
      }
      return { events, behind };
    },
    close: async () => {},
  };
}

class FollowedGroup {
  /** Newest event time seen: the next window starts FOLLOW_OVERLAP_MS before it. */
  private newest: number;
  /** Ids of the events seen in the overlap, with their times (older ones are forgotten). */
  private seen = new Map<string, number>();
  /** A window being paged through across polls. */
  private paging: { start: number; end: number; token: string } | undefined;

  constructor(
    private readonly client: CloudWatchLogsClient,
    private readonly group: string,
    private readonly options: CloudWatchFeedOptions,
  ) {
    this.newest = options.start;
  }

  async poll(): Promise<{ events: LogEvent[]; behind: boolean }> {
    const window = this.paging ?? { start: Math.max(this.options.start, this.newest - FOLLOW_OVERLAP_MS), end: this.options.now(), token: undefined };
    const events: LogEvent[] = [];
    let token = window.token;
    for (let page = 0; page < PAGES_PER_POLL; page++) {
      const answer = await withRetry(
        () => this.client.send(new FilterLogEventsCommand({ logGroupName: this.group, startTime: window.start, endTime: window.end, ...(token ? { nextToken: token } : {}) })),
        this.options.retry,
      );
      for (const event of answer.events ?? []) {
        const logEvent = this.fresh(event);
        if (logEvent) events.push(logEvent);
      }
      token = answer.nextToken;
      if (!token) break;
    }
    this.paging = token ? { start: window.start, end: window.end, token } : undefined;
    this.forget();
    return { events, behind: token !== undefined };
  }

  private fresh(event: FilteredLogEvent): LogEvent | undefined {
    if (event.timestamp === undefined || event.message === undefined) return undefined;
    const id = event.eventId ?? `${event.logStreamName}/${event.timestamp}/${event.message}`;
    if (this.seen.has(id)) return undefined;
    this.seen.set(id, event.timestamp);
    if (event.timestamp > this.newest) this.newest = event.timestamp;
    return {
      timestamp: event.timestamp,
      ingestionTime: event.ingestionTime ?? event.timestamp,
      message: event.message,
      logGroup: this.group,
      logStream: event.logStreamName ?? "",
      ptr: id,
    };
  }

  /** Ids older than the next window cannot come back: memory holds one overlap's worth. */
  private forget(): void {
    const horizon = this.newest - FOLLOW_OVERLAP_MS;
    for (const [id, time] of this.seen) if (time < horizon) this.seen.delete(id);
  }
}
