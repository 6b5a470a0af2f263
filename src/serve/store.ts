import { createHash, randomInt } from "node:crypto";
import { appendFile, mkdir, open, readdir, readFile, rename, rm, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { childPath, decodeName, encodeName, isShortenedName } from "../sources/local/layout.js";

/**
 * The endpoint's data, on disk in the layout the local file source reads (a directory per log
 * group and a `.jsonl` file per stream, named by `encodeName` so that every name stays inside
 * the store; one CloudWatch event envelope per line) and mirrored in memory for fast reads.
 * Names too long to be a file name are shortened there and kept whole in `.group.json`.
 *
 * The files are the truth: events enter memory only by being read back from their file, so
 * events appended by another process (a second endpoint, `tolog pull`) show up as well, and a
 * restart rebuilds exactly what was acknowledged. Appends to one stream file are serialised and
 * each batch is one `appendFile` of complete lines, so concurrent writers never interleave
 * partial lines.
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

export interface StreamState {
  name: string;
  file: string;
  creationTime: number;
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

export interface GroupState {
  name: string;
  dir: string;
  creationTime: number;
  retentionInDays?: number;
  streams: Map<string, StreamState>;
  /** Tail of this group's metadata write chain (`.group.json`). */
  chain: Promise<unknown>;
  /** Streams recorded in `.group.json`, used when a stream file is first seen. */
  recordedStreams: Record<string, RecordedStream>;
}

/** The sidecar file with what the event files cannot say; the local source skips dot-files. */
export const GROUP_METADATA_FILE = ".group.json";
const STREAM_SUFFIX = ".jsonl";

interface RecordedStream {
  creationTime: number;
}

interface GroupMetadata {
  /** The group's name, kept because a long name is shortened in the directory's name. */
  name?: string;
  creationTime: number;
  retentionInDays?: number;
  streams?: Record<string, RecordedStream>;
}

export interface NewEvent {
  timestamp: number;
  message: string;
}

export class Store {
  private readonly groupsByName = new Map<string, GroupState>();
  private readonly groupsByDir = new Map<string, GroupState>();
  /**
   * Changes to the set of groups and streams, and syncs with the directory, run one at a time,
   * so a sync never resurrects a group that is being deleted.
   */
  private structure: Promise<unknown> = Promise.resolve();

  private constructor(readonly dir: string) {}

  static async open(dir: string): Promise<Store> {
    await mkdir(dir, { recursive: true });
    const store = new Store(dir);
    await store.sync();
    return store;
  }

  /** Log groups, ASCII-sorted by name as DescribeLogGroups lists them. */
  groups(): GroupState[] {
    return [...this.groupsByName.values()].sort((a, b) => compareAscii(a.name, b.name));
  }

  group(name: string): GroupState | undefined {
    return this.groupsByName.get(name);
  }

  /**
   * Brings memory up to date with the directory: groups and streams created or deleted by
   * someone else, and lines appended since the last look.
   */
  sync(): Promise<void> {
    return this.exclusive(() => this.syncNow());
  }

  private async syncNow(): Promise<void> {
    const entries = await readdir(this.dir, { withFileTypes: true });
    const seen = new Set<string>();
    for (const entry of entries) {
      if (!entry.isDirectory() || entry.name.startsWith(".")) continue;
      const dir = childPath(this.dir, entry.name);
      let group = this.groupsByDir.get(dir);
      if (!group) {
        group = await this.loadGroup(entry.name, dir);
        if (this.groupsByName.has(group.name)) continue; // a second directory claiming a known name
        this.groupsByName.set(group.name, group);
        this.groupsByDir.set(dir, group);
      }
      seen.add(group.name);
      await this.syncGroup(group);
    }
    for (const [name, group] of [...this.groupsByName]) {
      if (!seen.has(name)) this.forgetGroup(group);
    }
  }

  private forgetGroup(group: GroupState): void {
    this.groupsByName.delete(group.name);
    this.groupsByDir.delete(group.dir);
  }

  createGroup(name: string, now: number): Promise<GroupState | undefined> {
    return this.exclusive(() => this.createGroupNow(name, now));
  }

