import { createHash, randomInt } from "node:crypto";

/**
 * One line of a stream file: a CloudWatch event envelope (`timestamp`, `ingestionTime`,
 * `logGroupName`, `logStreamName`, `message`, `eventId`), as written by PutLogEvents and read by
 * the store, the query threads and the local file source alike.
 */
export interface StoredEvent {
  timestamp: number;
  ingestionTime: number;
  message: string;
  eventId: string;
  /** Line number in the stream file: stable, so it gives stable pointers and tie-breaks. */
  seq: number;
  /** UTF-8 bytes of `message`. */
  bytes: number;
}

export interface NewEvent {
  timestamp: number;
  message: string;
}

/** The line PutLogEvents appends for one event, and the event as the store keeps it. */
export function newEnvelope(
  group: string,
  stream: string,
  event: NewEvent,
  ingestionTime: number,
  seq: number,
): { line: string; stored: StoredEvent } {
  const eventId = newEventId(event.timestamp);
  const line =
    JSON.stringify({
      timestamp: event.timestamp,
      ingestionTime,
      logGroupName: group,
      logStreamName: stream,
      message: event.message,
      eventId,
    }) + "\n";
  const stored = { timestamp: event.timestamp, ingestionTime, message: event.message, eventId, seq, bytes: Buffer.byteLength(event.message) };
  return { line, stored };
}

/** The event fields of one line, or undefined when the line is not an envelope. */
export function readEnvelope(line: string | undefined): { timestamp: number; ingestionTime: number; message: string; eventId?: string } | undefined {
  if (line === undefined || line.trim() === "") return undefined;
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return undefined;
  }
  if (typeof value !== "object" || value === null) return undefined;
  const envelope = value as Record<string, unknown>;
  if (typeof envelope.timestamp !== "number" || typeof envelope.message !== "string") return undefined;
  const ingestionTime = typeof envelope.ingestionTime === "number" ? envelope.ingestionTime : envelope.timestamp;
  return {
    timestamp: envelope.timestamp,
    ingestionTime,
    message: envelope.message,
    ...(typeof envelope.eventId === "string" ? { eventId: envelope.eventId } : {}),
  };
}

/** The event on line `seq` of a stream file; undefined when the line is not an envelope. */
export function parseEnvelope(line: string | undefined, streamName: string, seq: number): StoredEvent | undefined {
  const envelope = readEnvelope(line);
  if (!envelope) return undefined;
  return {
    timestamp: envelope.timestamp,
    ingestionTime: envelope.ingestionTime,
    message: envelope.message,
    eventId: envelope.eventId ?? derivedEventId(envelope.timestamp, streamName, seq),
    seq,
    bytes: Buffer.byteLength(envelope.message),
  };
}

/**
 * CloudWatch event ids are 56 decimal digits that start with the event time; the rest only has
 * to be unique. The id is written into the envelope, so it never changes afterwards.
 */
function newEventId(timestamp: number): string {
  let digits = "";
  while (digits.length < 40) digits += String(randomInt(1e9)).padStart(9, "0");
  return String(timestamp).padStart(16, "0") + digits.slice(0, 40);
}

/** For envelopes written without an id: derived from where the line is, so it is stable too. */
function derivedEventId(timestamp: number, streamName: string, seq: number): string {
  const hash = createHash("sha256").update(`${streamName}\n${seq}`).digest();
  let digits = "";
  for (const byte of hash) digits += String(byte % 100).padStart(2, "0");
  return String(timestamp).padStart(16, "0") + digits.slice(0, 40);
}
