import type { ResultRow } from "../../engine/api.js";
import { discoverOnce, type LiveQuery } from "../../engine/live.js";
import type { LogEvent } from "../../engine/source.js";
import type { QueryParams, SavedQueryRunner } from "../../analyses/saved-query-runner.js";

interface Followed {
  live: LiveQuery;
  /** A streaming query's rows so far (the analyses read every matching row). */
  rows: ResultRow[];
}

/**
 * The report's saved queries run side by side over one read of local files. The analyses ask for
 * their queries by name; the first time they run (over no events yet) every query they ask for
 * is opened, and from then on each is fed every event, so that the analyses then read the rows
 * of all events without reading the source again. A streaming query's rows are kept until the
 * report is built (it reads them more than once: the span of the run sets the charts' bins
 * before latency folds them); an aggregating one keeps its groups. `--follow` keeps no row:
 * src/cli/follow/live-runner.ts.
 */
export class ReadOnceRunner {
  private readonly queries = new Map<string, Followed>();
  private sealed = false;

  constructor(
    private readonly loadQuery: (name: string, params: QueryParams) => string | Promise<string>,
    private readonly open: (text: string) => LiveQuery,
  ) {}

  readonly run: SavedQueryRunner = async (name: string, params: QueryParams = {}) => {
    const key = `${name}\u0000${JSON.stringify(params)}`;
    let followed = this.queries.get(key);
    if (!followed) {
      // A query first asked for after events went by could not see them: a bug in the caller.
      if (this.sealed) throw new Error(`saved query ${name} ${JSON.stringify(params)} was first asked for while following`);
      followed = { live: this.open(await this.loadQuery(name, params)), rows: [] };
      this.queries.set(key, followed);
    }
    return followed.live.streaming ? followed.rows : followed.live.snapshot();
  };

  /** From now on no new query may be asked for: every one the analysis needs is open. */
  seal(): void {
    this.sealed = true;
  }

  push(events: readonly LogEvent[]): void {
    if (this.queries.size > 1) discoverOnce(events);
    for (const followed of this.queries.values()) {
      followed.live.push(events);
      if (followed.live.streaming) for (const row of followed.live.take()) followed.rows.push(row);
    }
  }

  /** The open queries (to tell a source which fields they read). */
  liveQueries(): LiveQuery[] {
    return [...this.queries.values()].map((followed) => followed.live);
  }

  /** Events read, for the status line (every query reads them all; the first one's count). */
  statistics() {
    const first = this.queries.values().next().value as Followed | undefined;
    return first?.live.statistics() ?? { recordsScanned: 0, recordsMatched: 0, bytesScanned: 0 };
  }
}
