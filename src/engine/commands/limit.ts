import { streaming, type StageFactory } from "./stage.js";

/**
 * `limit N` over rows already in their final order, and `limit any N` (first N in scan order).
 * When nothing before it holds rows back, reaching N stops the scan. `onCut` is told of each row
 * left out (the row cap's stage).
 */
export function limitStage(count: number, stopsScan: boolean, onCut?: () => void): StageFactory {
  return streaming((next, rt) => {
    let seen = 0;
    let cut = false;
    return {
      push: (row) => {
        if (seen >= count) {
          cut = true;
          onCut?.();
          return;
        }
        seen++;
        next.push(row);
        if (seen >= count && stopsScan) rt.stop = true;
      },
      end: () => next.end(),
      full: () => cut,
    };
  });
}
