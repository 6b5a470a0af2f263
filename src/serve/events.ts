import type { Operation } from "./context.js";
import { invalidParameter } from "./errors.js";
import { compileFilterPattern } from "./filter-pattern.js";
import { requireGroup, requireStream } from "./groups.js";
import { decodeToken, encodeToken } from "./paging.js";
import {
  checkGroupName,
  checkStreamName,
  groupOf,
  optionalBoolean,
  optionalNumber,
  optionalString,
  optionalStringList,
  requiredString,
} from "./params.js";
import { compareAscii, type NewEvent, type StoredEvent } from "./store.js";
import { breathe, SLICE_STEP } from "./time-slice.js";

/** Writing and reading events: PutLogEvents, GetLogEvents, FilterLogEvents. */

/** PutLogEvents limits, as CloudWatch documents them. */
export const PUT_LIMITS = {
  maxBatchBytes: 1_048_576,
  /** Counted per event on top of its UTF-8 message bytes. */
  eventOverheadBytes: 26,
  maxEvents: 10_000,
  maxSpanMs: 24 * 3600_000,
  maxFutureMs: 2 * 3600_000,
  maxAgeMs: 14 * 24 * 3600_000,
} as const;

/** Read pages stop at this many message bytes, as CloudWatch's 1 MB pages do. */
const PAGE_BYTES = 1_048_576;
const DAY_MS = 24 * 3600_000;

export const putLogEvents: Operation = async (body, ctx) => {
  const groupName = checkGroupName(requiredString(body, "logGroupName"));
  const streamName = checkStreamName(requiredString(body, "logStreamName"));
  const events = readInputEvents(body.logEvents);
  let batchBytes = 0;
  for (const event of events) batchBytes += Buffer.byteLength(event.message) + PUT_LIMITS.eventOverheadBytes;
  if (batchBytes > PUT_LIMITS.maxBatchBytes) {
    throw invalidParameter(`Upload too large: ${batchBytes} bytes exceeds limit of ${PUT_LIMITS.maxBatchBytes}`);
  }
  for (let i = 1; i < events.length; i++) {
    if (events[i].timestamp < events[i - 1].timestamp) {
      throw invalidParameter("Log events in a single PutLogEvents request must be in chronological order.");
    }
  }
  if (events.length > 0 && events[events.length - 1].timestamp - events[0].timestamp > PUT_LIMITS.maxSpanMs) {
    throw invalidParameter("The batch of log events in a single PutLogEvents request cannot span more than 24 hours.");
  }
  const group = await requireGroup(ctx, groupName);
  const stream = requireStream(group, streamName);

  // Too old, expired and too new events are rejected one by one; the rest are stored. Events are
  // in time order, so the rejected ones are a prefix and a suffix of the batch.
  const now = ctx.now();
  const oldest = now - PUT_LIMITS.maxAgeMs;
  const retentionStart = group.retentionInDays !== undefined ? now - group.retentionInDays * DAY_MS : -Infinity;
  let tooOldEnd = 0;
  while (tooOldEnd < events.length && events[tooOldEnd].timestamp < oldest) tooOldEnd++;
  let expiredEnd = 0;
  while (expiredEnd < events.length && events[expiredEnd].timestamp < retentionStart) expiredEnd++;
  let tooNewStart = events.length;
  while (tooNewStart > 0 && events[tooNewStart - 1].timestamp > now + PUT_LIMITS.maxFutureMs) tooNewStart--;
  const accepted = events.slice(Math.max(tooOldEnd, expiredEnd), tooNewStart);
  if (accepted.length > 0) await ctx.store.append(group, stream, accepted, now);

  const rejected: Record<string, number> = {};
  if (tooOldEnd > 0) rejected.tooOldLogEventEndIndex = tooOldEnd;
  if (expiredEnd > 0) rejected.expiredLogEventEndIndex = expiredEnd;
  if (tooNewStart < events.length) rejected.tooNewLogEventStartIndex = tooNewStart;
  return {
    nextSequenceToken: String(stream.lines.length).padStart(56, "0"),
    ...(Object.keys(rejected).length > 0 ? { rejectedLogEventsInfo: rejected } : {}),
  };
};

