/**
 * The fields of a set of events with the share of events that have each, as GetLogGroupFields
 * returns them (`{"logGroupFields": [{"name": "@timestamp", "percent": 100}, ...]}`): found by
 * the same discovery queries read fields with (vended formats, declared formats, JSON), so that
 * `tolog fields`, `tolog serve`'s GetLogGroupFields and the no-rows hint agree with queries.
 */
import type { LogEvent } from "./source.js";
import type { LogFormatSpecs } from "./vended/log-format.js";
import { RunDiscovery } from "./vended/discovery.js";
import { FORMAT_NAMES, type StreamCounts, type VendedFormat } from "./vended/tally.js";

export interface FieldShare {
  name: string;
  /** Whole percent of the events that have the field (see `fieldPercent`). */
  percent: number;
}

/** The system fields every event has; GetLogGroupFields lists them at 100 percent. */
export const SHARED_SYSTEM_FIELDS = ["@timestamp", "@message", "@logStream", "@log", "@ingestionTime"] as const;

/**
 * Distinct field names counted before further new names are ignored (their events still count):
 * bounds memory on logs whose keys are ids. Far above what a query can read (200 per event).
 */
export const MAX_COUNTED_FIELD_NAMES = 10_000;

/**
 * The percent GetLogGroupFields gives a field found in `count` of `total` events: rounded to a
 * whole number (the API's type), but at least 1 for a field that some event has, so that a rare
 * field is never shown as absent. AWS does not document the rounding.
 */
export function fieldPercent(count: number, total: number): number {
  if (count <= 0 || total <= 0) return 0;
  return Math.max(1, Math.round((count * 100) / total));
}

export class FieldCounter {
  events = 0;
  /** Events in JSON (`{` first), by the AWS log they look like (`jsonKind`). */
  readonly jsonEvents = new Map<string, number>();
  private readonly counts = new Map<string, number>();
  private readonly discovery: RunDiscovery;

  constructor(logFormats?: LogFormatSpecs) {
    this.discovery = new RunDiscovery(logFormats);
  }

  add(event: LogEvent): void {
    this.events++;
    const fields = this.discovery.fieldsOf(event);
    const counts = this.counts;
    for (const name in fields) {
      const value = fields[name];
      if (value === null || value === undefined) continue;
      const n = counts.get(name);
      if (n !== undefined) counts.set(name, n + 1);
      else if (counts.size < MAX_COUNTED_FIELD_NAMES) counts.set(name, 1);
    }
    if (event.message.charCodeAt(0) === 123 /* { */) {
      const kind = jsonKind(fields);
      this.jsonEvents.set(kind, (this.jsonEvents.get(kind) ?? 0) + 1);
    }
  }

  /** Every field with its percent, highest first, then by name; system fields first at 100. */
  shares(): FieldShare[] {
    if (this.events === 0) return [];
    const discovered = [...this.counts].map(([name, count]) => ({ name, percent: fieldPercent(count, this.events) }));
    discovered.sort((a, b) => b.percent - a.percent || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    return [...SHARED_SYSTEM_FIELDS.map((name) => ({ name, percent: 100 })), ...discovered];
  }

  /** Lines read as each vended format, by stream (almost-matching lines included). */
  formats(): StreamCounts[] {
    return this.discovery.tallies.counts();
  }

  /** e.g. `107 events: 46 Lambda START/END/REPORT lines, 12 CloudTrail records (JSON), 10 other lines`. */
  summary(): string {
    const text = new Map<VendedFormat, number>();
    const missed = new Map<VendedFormat, number>();
    for (const c of this.formats()) {
      for (const [f, n] of Object.entries(c.recognised) as [VendedFormat, number][]) text.set(f, (text.get(f) ?? 0) + n);
      for (const [f, n] of Object.entries(c.nearMisses) as [VendedFormat, number][]) missed.set(f, (missed.get(f) ?? 0) + n);
    }
    const parts = [...text].map(([f, n]) => `${n.toLocaleString("en-US")} ${FORMAT_NAMES[f]}`);
    for (const [kind, n] of this.jsonEvents) parts.push(`${n.toLocaleString("en-US")} ${kind}`);
    const known = [...text.values(), ...missed.values(), ...this.jsonEvents.values()].reduce((a, b) => a + b, 0);
    if (this.events > known) parts.push(`${(this.events - known).toLocaleString("en-US")} other text lines`);
    for (const [f, n] of missed) parts.push(`${n.toLocaleString("en-US")} almost ${FORMAT_NAMES[f]} (system fields only)`);
    return `${this.events.toLocaleString("en-US")} ${this.events === 1 ? "event" : "events"}: ${parts.join(", ")}`;
  }
}

/** Which AWS log a JSON event looks like, by the keys its service always writes. */
export function jsonKind(fields: Record<string, unknown>): string {
  const has = (name: string) => fields[name] !== undefined && Object.hasOwn(fields, name);
  if (typeof fields.type === "string" && fields.type.startsWith("platform.") && has("type")) return "Lambda platform records (JSON)";
  if (has("eventVersion") && has("eventSource") && has("eventName")) return "CloudTrail records (JSON)";
  if (has("query_name") && has("rcode") && has("srcaddr")) return "Route 53 Resolver query logs (JSON)";
  if (has("requestId") && (has("httpMethod") || has("routeKey")) && has("status")) return "API Gateway access logs (JSON)";
  return "other JSON events";
}
