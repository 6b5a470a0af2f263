import { FilterLogEventsCommand, type CloudWatchLogsClient } from "@aws-sdk/client-cloudwatch-logs";
import { mkdir, open, readFile, rename, stat, truncate, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { withRetry, type RetryOptions } from "./retry.js";

export interface PullRequest {
  logGroup: string;
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
}

export interface PullSummary extends PullProgress {
  groupDir: string;
  streams: number;
  resumed: boolean;
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

const STATE_FILE = ".pull-state.json";

/**
 * Downloads a log group's events with FilterLogEvents into the store layout the local source
 * reads, one lossless envelope per line. Resumable: the state file records the page token and
 * the stream file sizes before each page, so an interrupted page is cut off and fetched again
 * rather than written twice.
 */
export async function pullLogGroup(
  client: CloudWatchLogsClient,
  request: PullRequest,
  options: { signal?: AbortSignal; onProgress?: (progress: PullProgress) => void; onRetry?: RetryOptions["onRetry"] } = {},
): Promise<PullSummary> {
  const groupDir = join(request.out, encodeURIComponent(request.logGroup));
  await mkdir(groupDir, { recursive: true });
  const statePath = join(groupDir, STATE_FILE);
  const { logGroup, start, end, filterPattern } = request;
  const wanted = { logGroup, start, end, filterPattern };
  const previous = await readState(statePath);
  const resumed = previous !== undefined && !previous.done && sameRequest(previous.request, wanted);
  const state: PullState = resumed ? previous : { request: wanted, sizes: {}, progress: { events: 0, pages: 0, bytes: 0 }, done: false };
  if (resumed) {
    for (const [file, size] of Object.entries(state.sizes)) await truncate(join(groupDir, file), size).catch(() => undefined);
  }
  const streams = new Set<string>(Object.keys(state.sizes));

  do {
    const page = await withRetry(
      () =>
        client.send(
          new FilterLogEventsCommand({
            logGroupName: logGroup,
            startTime: start,
            endTime: end,
            filterPattern: filterPattern || undefined,
            nextToken: state.nextToken,
          }),
          { abortSignal: options.signal },
        ),
      { signal: options.signal, onRetry: options.onRetry },
    );
    const byFile = new Map<string, string[]>();
    for (const event of page.events ?? []) {
      const stream = event.logStreamName ?? "unknown";
      const file = `${encodeURIComponent(stream)}.jsonl`;
      const line = JSON.stringify({
        timestamp: event.timestamp,
        ingestionTime: event.ingestionTime,
        logGroupName: logGroup,
        logStreamName: stream,
        message: event.message ?? "",
        eventId: event.eventId,
      });
      (byFile.get(file) ?? byFile.set(file, []).get(file)!).push(line);
      state.progress.events++;
      state.progress.bytes += Buffer.byteLength(event.message ?? "");
      state.progress.reachedTimestamp = Math.max(state.progress.reachedTimestamp ?? 0, event.timestamp ?? 0);
    }
    for (const file of byFile.keys()) state.sizes[file] = await sizeOf(join(groupDir, file));
    await writeState(statePath, state);
    for (const [file, lines] of byFile) {
      const handle = await open(join(groupDir, file), "a");
      try {
        await handle.write(lines.join("\n") + "\n");
      } finally {
        await handle.close();
      }
      streams.add(file);
    }
    state.progress.pages++;
    state.nextToken = page.nextToken;
    state.sizes = {};
    for (const file of streams) state.sizes[file] = await sizeOf(join(groupDir, file));
    await writeState(statePath, state);
    options.onProgress?.({ ...state.progress });
  } while (state.nextToken);

  state.done = true;
  await writeState(statePath, state);
  return { ...state.progress, groupDir, streams: streams.size, resumed };
}

function sameRequest(a: PullState["request"], b: PullState["request"]): boolean {
  return a.logGroup === b.logGroup && a.start === b.start && a.end === b.end && (a.filterPattern ?? "") === (b.filterPattern ?? "");
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
