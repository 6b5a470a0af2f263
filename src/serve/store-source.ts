import type { EventSource, LogEvent, ReadOptions, ReadStatistics } from "../engine/source.js";
import { mayHoldNeedles } from "../engine/needle-match.js";
import { flatten } from "../sources/local/flatten.js";
import type { GroupState, Store, StoredEvent, StreamState } from "./store.js";

/**
 * The store as the engine's EventSource. The endpoint reads its own in-memory mirror rather
 * than re-parsing the files through the local source, so a query sees every acknowledged event
 * at once; both read the same envelopes, so `tolog query --logs <dir>` gives the same rows
 * (a test checks it).
 *
 * `@ptr` names the group, the stream and the line number, so it stays valid across restarts.
 */
export interface StoreSourceOptions {
  /** Makes the scan take this long (fault injection `query-time`), to watch partial results. */
  paceMs?: number;
}

export function storeSource(store: Store, options: StoreSourceOptions = {}): EventSource {
  return {
    async listGroups() {
      return store.groups().map((g) => g.name);
    },
    read(read: ReadOptions, stats: ReadStatistics) {
      return readEvents(store, read, stats, options.paceMs ?? 0);
    },
    async getRecord(ptr: string) {
      return recordAt(store, ptr);
    },
  };
}

function selected(group: GroupState, read: ReadOptions): boolean {
  const names = read.groups?.names;
  const prefixes = read.groups?.prefixes;
  if (!names && !prefixes) return true;
  return (names?.includes(group.name) ?? false) || (prefixes?.some((p) => group.name.startsWith(p)) ?? false);
}

function inRange(event: StoredEvent, read: ReadOptions): boolean {
  return (read.start === undefined || event.timestamp >= read.start) && (read.end === undefined || event.timestamp <= read.end);
}

/** Events handed over per batch: batches through `flatten` cost far less than a yield per event. */
const BATCH = 1024;

function readEvents(store: Store, read: ReadOptions, stats: ReadStatistics, paceMs: number): AsyncIterable<LogEvent> {
  return flatten(readBatches(store, read, stats, paceMs));
}

async function* readBatches(
  store: Store,
  read: ReadOptions,
  stats: ReadStatistics,
  paceMs: number,
): AsyncGenerator<LogEvent[]> {
  const streams: [GroupState, StreamState][] = [];
  for (const group of store.groups()) {
    if (!selected(group, read)) continue;
    for (const stream of group.streams.values()) streams.push([group, stream]);
  }
  // Pacing: a sleep before each batch, so that the scan ends after `paceMs`.
  let total = 0;
  if (paceMs > 0) for (const [, stream] of streams) for (const e of stream.lines) if (e && inRange(e, read)) total++;
  const step = paceMs > 0 ? Math.max(1, Math.min(BATCH, Math.ceil(total / 50))) : BATCH;
  const began = Date.now();
  // Events without every needle cannot match, so they are not handed to the engine; they are
  // still counted as scanned, as CloudWatch counts (and bills) every event in the time range.
  const needles = read.needles ?? [];
  let scanned = 0;
  let batch: LogEvent[] = [];
  const pace = async () => {
    const wait = began + (paceMs * scanned) / Math.max(1, total) - Date.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
  };
  for (const [group, stream] of streams) {
    const lines = stream.lines;
    const count = lines.length; // events appended during the scan are not part of it
    for (let i = 0; i < count; i++) {
      const event = lines[i];
      if (!event || !inRange(event, read)) continue;
      scanned++;
      stats.recordsScanned++;
      stats.bytesScanned += event.bytes;
      if (needles.length === 0 || mayHoldNeedles(event.message, needles)) {
        batch.push(new StoreEvent(group.name, stream.name, event));
      }
      if (scanned % step === 0) {
        if (batch.length > 0) yield batch;
        batch = [];
        if (read.signal?.aborted) return;
        if (paceMs > 0) await pace();
      }
    }
  }
  if (batch.length > 0) yield batch;
  if (paceMs > 0) await pace();
}

/** A stored event as the engine sees it; `@ptr` is built only when asked for. */
class StoreEvent implements LogEvent {
  readonly timestamp: number;
  readonly ingestionTime: number;
  readonly message: string;
  private readonly seq: number;

  constructor(
    readonly logGroup: string,
    readonly logStream: string,
    event: StoredEvent,
  ) {
    this.timestamp = event.timestamp;
    this.ingestionTime = event.ingestionTime;
    this.message = event.message;
    this.seq = event.seq;
  }

  get ptr(): string {
    return encodePtr(this.logGroup, this.logStream, this.seq);
  }

  /** Keeps `ptr` in JSON copies, which skip getters. */
  toJSON(): LogEvent {
    const { timestamp, ingestionTime, message, logGroup, logStream, ptr } = this;
    return { timestamp, ingestionTime, message, logGroup, logStream, ptr };
  }
}

function toLogEvent(group: string, stream: string, event: StoredEvent): LogEvent {
  return new StoreEvent(group, stream, event);
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

export function recordAt(store: Store, ptr: string): LogEvent | undefined {
  const parts = decodePtr(ptr);
  if (!parts) return undefined;
  const [groupName, streamName, seq] = parts;
  const event = store.group(groupName)?.streams.get(streamName)?.lines[seq];
  return event ? toLogEvent(groupName, streamName, event) : undefined;
}
