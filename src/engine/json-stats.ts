/**
 * A stats by plain fields of JSON lines, handed each line's wanted values straight from the
 * extractor (`ReadOptions.flowRecords`, `FlowRecords.fields`): the keys reach the group table as
 * ids and the aggregates' arguments as values, with no event, fields object or row made for the
 * line. At 1 GB of TaskOverflow logs, those objects and their collection were about a sixth of a
 * thread's `stats count(*), avg(duration_ms), pct(duration_ms, 95) by sql`. Filters before the
 * stats that read only plain fields read the line's values (`ValuesRow`).
 *
 * Every other event (a line only full discovery reads, a text line, an envelope) goes through the
 * pipeline as a row, in its place among the lines: groups are numbered in the order a row at a
 * time numbers them, and each value of a key gets the id a row would give it (`IdRows.idOf`).
 * What a line's value is, is what the row's field reader would read of the event's handed-over
 * fields (compile/field-reader.ts): the extractor's value, null where the line has none.
 */
import type { FlowRecords, LogEvent } from "./source.js";
import type { IdRows, StatsSpec } from "./commands/stats.js";
import type { RunCounter } from "./compile/plan.js";
import type { Evaluator } from "./compile/types.js";
import type { Row } from "./record.js";
import type { Value } from "./values.js";
import { isTruthy } from "./functions/coerce.js";
import { HandedRecords, type RecordPositions } from "./handed-records.js";

/**
 * The positions of a stats by one or more fields of `wanted` whose aggregates read one of them or
 * none; undefined for any other (a system field, `@logStream` or `@ptr`, is never among them).
 */
export function jsonPositions(spec: StatsSpec, wanted: readonly string[]): RecordPositions | undefined {
  // -2: not this path (a computed value, a system field, any field the read does not extract).
  const positionOf = (field: string | undefined): number => (field === undefined || !wanted.includes(field) ? -2 : wanted.indexOf(field));
  const keys = spec.by.map((b) => positionOf(b.field));
  const args = spec.aggregates.map((a) => (a.field === null ? -1 : positionOf(a.field)));
  if (keys.length === 0 || keys.some((k) => k < 0) || args.some((a) => a < -1)) return undefined;
  return { keys, args };
}

export class JsonStats extends HandedRecords implements FlowRecords {
  /** The line being read, as the filters' conditions read a row. */
  private readonly row: ValuesRow;

  constructor(positions: RecordPositions, wanted: readonly string[], filters: readonly Evaluator[], rows: IdRows, counter: RunCounter, push: (event: LogEvent) => void) {
    super(positions, filters, rows, counter, push);
    this.row = new ValuesRow(wanted);
  }

  fields(values: ReadonlyArray<Value | undefined>): void {
    this.taken++;
    const filters = this.filters;
    if (filters.length > 0) {
      this.row.values = values;
      for (let f = 0; f < filters.length; f++) if (!isTruthy(filters[f](this.row as unknown as Row))) return;
    }
    // As the match counter would count it.
    this.counter.matched++;
    const { keys, args } = this.positions;
    const { keyIds, rows } = this;
    for (let k = 0; k < keys.length; k++) keyIds[k] = rows.idOf(k, values[keys[k]] ?? null);
    for (let a = 0; a < args.length; a++) this.args[a] = args[a] < 0 ? null : (values[args[a]] ?? null);
    rows.push(keyIds, this.args);
  }
}

/**
 * A line's values as a filter's condition reads a row (`Row.get`, no fields handed over, so that
 * compiled field readers call `get`): a wanted field is its value, null where the line has none,
 * as a row reads handed-over fields; any other name has no value.
 */
class ValuesRow {
  values: ReadonlyArray<Value | undefined> = [];
  private readonly positions: Map<string, number>;

  constructor(wanted: readonly string[]) {
    this.positions = new Map(wanted.map((name, i) => [name, i]));
  }

  plainFields(): undefined {
    return undefined;
  }

  get(name: string): Value {
    const p = this.positions.get(name);
    return p === undefined ? null : (this.values[p] ?? null);
  }
}
