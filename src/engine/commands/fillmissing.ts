import type { Value } from "../values.js";
import { Row } from "../record.js";
import type { Period } from "../compile/duration.js";
import { ceilToPeriod } from "../compile/duration.js";
import { toMillis } from "../functions/coerce.js";
import { groupKey } from "../aggregates/group-key.js";
import type { StageFactory } from "./stage.js";
import { holdingStage } from "./holding.js";

/** The most rows `fillmissing` inserts in one query (decision, DECISIONS.md). */
export const FILLMISSING_MAX_ROWS = 100_000;

export interface FillmissingSpec {
  /** The stats column holding the bin time. */
  bin: string;
  period: Period;
  /** `stats ... offset`: how far the bin boundaries are shifted. */
  offset: number;
  /** The other group keys: each combination gets its own empty bins. */
  keys: string[];
  /** `with value for field`: what inserted rows hold besides their keys. */
  fills: Array<{ field: string; value: Value }>;
  /** Whether the stats rows carry the bin time as a hidden @timestamp too. */
  timestamp: boolean;
}

/**
 * `fillmissing` after `stats ... by bin()`: for each combination of the other keys, a row for
 * every empty bin between the first and the last bin of the whole result; the rows come out
 * newest bin first, like a stats by bin() (decision, DECISIONS.md).
 */
export function fillmissingStage(spec: FillmissingSpec): StageFactory {
  return holdingStage((held) => fill(held, spec));
}

function fill(held: Row[], spec: FillmissingSpec): Row[] {
  const timeOf = (row: Row): number | null => toMillis(row.get(spec.bin));
  const times = held.map(timeOf).filter((t): t is number => t !== null);
  if (times.length === 0) return held;
  const first = Math.min(...times);
  const last = Math.max(...times);
  const groups = new Map<string, { values: Value[]; present: Set<number> }>();
  for (const row of held) {
    const values = spec.keys.map((k) => row.get(k));
    const key = groupKey(values);
    let group = groups.get(key);
    if (!group) groups.set(key, (group = { values, present: new Set() }));
    const t = timeOf(row);
    if (t !== null) group.present.add(t);
  }
  const out = [...held];
  let seq = held.reduce((max, row) => Math.max(max, row.seq), 0);
  for (const group of groups.values()) {
    for (let t = first; t <= last && out.length - held.length < FILLMISSING_MAX_ROWS; t = nextBin(t, spec)) {
      if (group.present.has(t)) continue;
      const row = new Row(null, ++seq);
      row.set(spec.bin, new Date(t));
      if (spec.timestamp) row.set("@timestamp", new Date(t));
      spec.keys.forEach((k, i) => row.set(k, group.values[i]));
      for (const { field, value } of spec.fills) row.set(field, value);
      out.push(row);
    }
  }
  return out.sort((a, b) => (timeOf(b) ?? -Infinity) - (timeOf(a) ?? -Infinity) || a.seq - b.seq);
}

function nextBin(t: number, spec: FillmissingSpec): number {
  return ceilToPeriod(t - spec.offset + 1, spec.period) + spec.offset;
}
