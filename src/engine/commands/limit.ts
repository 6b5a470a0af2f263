import { streaming, type StageFactory } from "./stage.js";

/**
 * `limit N` over rows already in their final order, and `limit any N` (first N in scan order).
 * When nothing before it holds rows back, reaching N stops the scan.
 */
export function limitStage(count: number, stopsScan: boolean): StageFactory {
  return streaming((next, rt) => {
    let seen = 0;
    return {
      push: (row) => {
        if (seen >= count) return;
        seen++;
        next.push(row);
        if (seen >= count && stopsScan) rt.stop = true;
      },
      end: () => next.end(),
    };
  });
}
