import type { EventSource, LogEvent, ReadOptions, ReadStatistics } from "../engine/source.js";
import { mayHoldNeedles } from "../engine/needle-match.js";

/** An event as a caller writes it: only time and text are required. */
export interface MemoryEventInput {
  timestamp: number;
  message: string;
  ingestionTime?: number;
  logGroup?: string;
  logStream?: string;
  ptr?: string;
}

export const MEMORY_DEFAULT_GROUP = "memory";
export const MEMORY_DEFAULT_STREAM = "memory";

/**
 * An `EventSource` over events already in memory (tests, callers holding events). It honours
 * every `ReadOptions` selector like a file source would, needles included, so tests exercise
 * them. `@ptr` defaults to the event's position.
 */
export function createMemorySource(inputs: MemoryEventInput[]): EventSource {
  const events: LogEvent[] = inputs.map((e, i) => ({
    timestamp: e.timestamp,
    ingestionTime: e.ingestionTime ?? e.timestamp,
    message: e.message,
    logGroup: e.logGroup ?? MEMORY_DEFAULT_GROUP,
    logStream: e.logStream ?? MEMORY_DEFAULT_STREAM,
    ptr: e.ptr ?? String(i),
  }));
  const byPtr = new Map(events.map((e) => [e.ptr, e]));
  return {
    listGroups: async () => [...new Set(events.map((e) => e.logGroup))],
    async *read(options: ReadOptions, stats: ReadStatistics) {
      for (const event of events) {
        if (options.signal?.aborted) return;
        if (!selected(event, options)) continue;
        stats.recordsScanned++;
        stats.bytesScanned += Buffer.byteLength(event.message, "utf8");
        if (options.needles && !mayHoldNeedles(event.message, options.needles)) continue;
        yield event;
      }
    },
    getRecord: async (ptr) => byPtr.get(ptr),
  };
}

function selected(event: LogEvent, options: ReadOptions): boolean {
  if (options.start !== undefined && event.timestamp < options.start) return false;
  if (options.end !== undefined && event.timestamp > options.end) return false;
  const groups = options.groups;
  if (!groups) return true;
  const byName = groups.names?.includes(event.logGroup) ?? false;
  const byPrefix = groups.prefixes?.some((p) => event.logGroup.startsWith(p)) ?? false;
  return byName || byPrefix || (!groups.names?.length && !groups.prefixes?.length);
}
