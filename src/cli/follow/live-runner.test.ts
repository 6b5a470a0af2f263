import { describe, expect, it } from "vitest";
import type { AnalysisFold } from "../../analyses/analysis-fold.js";
import { latency, latencyFold } from "../../analyses/latency/query.js";
import { races, racesFold } from "../../analyses/races/query.js";
import { savedQueryLoader } from "../../analyses/saved-query-loader.js";
import { createSavedQueryRunner, type SavedQueryRunner } from "../../analyses/saved-query-runner.js";
import { slowQueries, slowQueriesFold } from "../../analyses/slow-queries/query.js";
import { QUERIES_DIR, fixtureRuns } from "../../analyses/testing/fixture-runs.js";
import { traceFold, traceRequest } from "../../analyses/trace/query.js";
import { runQuery } from "../../engine/index.js";
import { openLiveQuery } from "../../engine/live.js";
import type { EventSource, LogEvent } from "../../engine/source.js";
import { openLocalSource } from "../../sources/local/index.js";
import { LiveRunner } from "./live-runner.js";

// `--follow` pushes each batch of events through the analyses' saved queries into their folds
// and works the answer out of the folds' state every interval; no row is kept, and no answer
// consumes the state. After any number of batches, the answer must be the one-off run's over the
// same events: on a TaskOverflow run and on the course practical's logs (nested copies held back,
// statements timed by the next line).
const RUNS = ["fixtures/runs/course-bugs", "fixtures/course-practical/single-quote-bug"];
const BATCH = 500;

interface Analysis {
  name: string;
  fold: () => AnalysisFold<unknown>;
  once: (run: SavedQueryRunner) => Promise<unknown>;
}

describe.each(RUNS)("on %s", (name) => {
  const run = fixtureRuns().find((fixture) => fixture.name === name)!;

  it("after each batch of events the followed answer of latency, races, slow-queries and trace is the one-off answer over the events so far", async () => {
    // The first 15,000 lines are enough (the one-off runs are split in time past 10,000 rows).
    const events = (await readAll(openLocalSource([run.dir]))).slice(0, 15_000);
    const cuts = [Math.floor(events.length / 3), Math.floor((2 * events.length) / 3), events.length];
    const traced = requestIdBefore(events, cuts[0]);
    const analyses: Analysis[] = [
      { name: "latency", fold: () => latencyFold({ binMs: 10_000 }), once: (r) => latency(r, { binMs: 10_000 }) },
      { name: "races", fold: () => racesFold(), once: (r) => races(r) },
      { name: "slow-queries", fold: () => slowQueriesFold({ binMs: 10_000 }), once: (r) => slowQueries(r, { binMs: 10_000 }) },
      { name: `trace ${traced}`, fold: () => traceFold(traced), once: (r) => traceRequest(r, traced) },
    ];
    const loadQuery = savedQueryLoader([QUERIES_DIR]);
    for (const analysis of analyses) {
      let rowsIn = 0;
      const runner = await LiveRunner.open(() => counting(analysis.fold(), (rows) => (rowsIn += rows)), loadQuery, (text) => openLiveQuery(text));
      let at = 0;
      for (const cut of cuts) {
        for (; at < cut; at += BATCH) runner.push(fresh(events.slice(at, Math.min(at + BATCH, cut))));
        at = cut;
        const once = await analysis.once(oneOff(events.slice(0, cut)));
        const followed = runner.answer();
        expect(followed, `${analysis.name} after ${cut} of ${events.length} events`).toEqual(once);
        // Asked again, with nothing new: the same answer (working it out left the state as it was).
        expect(runner.answer(), analysis.name).toEqual(followed);
      }
      // Every row went into the fold once, as it came, and none is read again to answer (trace's
      // saved query sorts one request's lines: the engine holds them, and each answer folds them).
      const rowsOnce = await countRows(oneOff(events), analysis.fold());
      if (!analysis.name.startsWith("trace")) expect(rowsIn, analysis.name).toBe(rowsOnce);
      expect(rowsOnce, analysis.name).toBeGreaterThan(0);
    }
  }, 120_000);
});

/** The fold, with every batch of rows it is given counted. */
function counting<M>(fold: AnalysisFold<M>, count: (rows: number) => void): AnalysisFold<M> {
  return {
    queries: fold.queries.map((query) => ({ ...query, push: (rows) => (count(rows.length), query.push(rows)) })),
    answer: () => fold.answer(),
  };
}

async function countRows(run: SavedQueryRunner, fold: AnalysisFold<unknown>): Promise<number> {
  let rows = 0;
  for (const query of fold.queries) rows += (await run(query.name, query.params)).length;
  return rows;
}

/** Copies of the events as a source reads them, for one reader (the engine may note on an event what it found in it). */
function fresh(events: readonly LogEvent[]): LogEvent[] {
  return events.map(({ timestamp, ingestionTime, message, logGroup, logStream, ptr }) => ({ timestamp, ingestionTime, message, logGroup, logStream, ptr }));
}

/** The one-off runner as the CLI builds it over CloudWatch (rows a page at a time, split in time past the row cap), over these events only. */
function oneOff(given: readonly LogEvent[]): SavedQueryRunner {
  const events = fresh(given);
  const source: EventSource = {
    listGroups: async () => [...new Set(events.map((event) => event.logGroup))],
    read: async function* ({ start = -Infinity, end = Infinity }) {
      for (const event of events) if (event.timestamp >= start && event.timestamp <= end) yield event;
    },
    getRecord: async (ptr) => events.find((event) => event.ptr === ptr),
  };
  return createSavedQueryRunner({ loadQuery: savedQueryLoader([QUERIES_DIR]), run: (query, window) => runQuery(query, source, window), window: {} });
}

async function readAll(source: EventSource): Promise<LogEvent[]> {
  const events: LogEvent[] = [];
  for await (const event of source.read({}, { recordsScanned: 0, bytesScanned: 0 })) events.push(event);
  return events;
}

/** A request with a line before `cut` (and, as requests go, more lines after it). */
function requestIdBefore(events: readonly LogEvent[], cut: number): string {
  for (let i = cut - 1; i >= 0; i--) {
    const id = /"request_id": ?"([^"]+)"/.exec(events[i].message)?.[1];
    if (id !== undefined) return id;
  }
  throw new Error("no request id in the first events");
}
