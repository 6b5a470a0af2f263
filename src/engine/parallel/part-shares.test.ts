import { describe, expect, it } from "vitest";
import { partShares, STATS_LEVELS } from "./threads.js";

const MB = 1024 * 1024;

describe("partShares", () => {
  it("cuts rounds of one part per thread, each round half the size of the one before", () => {
    expect(partShares(1000 * MB, 2, 32 * MB)).toEqual([4, 4, 2, 2, 1, 1]);
    expect(partShares(1000 * MB, 3, 0)).toEqual([4, 4, 4, 2, 2, 2, 1, 1, 1]);
  });

  it("leaves out the rounds whose parts would be under the least part size", () => {
    // 200 MB on 2 threads: 4+4+2+2+1+1 makes 14 MB parts at the end, 4+4+2+2 makes 33 MB.
    expect(partShares(200 * MB, 2, 32 * MB)).toEqual([4, 4, 2, 2]);
    expect(partShares(100 * MB, 2, 32 * MB)).toEqual([4, 4]);
    expect(partShares(50 * MB, 2, 32 * MB)).toEqual([1]);
  });

  it("gives a stats one part per thread, none under the least part size", () => {
    expect(partShares(1000 * MB, 2, 32 * MB, STATS_LEVELS)).toEqual([1, 1]);
    expect(partShares(1000 * MB, 3, 0, STATS_LEVELS)).toEqual([1, 1, 1]);
    expect(partShares(50 * MB, 2, 32 * MB, STATS_LEVELS)).toEqual([1]);
  });
});
