import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import { runQuery, QueryError, formatQuery, parseQuery } from "./index.js";
import { stripSpans } from "./format.js";
import { createMemorySource, type MemoryEventInput } from "../sources/memory.js";
import { lookupTableFromCsv, type LookupTables } from "./lookup-tables.js";

/**
 * Runs every golden case in src/engine/golden/*.yaml through runQuery over an in-memory source.
 * A case holds a query, its input events (inline or a named set at the top of the file) and
 * either the expected result (columns and rows as GetQueryResults strings) or the expected
 * error (code and span; `at` gives the span as the first occurrence of a piece of the query).
 * Expected values come from the reference's documented examples or hand calculation.
 */
interface GoldenEvent {
  timestamp: string | number;
  message: string;
  logStream?: string;
  logGroup?: string;
  ingestionTime?: string | number;
}

interface GoldenCase {
  name: string;
  query: string;
  input?: string;
  events?: GoldenEvent[];
  options?: { start?: string | number; end?: string | number; limit?: number; now?: string | number; groups?: string[] };
  /** Lookup tables by name: their CSV text (a case's own, else the file's). */
  lookups?: Record<string, string>;
  expect: {
    fields?: string[];
    rows?: Array<Record<string, unknown>>;
    matched?: number;
    error?: { code: string; span?: [number, number]; at?: string };
  };
}

interface GoldenFile {
  inputs?: Record<string, GoldenEvent[]>;
  lookups?: Record<string, string>;
  cases: GoldenCase[];
}

const dir = join(fileURLToPath(new URL(".", import.meta.url)), "golden");
// A fixed "now" so that now() and queryEndTime() are reproducible.
const DEFAULT_NOW = "2026-01-02T00:00:00.000Z";

const millis = (t: string | number): number => (typeof t === "number" ? t : Date.parse(t));

function toEvents(events: GoldenEvent[]): MemoryEventInput[] {
  return events.map((e) => ({
    timestamp: millis(e.timestamp),
    message: e.message,
    logStream: e.logStream,
    logGroup: e.logGroup,
    ingestionTime: e.ingestionTime === undefined ? undefined : millis(e.ingestionTime),
  }));
}

const asText = (v: unknown): string => (typeof v === "string" ? v : String(v));

for (const file of readdirSync(dir).filter((f) => f.endsWith(".yaml")).sort()) {
  const golden = parseYaml(readFileSync(join(dir, file), "utf8")) as GoldenFile;
  describe(file, () => {
    for (const c of golden.cases) {
      it(c.name, async () => {
        const events = c.events ?? (c.input ? golden.inputs?.[c.input] : []);
        if (!events) throw new Error(`unknown input set ${c.input}`);
        const source = createMemorySource(toEvents(events));
        const o = c.options ?? {};
        const options = {
          start: o.start === undefined ? undefined : millis(o.start),
          end: o.end === undefined ? undefined : millis(o.end),
          limit: o.limit,
          now: millis(o.now ?? DEFAULT_NOW),
          groups: o.groups === undefined ? undefined : { names: o.groups },
          lookups: tablesOf(c.lookups ?? golden.lookups ?? {}),
        };
        if (c.expect.error) {
          const wanted = c.expect.error;
          const span = wanted.span ?? spanOf(c.query, wanted.at);
          const error = await runQuery(c.query, source, options).then(
            () => undefined,
            (e: unknown) => e,
          );
          expect(error).toBeInstanceOf(QueryError);
          const found = (error as QueryError).diagnostics.map((d) => ({ code: d.code, span: [d.span.start, d.span.end] }));
          expect(found).toContainEqual({ code: wanted.code, span });
          return;
        }
        const result = await runQuery(c.query, source, options);
        if (c.expect.fields) expect(result.fields).toEqual(c.expect.fields);
        const expectedRows = (c.expect.rows ?? []).map((row) =>
          Object.fromEntries(Object.entries(row).map(([k, v]) => [k, asText(v)])),
        );
        // `@ptr` values are positions in the input; cases check them only when they list them.
        const checksPtr = expectedRows.some((row) => "@ptr" in row);
        const actualRows = result.rows.map((row) => {
          if (checksPtr) return row;
          const { "@ptr": _ptr, ...rest } = row;
          return rest;
        });
        expect(actualRows).toEqual(expectedRows);
        if (c.expect.matched !== undefined) expect(result.statistics.recordsMatched).toBe(c.expect.matched);
        checkRoundTrip(c.query);
      });
    }
  });
}

/** Lookup tables held in memory, as `--lookups` would read them from <name>.csv files. */
function tablesOf(csv: Record<string, string>): LookupTables {
  return {
    load: (name) =>
      csv[name] === undefined ? { missing: { names: Object.keys(csv), where: "the golden case" } } : lookupTableFromCsv(name, `${name}.csv`, csv[name]),
  };
}

function spanOf(query: string, piece: string | undefined): [number, number] {
  if (piece === undefined) throw new Error("an expected error needs span or at");
  const start = query.indexOf(piece);
  if (start < 0) throw new Error(`"${piece}" is not in the query`);
  return [start, start + piece.length];
}

/** The printer round trip: parse(formatQuery(parse(q))) equals parse(q), spans aside. */
function checkRoundTrip(query: string): void {
  const first = parseQuery(query);
  const printed = formatQuery(first.query);
  const second = parseQuery(printed);
  expect(second.diagnostics, printed).toEqual([]);
  expect(stripSpans(second.query), printed).toEqual(stripSpans(first.query));
}