  private async createGroupNow(name: string, now: number): Promise<GroupState | undefined> {
    await this.syncNow(); // another process may have created it
    if (this.groupsByName.has(name)) return undefined;
    const dir = childPath(this.dir, encodeName(name));
    const group: GroupState = {
      name,
      dir,
      creationTime: now,
      streams: new Map(),
      chain: Promise.resolve(),
      recordedStreams: {},
    };
    this.groupsByName.set(name, group);
    this.groupsByDir.set(dir, group);
    await mkdir(dir, { recursive: true });
    await this.saveMetadata(group);
    return group;
  }

  deleteGroup(group: GroupState): Promise<void> {
    return this.exclusive(() => this.deleteGroupNow(group));
  }

  private async deleteGroupNow(group: GroupState): Promise<void> {
    this.forgetGroup(group);
    // Let acknowledged-in-flight appends finish before the files go.
    await Promise.allSettled([group.chain, ...[...group.streams.values()].map((s) => s.chain)]);
    await rm(group.dir, { recursive: true, force: true });
  }

  async setRetention(group: GroupState, days: number | undefined): Promise<void> {
    group.retentionInDays = days;
    await this.saveMetadata(group);
  }

  createStream(group: GroupState, name: string, now: number): Promise<StreamState | undefined> {
    return this.exclusive(() => this.createStreamNow(group, name, now));
  }

  private async createStreamNow(group: GroupState, name: string, now: number): Promise<StreamState | undefined> {
    await this.syncGroup(group); // another process may have created it
    if (group.streams.has(name)) return undefined;
    const stream = newStream(name, childPath(group.dir, encodeName(name) + STREAM_SUFFIX), now);
    group.streams.set(name, stream);
    await appendFile(stream.file, "");
    await this.saveMetadata(group);
    return stream;
  }

  deleteStream(group: GroupState, stream: StreamState): Promise<void> {
    return this.exclusive(() => this.deleteStreamNow(group, stream));
  }

  private async deleteStreamNow(group: GroupState, stream: StreamState): Promise<void> {
    group.streams.delete(stream.name);
    await Promise.allSettled([stream.chain]);
    await rm(stream.file, { force: true });
    await this.saveMetadata(group);
  }

  /**
   * Appends one accepted batch as complete envelope lines with a single write, then reads the
   * stream's new lines back into memory. Resolves only once the lines are in the file.
   */
  append(group: GroupState, stream: StreamState, events: NewEvent[], ingestionTime: number): Promise<void> {
    let text = "";
    for (const event of events) {
      text +=
        JSON.stringify({
          timestamp: event.timestamp,
          ingestionTime,
          logGroupName: group.name,
          logStreamName: stream.name,
          message: event.message,
          eventId: newEventId(event.timestamp),
        }) + "\n";
    }
    return this.serialise(stream, async () => {
      await appendFile(stream.file, text);
      await catchUp(stream);
    });
  }

  /** The stream's events in the order GetLogEvents returns them. */
  ordered(stream: StreamState): StoredEvent[] {
    if (!stream.ordered) {
      stream.ordered = stream.lines.filter((e) => e !== undefined).sort(compareEvents);
    }
    return stream.ordered;
  }

  private exclusive<T>(work: () => Promise<T>): Promise<T> {
    const result = this.structure.then(work);
    this.structure = result.catch(() => undefined);
    return result;
  }

  private serialise<T>(stream: StreamState, work: () => Promise<T>): Promise<T> {
    const result = stream.chain.then(work);
    stream.chain = result.catch(() => undefined);
    return result;
  }

  private async loadGroup(dirName: string, dir: string): Promise<GroupState> {
    let metadata: GroupMetadata | undefined;
    try {
      metadata = JSON.parse(await readFile(join(dir, GROUP_METADATA_FILE), "utf8")) as GroupMetadata;
    } catch {
      metadata = undefined; // a directory written by hand or by `tolog pull`: still a log group
    }
    const creationTime = metadata?.creationTime ?? Math.floor((await stat(dir)).mtimeMs);
    const name = typeof metadata?.name === "string" && encodeName(metadata.name) === dirName ? metadata.name : decodeName(dirName);
    const group: GroupState = {
      name,
      dir,
      creationTime,
      streams: new Map(),
      chain: Promise.resolve(),
      recordedStreams: metadata?.streams ?? {},
    };
    if (metadata?.retentionInDays !== undefined) group.retentionInDays = metadata.retentionInDays;
    return group;
  }

