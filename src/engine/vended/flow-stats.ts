/**
 * A stats by default-format VPC flow record fields, handed the usual records straight from a
 * source's bytes (`ReadOptions.flowRecords`): a record's keys reach the group table as ids (an
 * address's found by its 32-bit number, which the record check computed) and its aggregates'
 * arguments as values, with no event, row or field object made for it. At 1 GB of flow logs
 * those objects, the field reads of the row, and a Map lookup of each address's text were half
 * of what a `stats sum(bytes) by srcAddr, dstAddr` cost. Filters before the stats that read only
 * plain fields read the record's words (`RecordRow`).
 *
 * Every other event (a near miss, an IPv6 record, a JSON line) goes through the pipeline as a
 * row, in its place among the records: groups are numbered in the order a row at a time numbers
 * them, and each key's ids are those its values get either way (`GroupIndex.idOf`).
 */
import type { FlowRecords, LogEvent, ReadOptions } from "../source.js";
import type { IdRows, StatsSpec } from "../commands/stats.js";
import type { Plan, RunCounter } from "../compile/plan.js";
import type { Value } from "../values.js";
import type { Evaluator } from "../compile/types.js";
import type { Row } from "../record.js";
import { isTruthy } from "../functions/coerce.js";
import { DSTADDR, SRCADDR, type VpcByteReader } from "./vpc-bytes.js";
import { DEFAULT_VPC_LAYOUT } from "./vpc-flow.js";
import { jsonPositions, JsonStats } from "../json-stats.js";
import { HandedRecords, type RecordPositions } from "../handed-records.js";

/** The word positions of a stats by one or more keys that reads only fields of the default format; undefined for any other. */
export function flowPositions(spec: StatsSpec): RecordPositions | undefined {
  const names = DEFAULT_VPC_LAYOUT.names;
  const keys = spec.by.map((b) => (b.field === undefined ? -1 : names.indexOf(b.field)));
  const args = spec.aggregates.map((a) => (a.field === null ? -1 : a.field === undefined ? -2 : names.includes(a.field) ? names.indexOf(a.field) : -2));
  if (keys.length === 0 || keys.some((k) => k < 0) || args.some((a) => a < -1)) return undefined;
  return { keys, args };
}

/**
 * `ReadOptions.flowRecords` for a read of `plan` whose stats (`plan.partial`) comes first, or
 * after filters of plain fields only, and can take rows as ids (`rows`); `push` takes every other
 * event. By default-format VPC fields, flow records' words; by any other plain fields, JSON lines'
 * values (engine/json-stats.ts). Undefined when the run reads more of an event than those: its
 * text or its time.
 */
export function flowRecordsFor(plan: Plan, options: ReadOptions, rows: () => IdRows | undefined, push: (event: LogEvent) => void): FlowStats | JsonStats | undefined {
  const partial = plan.partial;
  if (partial?.kind !== "stats") return undefined;
  // The steps before the stats are its filters and then the match counter: nothing else changes the rows.
  const filters = partial.filters;
  if (filters === undefined || partial.at !== filters.length + 1 || !options.messageUnread || !options.timeUnread) return undefined;
  const positions = flowPositions(partial.spec);
  if (positions !== undefined) {
    const target = rows();
    return target && new FlowStats(positions, filters, target, plan.counter, push);
  }
  // By fields no flow record has: the JSON lines' values of the fields the read extracts.
  const wanted = options.fields;
  if (wanted === undefined) return undefined;
  const json = jsonPositions(partial.spec, wanted);
  const target = json && rows();
  return json && target && new JsonStats(json, wanted, filters, target, plan.counter, push);
}

export class FlowStats extends HandedRecords implements FlowRecords {
  /** Each key's ids of addresses by their number, where the key is an address. */
  private readonly addressIds: Array<AddressIds | undefined>;
  /** The record being read, as the filters' conditions read a row. */
  private readonly row: RecordRow;

  constructor(positions: RecordPositions, filters: readonly Evaluator[], rows: IdRows, counter: RunCounter, push: (event: LogEvent) => void) {
    super(positions, filters, rows, counter, push);
    this.addressIds = positions.keys.map((p) => (p === SRCADDR || p === DSTADDR ? new AddressIds() : undefined));
    this.row = new RecordRow(counter);
  }

