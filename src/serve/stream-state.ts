import { parseEnvelope, type StoredEvent } from "./envelope.js";
import { readLineBatches, type ReadLimits } from "./stream-file.js";

/**
 * A stream as the endpoint holds it in memory: its events by line number, read from its file a
 * chunk at a time and kept in step with it, plus what DescribeLogStreams reports.
 */
export interface StreamState {
  name: string;
  file: string;
  creationTime: number;
  /** Made by this endpoint (CreateLogStream), not found in the directory: its file's torn tail is the endpoint's to repair. */
  own?: boolean;
  /** Events by line number (holes where a line was not an envelope). */
  lines: StoredEvent[];
  /** Bytes of the file parsed into `lines` (always at a line boundary). */
  parsedBytes: number;
  firstEventTimestamp?: number;
  lastEventTimestamp?: number;
  lastIngestionTime?: number;
  storedBytes: number;
  /** `lines` sorted by (timestamp, ingestionTime, seq), built on demand. */
  ordered?: StoredEvent[];
  /** Tail of this stream's write chain: every append and catch-up runs after the previous. */
  chain: Promise<unknown>;
}

export function newStream(name: string, file: string, creationTime: number): StreamState {
  return { name, file, creationTime, lines: [], parsedBytes: 0, storedBytes: 0, chain: Promise.resolve() };
}

/** Reads the complete lines appended to the stream file since the last read, a chunk at a time. */
export async function catchUp(stream: StreamState, limits: ReadLimits): Promise<void> {
  try {
    for await (const batch of readLineBatches(stream.file, stream.parsedBytes, undefined, limits)) {
      for (const line of batch.lines) addLine(stream, line);
      stream.parsedBytes = batch.end;
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error; // deleted: the next sync drops it
  }
}

function addLine(stream: StreamState, line: string | undefined): void {
  addEvent(stream, parseEnvelope(line, stream.name, stream.lines.length));
}

/** The next line's event (undefined: a line that holds none). */
export function addEvent(stream: StreamState, event: StoredEvent | undefined): void {
  const seq = stream.lines.length;
  stream.lines.length = seq + 1;
  if (!event) return;
  stream.lines[seq] = event;
  stream.storedBytes += event.bytes;
  if (stream.firstEventTimestamp === undefined || event.timestamp < stream.firstEventTimestamp) {
    stream.firstEventTimestamp = event.timestamp;
  }
  if (stream.lastEventTimestamp === undefined || event.timestamp > stream.lastEventTimestamp) {
    stream.lastEventTimestamp = event.timestamp;
  }
  if (stream.lastIngestionTime === undefined || event.ingestionTime > stream.lastIngestionTime) {
    stream.lastIngestionTime = event.ingestionTime;
  }
  const ordered = stream.ordered;
  if (ordered && (ordered.length === 0 || compareEvents(ordered[ordered.length - 1], event) <= 0)) {
    ordered.push(event);
  } else {
    stream.ordered = undefined;
  }
}

export function compareEvents(a: StoredEvent, b: StoredEvent): number {
  return a.timestamp - b.timestamp || a.ingestionTime - b.ingestionTime || a.seq - b.seq;
}

