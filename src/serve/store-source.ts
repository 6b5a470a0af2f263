import type { EventSource, LogEvent, ReadOptions, ReadStatistics } from "../engine/source.js";
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

async function* readEvents(
  store: Store,
  read: ReadOptions,
  stats: ReadStatistics,
  paceMs: number,
): AsyncGenerator<LogEvent> {
  const streams: [GroupState, StreamState][] = [];
  for (const group of store.groups()) {
    if (!selected(group, read)) continue;
    for (const stream of group.streams.values()) streams.push([group, stream]);
  }
  // Pacing: a few sleeps spread over the scan, so that the scan ends after `paceMs`.
  let total = 0;
  if (paceMs > 0) for (const [, stream] of streams) for (const e of stream.lines) if (e && inRange(e, read)) total++;
  const step = Math.max(1, Math.ceil(total / 50));
  // Events without every needle cannot match, so they are not handed to the engine; they are
  // still counted as scanned, as CloudWatch counts (and bills) every event in the time range.
  const needles = read.needles ?? [];
  const began = Date.now();
  let index = 0;
  for (const [group, stream] of streams) {
    const lines = stream.lines;
    const count = lines.length; // events appended during the scan are not part of it
    for (let i = 0; i < count; i++) {
      const event = lines[i];
      if (!event || !inRange(event, read)) continue;
      if (read.signal?.aborted) return;
      if (paceMs > 0 && index % step === 0) {
        const due = began + (paceMs * index) / Math.max(1, total);
        const wait = due - Date.now();
        if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
        if (read.signal?.aborted) return;
      }
      index++;
      stats.recordsScanned++;
      stats.bytesScanned += event.bytes;
      if (needles.length > 0 && !needles.every((n) => event.message.includes(n))) continue;
      yield toLogEvent(group.name, stream.name, event);
    }
  }
  if (paceMs > 0) {
    const wait = began + paceMs - Date.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
  }
}

function toLogEvent(group: string, stream: string, event: StoredEvent): LogEvent {
  return {
    timestamp: event.timestamp,
    ingestionTime: event.ingestionTime,
    message: event.message,
    logGroup: group,
    logStream: stream,
    ptr: encodePtr(group, stream, event.seq),
  };
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