  record(reader: VpcByteReader, b: Uint8Array, group: string, stream: string): void {
    this.taken++;
    const row = this.row;
    row.start(reader, b, group, stream);
    const filters = this.filters;
    for (let f = 0; f < filters.length; f++) if (!isTruthy(filters[f](row as unknown as Row))) return;
    // As the match counter and the row's first field read would count it.
    this.counter.matched++;
    row.readFields();
    const { keys, args } = this.positions;
    const { keyIds, rows } = this;
    for (let k = 0; k < keys.length; k++) {
      const p = keys[k];
      const addresses = this.addressIds[k];
      if (addresses === undefined) {
        keyIds[k] = rows.idOf(k, reader.valueAt(b, p));
        continue;
      }
      const address = reader.address(p);
      let id = addresses.find(address);
      if (id < 0) addresses.add(address, (id = rows.idOf(k, reader.valueAt(b, p))));
      keyIds[k] = id;
    }
    for (let a = 0; a < args.length; a++) this.args[a] = args[a] < 0 ? null : reader.valueAt(b, args[a]);
    rows.push(keyIds, this.args);
  }
}

const POSITIONS = new Map(DEFAULT_VPC_LAYOUT.names.map((name, i) => [name, i]));

/**
 * A usual record as a filter's condition reads a row (`Row.get`, its fields handed over: compiled
 * field readers call `get` when `plainFields` gives none): a field of the default format is its
 * word, any other plain name has no value. The record counts as read as a flow record when its
 * fields are first read, as a row counts its event (`Row.handedOver`): a condition that reads no
 * field and turns the record down leaves it uncounted.
 */
class RecordRow {
  private reader!: VpcByteReader;
  private b!: Uint8Array;
  private group = "";
  private stream = "";
  private counted = false;

  constructor(private readonly counter: RunCounter) {}

  start(reader: VpcByteReader, b: Uint8Array, group: string, stream: string): void {
    this.reader = reader;
    this.b = b;
    this.group = group;
    this.stream = stream;
    this.counted = false;
  }

  plainFields(): undefined {
    return undefined;
  }

  get(name: string): Value {
    this.readFields();
    const p = POSITIONS.get(name);
    return p === undefined ? null : this.reader.valueAt(this.b, p);
  }

  readFields(): void {
    if (this.counted) return;
    this.counted = true;
    this.counter.discovery?.recognisedIn(this.group, this.stream, "vpc");
  }
}

/**
 * Ids by 32-bit address, open addressing in typed arrays: a flow log's few hundred addresses
 * found by a multiply and a load or two, where a Map of their texts hashed and compared strings.
 */
class AddressIds {
  private bits = 10;
  private addresses = new Int32Array(1 << this.bits);
  /** Each slot's id + 1; 0 marks an empty slot. */
  private ids = new Int32Array(1 << this.bits);
  private size = 0;

  find(address: number): number {
    const mask = (1 << this.bits) - 1;
    for (let s = Math.imul(address, 0x9e3779b1) >>> (32 - this.bits); ; s = (s + 1) & mask) {
      const id = this.ids[s];
      if (id === 0) return -1;
      if (this.addresses[s] === address) return id - 1;
    }
  }

  add(address: number, id: number): void {
    if (2 * (this.size + 1) > 1 << this.bits) this.grow();
    const mask = (1 << this.bits) - 1;
    let s = Math.imul(address, 0x9e3779b1) >>> (32 - this.bits);
    while (this.ids[s] !== 0) s = (s + 1) & mask;
    this.addresses[s] = address;
    this.ids[s] = id + 1;
    this.size++;
  }

  private grow(): void {
    const { addresses, ids } = this;
    this.bits++;
    this.addresses = new Int32Array(1 << this.bits);
    this.ids = new Int32Array(1 << this.bits);
    this.size = 0;
    for (let s = 0; s < ids.length; s++) if (ids[s] !== 0) this.add(addresses[s], ids[s] - 1);
  }
}
