import { describe, expect, it } from "vitest";
import type { ResultRow } from "../engine/api.js";
import { compareSide } from "./compare/query.js";
import { normaliseRows } from "./events.js";
import { buildLatency } from "./latency/model.js";
import { latency, latencyFold } from "./latency/query.js";
import { buildRaces } from "./races/model.js";
import { races, racesFold } from "./races/query.js";
import type { SavedQueryRunner } from "./saved-query-runner.js";
import { buildSlowQueries } from "./slow-queries/model.js";
import { slowQueries, slowQueriesFold } from "./slow-queries/query.js";
import { fixtureRuns, runnerFor, type FixtureRun } from "./testing/fixture-runs.js";
import { partFold, type PartFoldArgs } from "./part-folds.js";
import type { EachOptions } from "./saved-query-runner.js";

// The analyses fold their query's lines as they stream, in whatever order the engine finds them
// (several files, parallel parts), and keep none. Their answer must be the one of sorting every
// line by time first and building from the whole list, as they did before they streamed: on every
// recorded run, with the rows in the engine's order and reversed, handed over in small batches.
const QUERIES = ["latency", "races", "slow-queries"] as const;

describe.each(fixtureRuns().map((run) => [run.name, run] as [string, FixtureRun]))("on %s", (_name, run) => {
  it("latency, races, slow-queries and compare stream to the answers of sorting every line first", async () => {
    // one pass over the files per query (no row cap, so no time slices)
    const whole = runnerFor(run, Number.POSITIVE_INFINITY);
    const rowsOf = new Map<string, ResultRow[]>();
    for (const name of QUERIES) rowsOf.set(name, await whole(name));
    for (const order of ["engine", "reversed"] as const) {
      const rows = (name: string) => (order === "engine" ? rowsOf.get(name)! : [...rowsOf.get(name)!].reverse());
      const streaming = inBatches(rows);
      const sorted = (name: string) => normaliseRows(rows(name));

      const bins = { binMs: 10_000 };
      // As --follow asks: the answer worked out twice from the same state (reversed, the
      // practical's nested copies come before their twins and are held back to the end).
      for (const fold of [latencyFold(bins), racesFold(), slowQueriesFold(bins)]) {
        fold.queries[0].push(rows(fold.queries[0].name));
        expect(fold.answer(), `${fold.queries[0].name} ${order}`).toEqual(fold.answer());
      }
      expect(await latency(streaming, bins), order).toEqual(buildLatency(sorted("latency").events, bins));
      expect(await races(streaming), order).toEqual(buildRaces(sorted("races").events));
      const { events, notes } = sorted("slow-queries");
      expect(await slowQueries(streaming, bins), order).toEqual(buildSlowQueries(events, notes, bins));

      // Folded in parts on other threads (RunOptions.partFolds), the rows cut anywhere, a
      // request's lines among them: the answers of one fold over every row.
      for (const [seed, count] of [[1, 2], [2, 3], [3, 8], [4, 40]] as const) {
        const parts = inParts(rows, count, seed);
        const cut = `${order} in ${count} parts`;
        expect(await latency(parts, bins), cut).toEqual(await latency(streaming, bins));
        expect(await latency(parts, { route: "/api/v1/todos" }), cut).toEqual(await latency(streaming, { route: "/api/v1/todos" }));
        expect(await races(parts), cut).toEqual(await races(streaming));
        expect(await slowQueries(parts, bins), cut).toEqual(await slowQueries(streaming, bins));
        expect(await slowQueries(parts, { route: "/api/v1/todos/{id}" }), cut).toEqual(await slowQueries(streaming, { route: "/api/v1/todos/{id}" }));
        // A route no statement ran on: the routes there are, gathered in each part and merged.
        const nowhere = await slowQueries(parts, { route: "/no/such/route" });
        expect(nowhere.routesSeen?.length, cut).toBeGreaterThan(0);
        expect(nowhere, cut).toEqual(await slowQueries(streaming, { route: "/no/such/route" }));
      }

      // compare folds the latency query once for both its latency view and its statements
      const side = await compareSide(streaming, "run");
      const latencyEvents = sorted("latency");
      expect(side.latency).toEqual(buildLatency(latencyEvents.events));
      expect(side.slowQueries).toEqual(buildSlowQueries(latencyEvents.events, latencyEvents.notes, { top: Number.MAX_SAFE_INTEGER }));
    }
  }, 120_000);
});

/** A runner that hands each query's rows over in batches of 97, as the local runner streams them. */
function inBatches(rowsOf: (name: string) => ResultRow[]): SavedQueryRunner {
  const each = async (name: string, _params: unknown, onRows: (rows: ResultRow[]) => void) => {
    const rows = rowsOf(name);
    for (let i = 0; i < rows.length; i += 97) onRows(rows.slice(i, i + 97));
  };
  return Object.assign(async (name: string) => rowsOf(name), { each });
}

/**
 * A runner that folds each query's rows in `count` parts, cut at random places (some empty), as
 * the engine does on worker threads: each part's rows in a fold of their own (part-folds.ts), its
 * saved state posted (structured clone, buffers handed over) and merged in order, the columns
 * the fold reads as numbers as numbers. A query without parts gets its rows as they are.
 */
function inParts(rowsOf: (name: string) => ResultRow[], count: number, seed: number): SavedQueryRunner {
  const each = async (name: string, _params: unknown, onRows: (rows: ResultRow[]) => void, options: EachOptions = {}) => {
    const { parts, numberColumns = [] } = options;
    // The columns read as numbers hold numbers wherever their text is one (RunOptions.numberColumns).
    const rows = rowsOf(name).map((row) => {
      const out: Record<string, string | number> = { ...row };
      for (const key of numberColumns) {
        const n = Number(row[key]);
        if (row[key] !== undefined && row[key].trim() !== "" && Number.isFinite(n)) out[key] = n === 0 ? 0 : n;
      }
      return out as ResultRow;
    });
    if (!parts) return onRows(rows);
    let state = seed;
    const random = () => ((state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const cuts = [0, ...Array.from({ length: count - 1 }, () => Math.floor(random() * (rows.length + 1))).sort((a, b) => a - b), rows.length];
    for (let i = 0; i < count; i++) {
      const fold = partFold(parts.args as PartFoldArgs);
      const part = rows.slice(cuts[i], cuts[i + 1]);
      for (let at = 0; at < part.length; at += 89) fold.push(part.slice(at, at + 89));
      const { state: saved, transfer } = fold.save();
      parts.onPart(structuredClone(saved, { transfer }));
    }
  };
  return Object.assign(async (name: string) => rowsOf(name), { each });
}
