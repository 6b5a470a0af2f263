/**
 * The analyses' folds over one part of their query's rows, for the engine to run on whichever
 * thread reads that part (RunOptions.partFolds): the worker threads load this module by its URL.
 * Each part's rows go through an EventStream and a state of their own, as analysis-fold.ts's
 * `eventFold` makes them; the saved part is merged into the command's fold part after part in
 * scan order (EventStream.merge and each state's `merge`), which gives exactly the state of
 * folding every row on one thread (streaming-equivalence.test.ts cuts the rows anywhere).
 */
import type { PartFold } from "../engine/api.js";
import { EventStream, type AppEvent, type SavedStream } from "./events.js";
import type { SavedRecords } from "./records.js";
import { RequestTimingFold } from "./request-timing.js";
import { TodoRequestFold } from "./races/requests.js";
import { StatementFold } from "./slow-queries/fold.js";

/** Loaded by URL, so that the bundle builds it as an entry of its own (scripts/bundle.mjs). */
export const PART_FOLDS = new URL("./part-folds.js", import.meta.url).href;

/** Which analysis's state a part folds into (structured-clonable: it goes to the workers). */
export type PartFoldArgs =
  | { kind: "latency" }
  | { kind: "races" }
  | { kind: "slow-queries"; options: ConstructorParameters<typeof StatementFold>[0] };

/** What a part gives: its stream's and its state's `save`. */
export interface SavedPart {
  stream: SavedStream;
  fold: unknown;
}

interface PartState {
  push(event: AppEvent, order: number): void;
  save(): object;
}

function stateOf(args: PartFoldArgs): PartState {
  switch (args.kind) {
    case "latency":
      return new RequestTimingFold();
    case "races":
      return new TodoRequestFold();
    case "slow-queries":
      return new StatementFold(args.options);
  }
}

export function partFold(args: PartFoldArgs): PartFold {
  const state = stateOf(args);
  const stream = new EventStream((event, order) => state.push(event, order));
  return {
    push: (rows) => stream.push(rows),
    save() {
      const fold = state.save();
      // The packed records' arrays are handed over, not copied.
      const transfer = Object.values(fold)
        .filter((value): value is SavedRecords => (value as Partial<SavedRecords> | null)?.data instanceof Float64Array)
        .map((records) => records.data.buffer as ArrayBuffer);
      return { state: { stream: stream.save(), fold } satisfies SavedPart, transfer };
    },
  };
}
