import type { Value } from "./values.js";
import type { LogEvent } from "./source.js";
import { discoverFields, ownField, TOO_DEEP, type DiscoveredFields } from "./discover.js";
import { isStructured, toMillis } from "./functions/coerce.js";
import type { RunDiscovery } from "./vended/discovery.js";

export interface RowData {
  event: LogEvent | null;
  seq: number;
  set: Array<[string, Value]> | undefined;
  /** Set when discovery found the event nested too deeply (it was counted where it ran). */
  tooDeep?: true;
}

/** Where a run counts the events whose fields could not be discovered. */
export interface DiscoveryCounter {
  tooDeep: number;
  /** The run's declared log formats and format counts; without it, discovery by each line's shape alone. */
  discovery?: RunDiscovery;
}

/** The account in `@log` (`<account>:<group>`) for events read offline, which have none. */
export const OFFLINE_ACCOUNT_ID = "000000000000";

export function logFieldValue(logGroup: string): string {
  return `${OFFLINE_ACCOUNT_ID}:${logGroup}`;
}

/** Fields every event has without discovery. */
export const SYSTEM_FIELDS: ReadonlySet<string> = new Set([
  "@timestamp",
  "@message",
  "@logStream",
  "@log",
  "@ingestionTime",
  "@ptr",
]);

/**
 * One row while a query runs: a log event (absent on rows made by `stats` or `pattern`), the
 * fields discovered in its JSON, and the fields commands set. Discovery runs only when a
 * non-system field is first read, so queries over system fields never parse JSON.
 */
export class Row {
  private set_: Map<string, Value> | undefined;
  private discovered: DiscoveredFields | undefined;

  constructor(
    readonly event: LogEvent | null,
    /** Position in scan order; breaks ties so that every ordering is deterministic. */
    readonly seq: number,
    /** Counts this row's event when it nests too deeply for discovery. */
    private readonly counter?: DiscoveryCounter,
  ) {}

  get(name: string): Value {
    const own = this.set_?.get(name);
    if (own !== undefined) return own;
    if (this.set_?.has(name)) return null;
    const event = this.event;
    if (event === null) return this.navigate(name);
    if (name.charCodeAt(0) === 64 /* @ */ && SYSTEM_FIELDS.has(name)) return systemField(event, name);
    // A source may have extracted the fields the query reads already (ReadOptions.fields).
    this.discovered ??= event.fields !== undefined ? this.handedOver(event, event.fields) : this.discover(event);
    const found = ownField(this.discovered, name);
    return found === undefined ? this.navigate(name) : found;
  }

  /**
   * The event's fields when they alone answer a name that is not a system field (no command set
   * one on this row), discovered as `get` discovers them; else undefined (compile/field-reader.ts).
   */
  plainFields(): DiscoveredFields | undefined {
    const event = this.event;
    if (this.set_ !== undefined || event === null) return undefined;
    return (this.discovered ??= event.fields !== undefined ? this.handedOver(event, event.fields) : this.discover(event));
  }

  /** Fields the source read: a vended line's are counted as discovery would have counted it. */
  private handedOver(event: LogEvent, fields: DiscoveredFields): DiscoveredFields {
    if (event.vended !== undefined) this.counter?.discovery?.readAs(event, event.vended);
    return fields;
  }

  private discover(event: LogEvent): DiscoveredFields {
    const counter = this.counter;
    const fields = counter?.discovery ? counter.discovery.fieldsOf(event) : discoverFields(event.message);
    if (fields === TOO_DEEP && counter) counter.tooDeep++;
    return fields;
  }

  set(name: string, value: Value): void {
    (this.set_ ??= new Map()).set(name, value);
  }

  /**
   * `toMillis(get("@timestamp"))` without making a Date of the event's time (`bin()` reads it
   * on every row).
   */
  timestampMillis(): number | null {
    if (this.set_?.has("@timestamp")) return toMillis(this.get("@timestamp"));
    return this.event === null ? null : this.event.timestamp;
  }

  /** Event time in epoch ms for the default ordering (`@timestamp` as overridden, if it was). */
  time(): number {
    const v = this.set_?.get("@timestamp");
    if (v instanceof Date) return v.getTime();
    if (typeof v === "number") return v;
    return this.event?.timestamp ?? Number.NEGATIVE_INFINITY;
  }

  /**
   * The row as plain data that a worker thread can send (engine/parallel): its event's fields
   * (`@ptr` made now), its place in scan order and the fields commands set. Discovered fields
   * are found again from the event where they are read.
   */
  toData(): RowData {
    const e = this.event;
    const event = e && { timestamp: e.timestamp, ingestionTime: e.ingestionTime, message: e.message, logGroup: e.logGroup, logStream: e.logStream, ptr: e.ptr, fields: e.fields, vended: e.vended };
    const data: RowData = { event, seq: this.seq, set: this.set_ && [...this.set_] };
    if (this.discovered === TOO_DEEP) data.tooDeep = true;
    return data;
  }

  /** The row `toData` gave, its scan order moved on by `seqOffset`. */
  static fromData(data: RowData, seqOffset: number, counter?: DiscoveryCounter): Row {
    const row = new Row(data.event, seqOffset + data.seq, counter);
    if (data.set) row.set_ = new Map(data.set);
    if (data.tooDeep) row.discovered = TOO_DEEP;
    return row;
  }

  /** A copy with its own set fields (for `unnest` and `parse ... multi`, which fan a row out). */
  copy(): Row {
    const row = new Row(this.event, this.seq, this.counter);
    row.discovered = this.discovered;
    if (this.set_) row.set_ = new Map(this.set_);
    return row;
  }

  /**
   * `a.b.c` where a field set by a command (`unnest ... into a`, `fields jsonParse(x) as a`)
   * holds a map or list: walk into it.
   */
  private navigate(name: string): Value {
    if (!this.set_ || name.indexOf(".") < 0) return null;
    for (let dot = name.lastIndexOf("."); dot > 0; dot = name.lastIndexOf(".", dot - 1)) {
      const base = this.set_.get(name.slice(0, dot));
      if (base !== undefined && base !== null) return walk(base, name.slice(dot + 1).split("."));
    }
    return null;
  }
}

function walk(value: Value, path: string[]): Value {
  let v = value;
  for (const key of path) {
    if (!isStructured(v)) return null;
    v = (Array.isArray(v) ? v[Number(key)] : v[key]) ?? null;
  }
  return v;
}

function systemField(event: LogEvent, name: string): Value {
  switch (name) {
    case "@timestamp":
      return new Date(event.timestamp);
    case "@message":
      return event.message;
    case "@logStream":
      return event.logStream;
    case "@log":
      return logFieldValue(event.logGroup);
    case "@ingestionTime":
      return new Date(event.ingestionTime);
    default:
      return event.ptr;
  }
}
