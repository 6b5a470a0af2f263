import type { AnalysisFold } from "../../analyses/analysis-fold.js";
import type { QueryParams } from "../../analyses/saved-query-runner.js";
import { discoverOnce, type LiveQuery } from "../../engine/live.js";
import type { LogEvent } from "../../engine/source.js";

/**
 * An analysis's saved queries kept running over the events as they arrive, each batch of their
 * rows pushed into the analysis's fold (src/analyses/analysis-fold.ts) and let go, as a one-off
 * run streams them: no row is kept here. The answer is worked out from the fold's state when
 * asked; what that state holds (a few packed numbers per request) is what grows with the run.
 *
 * A saved query that sorts (trace's, oldest first, one request's lines) is not streamed: the
 * engine keeps its rows, as it would in a one-off run, and each answer folds them afresh.
 */
export class LiveRunner<M> {
  private constructor(
    private readonly fold: () => AnalysisFold<M>,
    private readonly streamed: AnalysisFold<M> | undefined,
    private readonly lives: readonly LiveQuery[],
  ) {}

  /** Opens every saved query a fold of `fold` reads (all of them streaming rows, or none). */
  static async open<M>(
    fold: () => AnalysisFold<M>,
    loadQuery: (name: string, params: QueryParams) => string | Promise<string>,
    open: (text: string) => LiveQuery,
  ): Promise<LiveRunner<M>> {
    const first = fold();
    const lives: LiveQuery[] = [];
    for (const query of first.queries) lives.push(open(await loadQuery(query.name, query.params)));
    const streaming = lives.filter((live) => live.streaming).length;
    if (streaming !== 0 && streaming !== lives.length) throw new Error("an analysis's saved queries must all stream rows, or none");
    return new LiveRunner(fold, streaming > 0 ? first : undefined, lives);
  }

  push(events: readonly LogEvent[]): void {
    if (this.lives.length > 1) discoverOnce(events);
    this.lives.forEach((live, i) => {
      live.push(events);
      if (!this.streamed) return;
      const rows = live.take();
      if (rows.length > 0) this.streamed.queries[i].push(rows);
    });
  }

  /** The analysis's answer over every event so far (the fold's state is left as it is). */
  answer(): M {
    if (this.streamed) return this.streamed.answer();
    const fresh = this.fold();
    this.lives.forEach((live, i) => fresh.queries[i].push(live.snapshot()));
    return fresh.answer();
  }

  /** Events read, for the status line (every query reads them all; the first one's count). */
  statistics() {
    return this.lives[0]?.statistics() ?? { recordsScanned: 0, recordsMatched: 0, bytesScanned: 0 };
  }
}