function readInputEvents(value: unknown): NewEvent[] {
  if (!Array.isArray(value) || value.length === 0) {
    throw invalidParameter(
      "1 validation error detected: Value at 'logEvents' failed to satisfy constraint: Member must have length greater than or equal to 1",
    );
  }
  if (value.length > PUT_LIMITS.maxEvents) {
    throw invalidParameter(
      `1 validation error detected: Value at 'logEvents' failed to satisfy constraint: Member must have length less than or equal to ${PUT_LIMITS.maxEvents}`,
    );
  }
  return value.map((item, i) => {
    const event = item as { timestamp?: unknown; message?: unknown };
    if (typeof event !== "object" || event === null || typeof event.timestamp !== "number" || event.timestamp < 0) {
      throw invalidParameter(`logEvents.${i + 1}.timestamp must be a non-negative number.`);
    }
    if (typeof event.message !== "string" || event.message.length === 0) {
      throw invalidParameter(
        `1 validation error detected: Value '' at 'logEvents.${i + 1}.member.message' failed to satisfy constraint: Member must have length greater than or equal to 1`,
      );
    }
    return { timestamp: Math.trunc(event.timestamp), message: event.message };
  });
}

// ---- GetLogEvents ---------------------------------------------------------------------------

/** A position in one stream's order: (timestamp, ingestionTime, seq), as digits. */
function streamKey(event: StoredEvent): string {
  return `${event.timestamp}_${event.ingestionTime}_${event.seq}`;
}

function parseStreamToken(token: string): { direction: "f" | "b"; key: [number, number, number] } {
  const match = /^([fb])\/(\d+)_(\d+)_(-?\d+)$/.exec(token);
  if (!match) throw invalidParameter("The specified nextToken is invalid.");
  return { direction: match[1] as "f" | "b", key: [Number(match[2]), Number(match[3]), Number(match[4])] };
}

function compareToKey(event: StoredEvent, key: [number, number, number]): number {
  return event.timestamp - key[0] || event.ingestionTime - key[1] || event.seq - key[2];
}

/** Before every event: the tokens of an empty page, so later events still show up. */
const ORIGIN = "0_0_-1";

export const getLogEvents: Operation = async (body, ctx) => {
  const groupName = groupOf(body) as string;
  const streamName = checkStreamName(requiredString(body, "logStreamName"));
  const startTime = optionalNumber(body, "startTime", 0);
  const endTime = optionalNumber(body, "endTime", 0);
  const limit = optionalNumber(body, "limit", 1, 10_000) ?? 10_000;
  const token = optionalString(body, "nextToken");
  const startFromHead = optionalBoolean(body, "startFromHead") ?? false;
  const group = await requireGroup(ctx, groupName);
  await ctx.store.sync();
  const stream = requireStream(group, streamName);

  // startTime is inclusive, endTime exclusive.
  const inRange = ctx.store
    .ordered(stream)
    .filter((e) => (startTime === undefined || e.timestamp >= startTime) && (endTime === undefined || e.timestamp < endTime));

  let page: StoredEvent[];
  let forward: string | undefined;
  let backward: string | undefined;
  if (token !== undefined) {
    const { direction, key } = parseStreamToken(token);
    if (direction === "f") {
      page = takeHead(inRange.filter((e) => compareToKey(e, key) > 0), limit);
      if (page.length === 0) forward = token; // the end: the same token comes back
      backward = page.length === 0 ? `b/${key.join("_")}` : undefined;
    } else {
      page = takeTail(inRange.filter((e) => compareToKey(e, key) < 0), limit);
      if (page.length === 0) backward = token;
      forward = page.length === 0 ? `f/${key.join("_")}` : undefined;
    }
  } else {
    page = startFromHead ? takeHead(inRange, limit) : takeTail(inRange, limit);
  }
  forward ??= page.length > 0 ? `f/${streamKey(page[page.length - 1])}` : `f/${ORIGIN}`;
  backward ??= page.length > 0 ? `b/${streamKey(page[0])}` : `b/${ORIGIN}`;
  return {
    events: page.map((e) => ({ timestamp: e.timestamp, message: e.message, ingestionTime: e.ingestionTime })),
    nextForwardToken: forward,
    nextBackwardToken: backward,
  };
};

