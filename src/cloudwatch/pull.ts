import { DescribeLogStreamsCommand, FilterLogEventsCommand, type CloudWatchLogsClient } from "@aws-sdk/client-cloudwatch-logs";
import { open, readFile, rename, stat, truncate, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { withRetry, type RetryOptions } from "./retry.js";
import { childPath, groupDirName, streamFileName } from "../sources/local/layout.js";
import { makeDirectory } from "../shared/make-directory.js";

export interface PullRequest {
  logGroup: string;
  /** Inclusive bounds, epoch ms. */
  start: number;
  end: number;
  filterPattern?: string;
  /** Root of the store: events land in `<out>/<encoded group>/<encoded stream>.jsonl`. */
  out: string;
}

export interface PullProgress {
  events: number;
  pages: number;
  bytes: number;
  /** Timestamp of the newest event written so far: how far through the range the pull is. */
  reachedTimestamp?: number;
  /** Timestamp of the oldest event written so far: where the group's events in the range begin. */
  firstTimestamp?: number;
}

export interface PullSummary extends PullProgress {
  groupDir: string;
  streams: number;
  /** Continued an interrupted pull (of `range`, which may differ from the one asked for). */
  resumed: boolean;
  /** The store already held this exact pull, complete: nothing was fetched. */
  alreadyComplete: boolean;
  range: { start: number; end: number };
}

interface PullState {
  request: Omit<PullRequest, "out">;
  /** Token of the next page to fetch; undefined before the first page. */
  nextToken?: string;
  /** Stream file sizes before the page being written: a resumed pull truncates back to them. */
  sizes: Record<string, number>;
  progress: PullProgress;
  done: boolean;
}

/** A dot-file, so that the local source (which skips dot-files) never reads it as logs. */
export const PULL_STATE_FILE = ".pull-state.json";

/** The group directory holds a different, finished pull: adding to it would mix ranges. */
export class PullConflictError extends Error {
  constructor(readonly groupDir: string, readonly previous: Omit<PullRequest, "out">) {
    super(`${groupDir} already holds a finished pull of ${describeRange(previous)}`);
    this.name = "PullConflictError";
  }
}

/**
 * Downloads a log group's events with FilterLogEvents into the store layout the local source
 * reads, one lossless envelope per line. Resumable: the state file records the page token and
 * the stream file sizes before each page, so an interrupted page is cut off and fetched again
 * rather than written twice. An unfinished pull of the same group and filter is resumed over
 * its own range (`--since 6h` means a different range a minute later).
 */
export async function pullLogGroup(
  client: CloudWatchLogsClient,
  request: PullRequest,
  options: {
    signal?: AbortSignal;
    onProgress?: (progress: PullProgress) => void;
    retry?: RetryOptions;
    /** Events per FilterLogEvents page (1-10,000; default: AWS's, up to 1 MB). */
    pageLimit?: number;
  } = {},
): Promise<PullSummary> {
  const groupDir = childPath(request.out, groupDirName(request.logGroup));
  await makeDirectory(groupDir);
  const statePath = join(groupDir, PULL_STATE_FILE);
  const { logGroup, start, end } = request;
  const filterPattern = request.filterPattern || undefined;
  const previous = await readState(statePath);
  const sameSelection = previous !== undefined && previous.request.logGroup === logGroup && (previous.request.filterPattern ?? "") === (filterPattern ?? "");
  if (previous?.done) {
    if (sameSelection && previous.request.start === start && previous.request.end === end) {
      return { ...previous.progress, groupDir, streams: Object.keys(previous.sizes).length, resumed: false, alreadyComplete: true, range: { start, end } };
    }
    throw new PullConflictError(groupDir, previous.request);
  }
  const resumed = previous !== undefined && sameSelection;
  if (previous !== undefined && !resumed) throw new PullConflictError(groupDir, previous.request);
  const state: PullState = resumed
    ? previous
    : { request: { logGroup, start, end, ...(filterPattern ? { filterPattern } : {}) }, sizes: {}, progress: { events: 0, pages: 0, bytes: 0 }, done: false };
  for (const [file, size] of Object.entries(state.sizes)) await truncate(join(groupDir, file), size).catch(() => undefined);
  const range = { start: state.request.start, end: state.request.end };

  do {
    const page = await withRetry(
      () =>
        client.send(
          new FilterLogEventsCommand({
            logGroupName: logGroup,
            startTime: range.start,
            endTime: range.end,
            filterPattern: state.request.filterPattern,
            nextToken: state.nextToken,
            limit: options.pageLimit,
          }),
          { abortSignal: options.signal },
        ),
      { ...options.retry, signal: options.signal },
    );
    const byFile = new Map<string, string[]>();
    const pageProgress = { events: 0, bytes: 0, reached: state.progress.reachedTimestamp ?? 0, first: state.progress.firstTimestamp ?? Infinity };
    for (const event of page.events ?? []) {
      const stream = event.logStreamName ?? "unknown";
      const file = streamFileName(stream);
      const line = JSON.stringify({
        timestamp: event.timestamp,
        ingestionTime: event.ingestionTime,
        logGroupName: logGroup,
        logStreamName: stream,
        message: event.message ?? "",
        eventId: event.eventId,
      });
      (byFile.get(file) ?? byFile.set(file, []).get(file)!).push(line);
      pageProgress.events++;
      pageProgress.bytes += Buffer.byteLength(event.message ?? "");
      pageProgress.reached = Math.max(pageProgress.reached, event.timestamp ?? 0);
      if (event.timestamp !== undefined) pageProgress.first = Math.min(pageProgress.first, event.timestamp);
    }
    // Sizes before this page are on disk before the page is: a crash mid-page is cut back to them.
    for (const file of byFile.keys()) state.sizes[file] ??= await sizeOf(join(groupDir, file));
    await writeState(statePath, state);
    for (const [file, lines] of byFile) {
      const handle = await open(join(groupDir, file), "a");
      try {
        await handle.write(lines.join("\n") + "\n");
      } finally {
        await handle.close();
      }
    }
    for (const file of byFile.keys()) state.sizes[file] = await sizeOf(join(groupDir, file));
    state.progress.events += pageProgress.events;
    state.progress.bytes += pageProgress.bytes;
    state.progress.pages++;
    if (pageProgress.reached > 0) state.progress.reachedTimestamp = pageProgress.reached;
    if (pageProgress.first !== Infinity) state.progress.firstTimestamp = pageProgress.first;
    state.nextToken = page.nextToken;
    await writeState(statePath, state);
    options.onProgress?.({ ...state.progress });
  } while (state.nextToken);

  state.done = true;
  await writeState(statePath, state);
  return { ...state.progress, groupDir, streams: Object.keys(state.sizes).length, resumed, alreadyComplete: false, range };
}

export function describeRange(request: { start: number; end: number; filterPattern?: string }): string {
  const range = `${new Date(request.start).toISOString()} to ${new Date(request.end).toISOString()}`;
  return request.filterPattern ? `${range} (filter pattern ${JSON.stringify(request.filterPattern)})` : range;
}

async function sizeOf(path: string): Promise<number> {
  return stat(path).then((s) => s.size, () => 0);
}

async function readState(path: string): Promise<PullState | undefined> {
  try {
    return JSON.parse(await readFile(path, "utf8")) as PullState;
  } catch {
    return undefined;
  }
}

async function writeState(path: string, state: PullState): Promise<void> {
  // Write-then-rename so a crash never leaves a half-written state file.
  await writeFile(`${path}.tmp`, JSON.stringify(state));
  await rename(`${path}.tmp`, path);
}

/**
 * The time of the group's newest event, as its streams report it (`lastEventTimestamp`, which
 * CloudWatch updates eventually, usually within the hour), or undefined when it cannot be told:
 * where the events of a pull's range probably end, for its progress bar. A window of 12 hours
 * over four minutes of logs would otherwise hold the bar at a fraction all along.
 */
export async function lastEventTime(client: CloudWatchLogsClient, logGroup: string, signal?: AbortSignal): Promise<number | undefined> {
  try {
    const page = await client.send(new DescribeLogStreamsCommand({ logGroupName: logGroup, orderBy: "LastEventTime", descending: true, limit: 1 }), { abortSignal: signal });
    return page.logStreams?.[0]?.lastEventTimestamp;
  } catch {
    // Only the bar is less precise: the pull itself says what went wrong, if anything did.
    return undefined;
  }
}
