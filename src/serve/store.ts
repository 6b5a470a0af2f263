import { randomInt } from "node:crypto";
import { constants } from "node:fs";
import { lstat, open, readdir, rename, rm, stat } from "node:fs/promises";
import { join } from "node:path";
import { childPath, decodeName, encodeName, isShortenedName } from "../sources/local/layout.js";
import { newEnvelope, type NewEvent, type StoredEvent } from "./envelope.js";
import { lockStore, type StoreLock } from "./store-lock.js";
import { groupNotFound, invalidParameter, streamNotFound } from "./errors.js";
import { appendWhole, openStreamFile, readRegularFile, repairTails, STREAM_FILE_SUFFIX, syncDirectory, UnsafeEntryError, type ReadLimits } from "./stream-file.js";
import { addEvent, catchUp, compareEvents, newStream, type StreamState } from "./stream-state.js";
import { caseInsensitiveDir, ownStreamFiles } from "./store-dir.js";
import { makeDirectory } from "../shared/make-directory.js";

/**
 * The endpoint's data, on disk in the layout the local file source reads (a directory per log
 * group and a `.jsonl` file per stream, named by `encodeName` so that every name stays inside
 * the store; one CloudWatch event envelope per line) and mirrored in memory for fast reads.
 * Names too long to be a file name are shortened there and kept whole in `.group.json`.
 *
 * The files are the truth: events enter memory only by being read back from their file (a
 * chunk at a time), so events appended by another tool show up as well, and a restart rebuilds
 * exactly what was acknowledged. One endpoint at a time owns the directory (`store-lock.ts`).
 * Appends to one stream file are serialised; each batch is one write of complete lines that
 * reaches the disk before it is acknowledged; an unfinished line a crash left at the end of a
 * file it created is moved aside when the store opens (stream-file.ts, `repairTail`).
 */

export type { NewEvent, StoredEvent } from "./envelope.js";
export type { StreamState } from "./stream-state.js";
export { compareEvents } from "./stream-state.js";

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

interface RecordedStream {
  creationTime: number;
  /** Created by the endpoint (a file found in the directory is not: `ownStreamFiles`). */
  own?: true;
}

export interface GroupMetadata {
  /** The group's name, kept because a long name is shortened in the directory's name. */
  name?: string;
  creationTime: number;
  retentionInDays?: number;
  streams?: Record<string, RecordedStream>;
}

export interface StoreOptions {
  /** How stream files are read (tests pass tiny chunks). */
  read?: ReadLimits;
  /** Where repairs made on opening are told. */
  log?: (line: string) => void;
  /** Whether the directory's file system ignores case in names; found out when not given (`caseInsensitiveDir`). */
  caseInsensitive?: boolean;
}

/** A stream file as a query reads it: up to `bytes`, where the acknowledged lines end. */
export interface SnapshotStream {
  group: string;
  stream: string;
  file: string;
  bytes: number;
}

/** What a query reads: every group, and every stream's file up to where it was at the start. */
export interface StoreSnapshot {
  groups: string[];
  streams: SnapshotStream[];
}

export class Store {
  private readonly groupsByName = new Map<string, GroupState>();
  private readonly groupsByDir = new Map<string, GroupState>();
  /**
   * Changes to the set of groups and streams, and syncs with the directory, run one at a time,
   * so a sync never resurrects a group that is being deleted.
   */
  private structure: Promise<unknown> = Promise.resolve();

  private constructor(
    readonly dir: string,
    private readonly lock: StoreLock,
    private readonly limits: ReadLimits,
    /** Names that differ only in case would share a directory or file (`caseInsensitiveDir`). */
    private readonly caseInsensitive: boolean,
  ) {}

  /** Opens (and locks) the directory; throws StoreLockedError when another endpoint has it. */
  static async open(dir: string, options: StoreOptions = {}): Promise<Store> {
    await makeDirectory(dir);
    const lock = await lockStore(dir);
    try {
      const log = options.log ?? (() => undefined);
      if (lock.tookOverFrom !== undefined) {
        log(`tolog serve: ${dir} was left locked by pid ${lock.tookOverFrom}, which has ended; it is this endpoint's now.`);
      }
      await repairTails(dir, options.read ?? {}, log, ownStreamFiles);
      const store = new Store(dir, lock, options.read ?? {}, options.caseInsensitive ?? (await caseInsensitiveDir(dir)));
      await store.sync();
      return store;
    } catch (error) {
      await lock.release();
      throw error;
    }
  }

  /** Lets the directory go, once every acknowledged write is done. */
  async close(): Promise<void> {
    await this.structure;
    await Promise.allSettled(this.groups().flatMap((g) => [g.chain, ...[...g.streams.values()].map((s) => s.chain)]));
    await this.lock.release();
  }

