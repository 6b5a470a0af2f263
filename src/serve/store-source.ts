import type { EventSource, LogEvent, ReadOptions, ReadStatistics } from "../engine/source.js";
import { mayHoldNeedles } from "../engine/needle-match.js";
import { flatten } from "../sources/local/flatten.js";
import { readEnvelope } from "./envelope.js";
import type { SnapshotStream, Store, StoreSnapshot } from "./store.js";
import { readLineBatches, type ReadLimits } from "./stream-file.js";

/**
 * The store as the engine's EventSource, for one query: the stream files as far as they were
 * acknowledged when the query started (`Store.snapshot`), read a chunk at a time. It needs no
 * Store, only the snapshot, so a query thread reads it as well as the endpoint's own; events
 * appended meanwhile are not part of the query. The files hold the envelopes
 * `tolog query --logs <dir>` reads too, so both give the same rows (a test checks it).
 *
 * `@ptr` names the group, the stream and the line number, so it stays valid across restarts.
 */
export interface StoreSourceOptions {
  /** Makes the scan take this long (fault injection `query-time`), to watch partial results. */
  paceMs?: number;
  read?: ReadLimits;
}

export function storeSource(snapshot: StoreSnapshot, options: StoreSourceOptions = {}): EventSource {
  return {
    async listGroups() {
      return snapshot.groups;
    },
    read(read: ReadOptions, stats: ReadStatistics) {
      return flatten(readBatches(snapshot, read, stats, options));
    },
    async getRecord() {
      return undefined; // GetLogRecord reads the endpoint's memory (`recordAt`), not a query's source
    },
  };
}

function selected(group: string, read: ReadOptions): boolean {
  const names = read.groups?.names;
  const prefixes = read.groups?.prefixes;
  if (!names && !prefixes) return true;
  return (names?.includes(group) ?? false) || (prefixes?.some((p) => group.startsWith(p)) ?? false);
}

/** Paced scans go in about this many steps, so that partial results change as they run. */
const PACE_STEPS = 50;

async function* readBatches(
  snapshot: StoreSnapshot,
  read: ReadOptions,
  stats: ReadStatistics,
  options: StoreSourceOptions,
): AsyncGenerator<LogEvent[]> {
  const streams = snapshot.streams.filter((s) => selected(s.group, read));
  const paceMs = options.paceMs ?? 0;
  const totalBytes = streams.reduce((sum, s) => sum + s.bytes, 0);
  const limits: ReadLimits =
    paceMs > 0 ? { ...options.read, chunkBytes: Math.max(256, Math.ceil(totalBytes / PACE_STEPS)) } : { ...options.read };
  const began = Date.now();
  let bytesRead = 0;
  // Pacing: a sleep after each chunk, so that the scan ends after `paceMs`.
  const pace = async () => {
    const wait = began + (paceMs * bytesRead) / Math.max(1, totalBytes) - Date.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
  };
  // Events without every needle cannot match, so they are not handed to the engine; they are
  // still counted as scanned, as CloudWatch counts (and bills) every event in the time range.
  const needles = read.needles ?? [];
  for (const stream of streams) {
    let seq = 0;
    let from = 0;
    try {
      for await (const batch of readLineBatches(stream.file, 0, stream.bytes, limits)) {
        const events: LogEvent[] = [];
        for (const line of batch.lines) {
          const event = readEvent(stream, line, seq++, read, stats);
          if (event && (needles.length === 0 || mayHoldNeedles(event.message, needles))) events.push(event);
        }
        bytesRead += batch.end - from;
        from = batch.end;
        if (events.length > 0) yield events;
        if (read.signal?.aborted) return;
        if (paceMs > 0) await pace();
      }
    } catch (error) {
      // A stream deleted since the query started: CloudWatch would not find it either.
      if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
    }
  }
  if (paceMs > 0) await pace();
}

function readEvent(stream: SnapshotStream, line: string | undefined, seq: number, read: ReadOptions, stats: ReadStatistics): LogEvent | undefined {
  const envelope = readEnvelope(line);
  if (!envelope) return undefined;
  if ((read.start !== undefined && envelope.timestamp < read.start) || (read.end !== undefined && envelope.timestamp > read.end)) {
    return undefined;
  }
  stats.recordsScanned++;
  stats.bytesScanned += Buffer.byteLength(envelope.message);
  return new StoreEvent(stream.group, stream.stream, envelope.timestamp, envelope.ingestionTime, envelope.message, seq);
}

/** A stored event as the engine sees it; `@ptr` is built only when asked for. */
class StoreEvent implements LogEvent {
  constructor(
    readonly logGroup: string,
    readonly logStream: string,
    readonly timestamp: number,
    readonly ingestionTime: number,
    readonly message: string,
    private readonly seq: number,
  ) {}

  get ptr(): string {
    return encodePtr(this.logGroup, this.logStream, this.seq);
  }

  /** Keeps `ptr` in JSON copies, which skip getters. */
  toJSON(): LogEvent {
    const { timestamp, ingestionTime, message, logGroup, logStream, ptr } = this;
    return { timestamp, ingestionTime, message, logGroup, logStream, ptr };
  }
}

export function encodePtr(group: string, stream: string, seq: number): string {
  return Buffer.from(JSON.stringify([group, stream, seq])).toString("base64url");
}

export function decodePtr(ptr: string): [string, string, number] | undefined {
  try {
    const value = JSON.parse(Buffer.from(ptr, "base64url").toString("utf8")) as unknown;
    if (
      Array.isArray(value) &&
      value.length === 3 &&
      typeof value[0] === "string" &&
      typeof value[1] === "string" &&
      Number.isSafeInteger(value[2])
    ) {
      return value as [string, string, number];
    }
  } catch {
    // not one of ours
  }
  return undefined;
}

/** The event behind a pointer, from the endpoint's memory (GetLogRecord). */
export function recordAt(store: Store, ptr: string): LogEvent | undefined {
  const parts = decodePtr(ptr);
  if (!parts) return undefined;
  const [groupName, streamName, seq] = parts;
  const event = store.group(groupName)?.streams.get(streamName)?.lines[seq];
  if (!event) return undefined;
  return new StoreEvent(groupName, streamName, event.timestamp, event.ingestionTime, event.message, seq);
}
