import type { PartFolds, ResultRow } from "../engine/api.js";
import { EventList, EventStream, NUMBER_FIELDS, type AppEvent, type NormalisedEvents, type NormaliseNotes } from "./events.js";
import { PART_FOLDS, type PartFoldArgs, type SavedPart } from "./part-folds.js";
import type { QueryParams, SavedQueryRunner } from "./saved-query-runner.js";

/** A saved query an analysis reads, with its params, and where its rows go. */
export interface FoldedQuery {
  name: string;
  params: QueryParams;
  push(rows: readonly ResultRow[]): void;
  /** Where the rows may be folded in parts on other threads (RunOptions.partFolds): how, and how a part's saved fold is taken in. */
  parts?: Omit<PartFolds, "onPart"> & { merge(saved: unknown): void };
  /** Columns `push` reads as numbers, which may come as numbers (RunOptions.numberColumns). */
  numberColumns?: readonly string[];
}

/**
 * An analysis as a fold over the rows of the saved queries it reads, and an answer worked out
 * from what the fold kept. A one-off run streams each query's rows in once (`runFold`);
 * `--follow` pushes each batch of rows as events arrive and asks for the answer every interval
 * (src/cli/follow/live-runner.ts). `answer` leaves the state as it was, so more rows may follow
 * and the answer may be asked for again: the same code gives both, so they agree.
 */
export interface AnalysisFold<M> {
  readonly queries: readonly FoldedQuery[];
  answer(): M;
}

/** The one-off run: each query's rows streamed into the fold where the runner can stream them (local files), then the answer. */
export async function runFold<M>(run: SavedQueryRunner, fold: AnalysisFold<M>): Promise<M> {
  for (const query of fold.queries) {
    const parts = query.parts && { module: query.parts.module, args: query.parts.args, onPart: (saved: unknown) => query.parts!.merge(saved) };
    const options = { ...(parts ? { parts } : {}), ...(query.numberColumns ? { numberColumns: query.numberColumns } : {}) };
    if (run.each) await run.each(query.name, query.params, (rows) => query.push(rows), options);
    else query.push(await run(query.name, query.params));
  }
  return fold.answer();
}

/** What an analysis keeps of the events of its query: each one folded in with its order (EventSink), and copied whole. */
export interface EventState<S> {
  push(event: AppEvent, order: number): void;
  /** An independent copy, to which the answer's last events are added without touching the original. */
  clone(): S;
}

/** A state that can be folded in parts (part-folds.ts): a later part's saved state taken in, its orders moved up by `offset`. */
export interface MergedState {
  merge(saved: never, offset: number): void;
}

/**
 * The fold of an analysis that reads one saved query as events: rows become events as they come
 * (EventStream) and go into `state`. The answer settles the events the stream holds back (the
 * practical's nested copies met before their twin, handed over last as `finish` would) into a
 * copy of the state when there are any, so the state itself only ever sees the stream's events.
 */
export function eventFold<S extends EventState<S>, M>(
  query: { name: string; params?: QueryParams; keepFields?: boolean; parts?: PartFoldArgs },
  state: S,
  answer: (state: S, notes: NormaliseNotes) => M,
): AnalysisFold<M> {
  const stream = new EventStream((event, order) => state.push(event, order), { keepFields: query.keepFields ?? false });
  // A part's rows were streamed into a stream and a state of their own, which part-folds.ts makes as these are made.
  const merge = (saved: unknown): void => {
    const part = saved as SavedPart;
    (state as unknown as MergedState).merge(part.fold as never, stream.merge(part.stream));
  };
  const parts = query.parts && { module: PART_FOLDS, args: query.parts, merge };
  return {
    // Where the rows are folded in parts, the figures the events read as numbers come as numbers.
    queries: [{ name: query.name, params: query.params ?? {}, push: (rows) => stream.push(rows), ...(parts ? { parts, numberColumns: NUMBER_FIELDS } : {}) }],
    answer() {
      const late: Array<[AppEvent, number]> = [];
      const notes = stream.peek((event, order) => void late.push([event, order]));
      if (late.length === 0) return answer(state, notes);
      const settled = state.clone();
      for (const [event, order] of late) settled.push(event, order);
      return answer(settled, notes);
    },
  };
}

/** Every event of a saved query, in time order (trace: one request's lines), as normaliseRows gives them for all its rows. */
export function normalisedFold(name: string, params: QueryParams = {}): AnalysisFold<NormalisedEvents> {
  return eventFold({ name, params, keepFields: true }, new EventList(), (list, notes) => ({ events: list.sorted(), notes }));
}

/** A saved query's events, streamed where the runner can stream them. */
export function runNormalised(run: SavedQueryRunner, name: string, params?: QueryParams): Promise<NormalisedEvents> {
  return runFold(run, normalisedFold(name, params));
}