  /** Every group and every stream file as far as it is read now, for a query. */
  snapshot(): StoreSnapshot {
    const groups = this.groups();
    const streams: SnapshotStream[] = [];
    for (const group of groups) {
      for (const stream of group.streams.values()) {
        streams.push({ group: group.name, stream: stream.name, file: stream.file, bytes: stream.parsedBytes });
      }
    }
    return { groups: groups.map((g) => g.name), streams };
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
    this.refuseCaseTwin("log group", name, this.groupsByName.keys());
    const dir = childPath(this.dir, encodeName(name));
    // What the directory listing left out as no group: a link to a directory, a file.
    const found = await lstat(dir).catch(() => undefined);
    if (found?.isSymbolicLink()) throw new UnsafeEntryError(dir, "a symbolic link");
    if (found !== undefined && !found.isDirectory()) throw new UnsafeEntryError(dir, "not a directory");
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
    await makeDirectory(dir);
    await syncDirectory(this.dir);
    await this.saveMetadata(group);
    return group;
  }

  /**
   * Where the file system ignores case, a name whose file name differs from an existing one's
   * only in case would share its directory or file: refused, naming the other.
   */
  private refuseCaseTwin(kind: string, name: string, names: Iterable<string>): void {
    if (!this.caseInsensitive) return;
    const folded = encodeName(name).toLowerCase();
    for (const other of names) {
      if (encodeName(other).toLowerCase() === folded) {
        throw invalidParameter(
          `The ${kind} name ${JSON.stringify(name)} differs only in case from the ${kind} ${JSON.stringify(other)}; this endpoint's directory is on a file system that does not tell them apart, so it cannot keep both. Use another name, or serve from a case-sensitive directory.`,
        );
      }
    }
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
    // Deleted while this waited its turn: as CloudWatch answers for a group that is not there.
    if (this.groupsByName.get(group.name) !== group) throw groupNotFound();
    await this.syncGroup(group); // another process may have created it
    if (group.streams.has(name)) return undefined;
    this.refuseCaseTwin("log stream", name, group.streams.keys());
    const stream = newStream(name, childPath(group.dir, encodeName(name) + STREAM_FILE_SUFFIX), now);
    stream.own = true;
    await (await openStreamFile(stream.file, constants.O_WRONLY | constants.O_APPEND | constants.O_CREAT)).close();
    group.streams.set(name, stream);
    await syncDirectory(group.dir);
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
   * Appends one accepted batch as complete envelope lines with a single write, then adds them
   * to memory. Resolves only once the lines are on the disk.
   */
  append(group: GroupState, stream: StreamState, events: NewEvent[], ingestionTime: number): Promise<void> {
    return this.serialise(stream, async () => {
      // Deleted while the batch waited its turn: answered as CloudWatch answers a missing stream,
      // and no file made again for it.
      if (this.groupsByName.get(group.name) !== group) throw groupNotFound();
      if (group.streams.get(stream.name) !== stream) throw streamNotFound();
      const first = stream.lines.length;
      const envelopes = events.map((event, i) => newEnvelope(group.name, stream.name, event, ingestionTime, first + i));
      const text = envelopes.map((e) => e.line).join("");
      const at = await appendWhole(stream.file, text);
      if (at === stream.parsedBytes && stream.lines.length === first) {
        // Right after what memory holds: these are the lines, no need to read them back.
        for (const { stored } of envelopes) addEvent(stream, stored);
        stream.parsedBytes = at + Buffer.byteLength(text);
      } else {
        await catchUp(stream, this.limits); // someone else appended to the file before us
      }
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
      metadata = JSON.parse(await readRegularFile(join(dir, GROUP_METADATA_FILE))) as GroupMetadata;
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
      if (!entry.isFile() || entry.name.startsWith(".") || !entry.name.endsWith(STREAM_FILE_SUFFIX)) continue;
      const name = streamNameOf(entry.name.slice(0, -STREAM_FILE_SUFFIX.length), recorded);
      seen.add(name);
      let stream = group.streams.get(name);
      if (!stream) {
        const file = childPath(group.dir, entry.name);
        const creationTime = (Object.hasOwn(recorded, name) ? recorded[name].creationTime : undefined) ?? Math.floor((await stat(file)).mtimeMs);
        stream = newStream(name, file, creationTime);
        if (Object.hasOwn(recorded, name) && recorded[name].own === true) stream.own = true;
        group.streams.set(name, stream);
      }
      const target = stream;
      await this.serialise(target, () => catchUp(target, this.limits));
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
      metadata.streams = Object.fromEntries([...group.streams.values()].map((s) => [s.name, { creationTime: s.creationTime, ...(s.own === true && { own: true as const }) }]));
      group.recordedStreams = metadata.streams;
      // Written, on the disk, then renamed, so that no reader and no crash sees half a file.
      const file = join(group.dir, GROUP_METADATA_FILE);
      const temp = `${file}.${process.pid}.${randomInt(1e9)}.tmp`;
      // "wx": a name found taken, even by a link, fails rather than being followed.
      const handle = await open(temp, "wx");
      try {
        await handle.writeFile(JSON.stringify(metadata) + "\n");
        await handle.datasync();
      } finally {
        await handle.close();
      }
      await rename(temp, file);
      await syncDirectory(group.dir);
    };
    // A group deleted meanwhile has no directory to write in: as CloudWatch answers for a missing group.
    const result = group.chain.then(work).catch((error: unknown) => {
      throw this.groupsByName.get(group.name) === group ? error : groupNotFound();
    });
    group.chain = result.catch(() => undefined);
    return result;
  }
}

export function compareAscii(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
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
