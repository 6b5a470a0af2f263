import type { Value } from "./values.js";
import type { VendedFormat } from "./vended/tally.js";
import type { VpcByteReader } from "./vended/vpc-bytes.js";

/**
 * What the engine reads: log events grouped in log groups and streams, from local files
 * (src/sources/), from `tolog serve`'s store, or from anything else that can list them.
 */
export interface LogEvent {
  /** Event time, epoch milliseconds. */
  timestamp: number;
  /** When the event was received; for local files without one, equal to `timestamp`. */
  ingestionTime: number;
  /** The raw event text (`@message`). */
  message: string;
  /**
   * The fields of `message` that `ReadOptions.fields` asked for, exactly as `discoverFields`
   * finds them (see engine/extract.ts), when the source extracted them; else absent.
   */
  fields?: Record<string, Value>;
  /**
   * Set when `fields` were read from a line of this vended text format (a VPC flow record read
   * from its bytes): discovery of the line would have counted it as read so, which the engine
   * does when it first reads them (`RunDiscovery.readAs`).
   */
  vended?: VendedFormat;
  logGroup: string;
  logStream: string;
  /** Opaque, stable pointer to this event (`@ptr`), accepted by `EventSource.getRecord`. */
  ptr: string;
}

export interface ReadOptions {
  /** Inclusive bounds in epoch ms; events outside are skipped before they are parsed. */
  start?: number;
  end?: number;
  /** Log groups to read, by exact name or name prefix (`SOURCE logGroups(namePrefix: ...)`). */
  groups?: { names?: string[]; prefixes?: string[] };
  /**
   * Byte strings every wanted event must contain somewhere in its raw text. A source may use
   * them to skip a line before parsing it; it must never use them to drop an event that
   * contains all of them, nor one that `mayHoldNeedles` (engine/needle-match.ts) keeps: any
   * character of a needle may be written escaped in JSON text (`\u0041`, `\/`).
   */
  needles?: string[];
  /**
   * The only non-system fields the query reads (plain top-level names). A source may hand
   * them over in `LogEvent.fields` instead of leaving the engine to parse every message.
   */
  fields?: string[];
  /**
   * Set when the query reads neither `@message` nor any field outside `fields`: a source that
   * handed over `fields` for an event may leave its `message` empty.
   */
  messageUnread?: boolean;
  /**
   * Set when the query reads no event time and there is no time range: a source may leave an
   * event's `timestamp` and `ingestionTime` at 0 instead of finding them in its text.
   */
  timeUnread?: boolean;
  signal?: AbortSignal;
  /** The run's declared log formats (`RunOptions.logFormats`): a source that meets a format's own description (a VPC flow log file's header) says when it goes undeclared. */
  logFormats?: Readonly<Record<string, string>>;
  /**
   * Values that a field of every wanted event has (its text, as `toText` gives it, is one of
   * `values`), one entry per condition: a source with a field index may read only the events
   * its index places at those values. It must never leave out an event the index does not
   * cover (a file's unindexed tail, an index that cannot be trusted).
   */
  indexKeys?: IndexKey[];
  /**
   * Where a source may hand a stats records without making their events: default-format VPC flow
   * records read from their bytes (`VpcByteReader.isUsual`, engine/vended/flow-stats.ts), or a
   * JSON line's wanted fields as the `fields` extractor found them (engine/json-stats.ts). A
   * source that does hands it every other event too, in read order, and yields none.
   */
  flowRecords?: FlowRecords;
}

/** Takes a read's events in order, usual flow records without an event (`ReadOptions.flowRecords`). */
export interface FlowRecords {
  /** A usual record of a stream's file, which `reader.isUsual` just checked in `b`. */
  record?(reader: VpcByteReader, b: Uint8Array, group: string, stream: string): void;
  /**
   * A JSON line's values of the wanted fields (`ReadOptions.fields`), in their order, undefined
   * where the line has none: what its event's handed-over fields would hold. Read at once: the
   * array is the extractor's, and the next line's values replace them.
   */
  fields?(values: ReadonlyArray<Value | undefined>): void;
  /** Any other event, in its place among the records. */
  event(event: LogEvent): void;
}

export interface IndexKey {
  field: string;
  values: string[];
}

export interface ReadStatistics {
  /** Events read and handed to the engine (after time-range pruning). */
  recordsScanned: number;
  /** Raw bytes of those events. */
  bytesScanned: number;
}

export interface EventSource {
  /** The log groups this source holds. */
  listGroups(): Promise<string[]>;
  /** Streams the events; order is not guaranteed. Updates `stats` as it goes. */
  read(options: ReadOptions, stats: ReadStatistics): AsyncIterable<LogEvent>;
  /** The event behind an `@ptr`, or undefined when the pointer is unknown. */
  getRecord(ptr: string): Promise<LogEvent | undefined>;
  /**
   * A source that worker threads can read in parts (engine/parallel): at most `count` parts,
   * consecutive runs of what `read` streams, in its order, sized in proportion to what `shares`
   * gives for the bytes to read (at most one part per share); undefined when it cannot be split
   * or `shares` gives fewer than two.
   */
  split?(shares: (bytes: number) => number[], options?: ReadOptions): Promise<SourceSplit | undefined>;
}

export interface SourceSplit {
  /** URL of a module exporting `readPart(part, options, stats, warn): AsyncIterable<LogEvent>`. */
  module: string;
  /** Structured-cloneable descriptions of the parts, in read order. */
  parts: unknown[];
  /** Where a part's warnings go (they are collected in the worker and passed on in part order). */
  warn(message: string): void;
  /** Called once every part's warnings went to `warn`: warnings kept to the end are told then. */
  finish?(): Promise<void>;
}

export type ReadPart = (part: unknown, options: ReadOptions, stats: ReadStatistics, warn: (message: string) => void) => AsyncIterable<LogEvent>;

/** Set on an event stream that a source reads in batches: hands out the batches themselves. */
export const EVENT_BATCHES = Symbol("tolog.eventBatches");

export interface Batched<T> {
  [EVENT_BATCHES](): AsyncIterable<T[]>;
}

/**
 * The items of `items` a batch at a time: the source's own batches when it has them (far cheaper
 * than a resolved promise per event at millions of events), else batches of one.
 */
export async function* inBatches<T>(items: AsyncIterable<T>): AsyncGenerator<readonly T[]> {
  const batched = (items as Partial<Batched<T>>)[EVENT_BATCHES];
  if (batched) {
    yield* batched.call(items);
    return;
  }
  for await (const item of items) yield [item];
}