function takeHead(events: StoredEvent[], limit: number): StoredEvent[] {
  let bytes = 0;
  let n = 0;
  while (n < events.length && n < limit && (n === 0 || bytes + events[n].bytes <= PAGE_BYTES)) bytes += events[n++].bytes;
  return events.slice(0, n);
}

function takeTail(events: StoredEvent[], limit: number): StoredEvent[] {
  let bytes = 0;
  let n = 0;
  while (n < events.length && n < limit && (n === 0 || bytes + events[events.length - 1 - n].bytes <= PAGE_BYTES)) {
    bytes += events[events.length - 1 - n++].bytes;
  }
  return events.slice(events.length - n);
}

// ---- FilterLogEvents ------------------------------------------------------------------------

/** Where a FilterLogEvents page ended: the last event's (timestamp, ingestionTime, stream, seq). */
type FilterCursor = [number, number, string, number];

interface Found {
  stream: string;
  event: StoredEvent;
}

function compareFound(a: Found, b: Found): number {
  return (
    a.event.timestamp - b.event.timestamp ||
    a.event.ingestionTime - b.event.ingestionTime ||
    compareAscii(a.stream, b.stream) ||
    a.event.seq - b.event.seq
  );
}

function afterCursor(found: Found, cursor: FilterCursor): boolean {
  return (
    (found.event.timestamp - cursor[0] ||
      found.event.ingestionTime - cursor[1] ||
      compareAscii(found.stream, cursor[2]) ||
      found.event.seq - cursor[3]) > 0
  );
}

export const filterLogEvents: Operation = async (body, ctx) => {
  const groupName = groupOf(body) as string;
  const names = optionalStringList(body, "logStreamNames", 100);
  const prefix = optionalString(body, "logStreamNamePrefix", 512);
  if (names !== undefined && prefix !== undefined) {
    throw invalidParameter("logStreamNames and logStreamNamePrefix are mutually exclusive parameters.");
  }
  const startTime = optionalNumber(body, "startTime", 0);
  const endTime = optionalNumber(body, "endTime", 0);
  if (startTime !== undefined && endTime !== undefined && endTime < startTime) {
    throw invalidParameter("endTime must be greater than or equal to startTime.");
  }
  const matches = compileFilterPattern(optionalString(body, "filterPattern", 1024));
  const limit = optionalNumber(body, "limit", 1, 10_000) ?? 10_000;
  const cursor = decodeToken<FilterCursor>("filter", optionalString(body, "nextToken"));
  const group = await requireGroup(ctx, groupName);
  await ctx.store.sync();

  // A stream's events are in page order, so only its first `limit` matches can be on the page
  // (one more tells that another page follows).
  const found: Found[] = [];
  for (const stream of [...group.streams.values()]) {
    if (names !== undefined && !names.includes(stream.name)) continue;
    if (prefix !== undefined && !stream.name.startsWith(prefix)) continue;
    const events = ctx.store.ordered(stream);
    let matched = 0;
    for (let i = 0; i < events.length && matched <= limit; i++) {
      if (i % SLICE_STEP === SLICE_STEP - 1) {
        const turn = breathe();
        if (turn) await turn;
      }
      const event = events[i];
      // endTime is inclusive here: only events later than it are left out.
      if (startTime !== undefined && event.timestamp < startTime) continue;
      if (endTime !== undefined && event.timestamp > endTime) break;
      const item = { stream: stream.name, event };
      if (cursor !== undefined && !afterCursor(item, cursor)) continue;
      if (matches(event.message)) {
        found.push(item);
        matched++;
      }
    }
  }
  found.sort(compareFound);
  let bytes = 0;
  let n = 0;
  while (n < found.length && n < limit && (n === 0 || bytes + found[n].event.bytes <= PAGE_BYTES)) {
    bytes += found[n++].event.bytes;
  }
  const page = found.slice(0, n);
  const last = page[page.length - 1];
  return {
    events: page.map(({ stream, event }) => ({
      logStreamName: stream,
      timestamp: event.timestamp,
      message: event.message,
      ingestionTime: event.ingestionTime,
      eventId: event.eventId,
    })),
    searchedLogStreams: [],
    ...(n < found.length
      ? { nextToken: encodeToken("filter", [last.event.timestamp, last.event.ingestionTime, last.stream, last.event.seq]) }
      : {}),
  };
};
