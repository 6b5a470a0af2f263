import { streaming, type StageFactory } from "./stage.js";

/** Counts the rows that reach it, for `recordsMatched`. */
export function countMatchesStage(counter: { matched: number }): StageFactory {
  return streaming((next) => ({
    push: (row) => {
      counter.matched++;
      next.push(row);
    },
    end: () => next.end(),
  }));
}