  private async syncGroup(group: GroupState): Promise<void> {
    let entries;
    try {
      entries = await readdir(group.dir, { withFileTypes: true });
    } catch {
      return; // deleted under us; the next sync drops it
    }
    const recorded = group.recordedStreams;
    const seen = new Set<string>();
    for (const entry of entries) {
      if (!entry.isFile() || entry.name.startsWith(".") || !entry.name.endsWith(STREAM_SUFFIX)) continue;
      const name = streamNameOf(entry.name.slice(0, -STREAM_SUFFIX.length), recorded);
      seen.add(name);
      let stream = group.streams.get(name);
      if (!stream) {
        const file = childPath(group.dir, entry.name);
        const creationTime = (Object.hasOwn(recorded, name) ? recorded[name].creationTime : undefined) ?? Math.floor((await stat(file)).mtimeMs);
        stream = newStream(name, file, creationTime);
        group.streams.set(name, stream);
      }
      const target = stream;
      await this.serialise(target, () => catchUp(target));
    }
    for (const name of [...group.streams.keys()]) {
      if (!seen.has(name)) group.streams.delete(name);
    }
  }

  private saveMetadata(group: GroupState): Promise<void> {
    const work = async () => {
      const metadata: GroupMetadata = { name: group.name, creationTime: group.creationTime };
      if (group.retentionInDays !== undefined) metadata.retentionInDays = group.retentionInDays;
      // fromEntries makes own keys even of `__proto__`: assigning one would set the prototype.
      metadata.streams = Object.fromEntries([...group.streams.values()].map((s) => [s.name, { creationTime: s.creationTime }]));
      group.recordedStreams = metadata.streams;
      // Write then rename, so a reader never sees half a file.
      const file = join(group.dir, GROUP_METADATA_FILE);
      const temp = `${file}.${process.pid}.${randomInt(1e9)}.tmp`;
      await writeFile(temp, JSON.stringify(metadata) + "\n");
      await rename(temp, file);
    };
    const result = group.chain.then(work);
    group.chain = result.catch(() => undefined);
    return result;
  }
}

function newStream(name: string, file: string, creationTime: number): StreamState {
  return { name, file, creationTime, lines: [], parsedBytes: 0, storedBytes: 0, chain: Promise.resolve() };
}

/** Reads the complete lines appended to the stream file since the last read. */
async function catchUp(stream: StreamState): Promise<void> {
  let handle;
  try {
    handle = await open(stream.file, "r");
  } catch {
    return;
  }
  try {
    const { size } = await handle.stat();
    if (size <= stream.parsedBytes) return;
    const buffer = Buffer.alloc(size - stream.parsedBytes);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, stream.parsedBytes);
    const end = buffer.lastIndexOf(0x0a, bytesRead - 1);
    if (end < 0) return; // only a partial line so far: its writer has not finished
    const text = buffer.toString("utf8", 0, end);
    stream.parsedBytes += end + 1;
    for (const line of text.split("\n")) addLine(stream, line);
  } finally {
    await handle.close();
  }
}

function addLine(stream: StreamState, line: string): void {
  const seq = stream.lines.length;
  const event = parseEnvelope(line, stream.name, seq);
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

function parseEnvelope(line: string, streamName: string, seq: number): StoredEvent | undefined {
  if (line.trim() === "") return undefined;
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
  const eventId =
    typeof envelope.eventId === "string" ? envelope.eventId : derivedEventId(envelope.timestamp, streamName, seq);
  return {
    timestamp: envelope.timestamp,
    ingestionTime,
    message: envelope.message,
    eventId,
    seq,
    bytes: Buffer.byteLength(envelope.message),
  };
}

export function compareEvents(a: StoredEvent, b: StoredEvent): number {
  return a.timestamp - b.timestamp || a.ingestionTime - b.ingestionTime || a.seq - b.seq;
}

export function compareAscii(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
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

/** A stream's name from its file's name: the recorded whole name where it was shortened. */
function streamNameOf(segment: string, recorded: Record<string, RecordedStream>): string {
  if (isShortenedName(segment)) {
    for (const name of Object.keys(recorded)) {
      if (encodeName(name) === segment) return name;
    }
  }
  return decodeName(segment);
}
